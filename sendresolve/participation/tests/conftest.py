"""A case in follow-up after mediation, which the LA's and the ICB's officers see (privacy by
stage), with the clock pinned. The world's colleague is its mediator: a mediator acts only on
the cases assigned to them (issue 23)."""

import datetime as dt

import pytest

from sendresolve.api.tests.factories import case_in_follow_up
from sendresolve.cases import services
from sendresolve.core.clock import LONDON

NOW = dt.datetime(2025, 1, 20, 12, tzinfo=LONDON)


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    case = case_in_follow_up(world)
    services.case_assign(
        actor=world.users["provider_staff"], case=case, assignee=world.users["colleague"]
    )
    case.refresh_from_db()
    return case
