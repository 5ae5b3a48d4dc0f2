"""Travel expense claims under retention and subject access (issue 22)."""

import datetime as dt

import pytest

from sendresolve.core.clock import LONDON
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine
from sendresolve.retention.services import REMOVED, retention_apply
from sendresolve.retention.subject_access import subject_access_export
from sendresolve.retention.tests.factories import mediated_case

pytestmark = pytest.mark.django_db


def _claim(case, reason=""):
    claim = ExpenseClaim.objects.create(
        case=case,
        submitted_on=dt.date(2023, 5, 1),
        total_pence=640,
        state="refused" if reason else "submitted",
        decided_on=dt.date(2023, 5, 2) if reason else None,
        reason=reason,
    )
    ExpenseLine.objects.create(
        claim=claim,
        travelled_on=dt.date(2023, 4, 20),
        mode="public_transport",
        description="From 1 Example Street to the centre",
        amount_pence=640,
    )
    return claim


def test_retention_removes_where_the_family_travelled_and_keeps_the_amounts(world, time_machine):
    old = mediated_case(
        world, time_machine, opened_on=dt.date(2023, 4, 3), closed_on=dt.date(2023, 6, 30)
    )
    claim = _claim(old, reason="Not to the mediation.")
    time_machine.move_to(dt.datetime(2029, 7, 2, 9, tzinfo=LONDON), tick=False)
    retention_apply(dt.date(2029, 7, 2))
    claim.refresh_from_db()
    assert claim.total_pence == 640 and claim.state == "refused"
    assert claim.reason == REMOVED
    assert claim.lines.get().description == REMOVED


def test_subject_access_lists_the_claims(world, time_machine):
    case = mediated_case(world, time_machine, opened_on=dt.date(2023, 4, 3))
    _claim(case)
    (exported,) = subject_access_export(actor=None, reference=case.reference)["cases"]
    (claim,) = exported["travel_expense_claims"]
    assert claim["total_pence"] == 640
    assert claim["lines"][0]["description"] == "From 1 Example Street to the centre"
