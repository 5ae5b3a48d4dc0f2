"""A case in follow-up after mediation, which the LA's and the ICB's officers see (privacy by
stage), with the clock pinned."""

import datetime as dt

import pytest

from sendresolve.api.tests.factories import case_in_follow_up
from sendresolve.core.clock import LONDON

NOW = dt.datetime(2025, 1, 20, 12, tzinfo=LONDON)


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    return case_in_follow_up(world)
