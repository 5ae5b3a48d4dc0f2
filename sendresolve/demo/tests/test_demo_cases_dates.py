"""The demo seeds the same cases whatever day it is run, bank holidays and leap days included.

Kept apart from ``test_demo_cases.py``, whose module-wide seed would already be there.
"""

import datetime as dt

import pytest

from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.states import Status
from sendresolve.core import clock
from sendresolve.core.clock import LONDON
from sendresolve.demo.case_data import CASES
from sendresolve.demo.resolution_cases import CHILD_NAMES
from sendresolve.demo.services import demo_seed

pytestmark = pytest.mark.django_db


def overdue(**filters):
    return CaseDeadline.objects.filter(
        state=CaseDeadline.State.OPEN, due_on__lt=clock.today(), **filters
    )


@pytest.mark.parametrize(
    "day",
    [
        dt.datetime(2026, 12, 25, 9, tzinfo=LONDON),  # Christmas Day, a Friday
        dt.datetime(2026, 4, 6, 18, tzinfo=LONDON),  # Easter Monday
        dt.datetime(2024, 2, 29, 12, tzinfo=LONDON),  # a leap day
    ],
    ids=["christmas", "easter-monday", "leap-day"],
)
def test_the_demo_seeds_on_awkward_days(day, time_machine):
    time_machine.move_to(day, tick=False)
    demo_seed()
    assert Case.objects.count() == len(CASES) + len(CHILD_NAMES)
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert overdue(responsible="provider").exists()
    assert overdue(responsible="local_authority").exists()
