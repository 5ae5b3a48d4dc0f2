"""The volume cap's count: the cases a commission has billable events for in its contract year,
counted from the cases' ``billable_event`` report facts, must be exactly the cases a billing run
would bill over the same days (``billable_events``), and follow case work as it is recorded."""

import datetime as dt
import importlib
from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sendresolve.billing.billable import billable_events
from sendresolve.billing.tests.helpers import (
    arranged_meeting,
    commission_of,
    committed,
    disagreement_meeting,
    mediation,
    terms,
)
from sendresolve.billing.volume import cases_billed, volume_status
from sendresolve.cases import services as case_services
from sendresolve.cases.models import CaseEvent, ReportFact
from sendresolve.demo.national import national_generate

pytestmark = pytest.mark.django_db


def billed_cases(world, date_from: dt.date, date_to: dt.date) -> int:
    billed, _ = billable_events(
        provider_id=world.provider.pk,
        local_authority_id=world.local_authority.pk,
        date_from=date_from,
        date_to=date_to,
    )
    return len({b.case_id for b in billed})


def every_fact() -> Counter:
    """Every report fact with its case, LA and provider, in no order (a case can have two
    facts that differ only in a column no ordering here would name)."""
    return Counter(
        ReportFact.objects.values_list(
            "case",
            "local_authority",
            "provider",
            "measure",
            "on",
            "category",
            "state",
            "flag",
            "days",
        )
    )


def cancelled(world, case, meeting_on, *, on, by):
    with committed():
        session = arranged_meeting(world, case, meeting_on, on=on)
        case_services.session_cancel(
            actor=world.users["provider_staff"], session=session, on=on, cancelled_by=by
        )


def test_the_count_is_the_cases_a_billing_run_would_bill(world):
    # Advice is not in these terms, and disagreement resolution only from 1 December 2024.
    terms(
        world,
        valid_from=dt.date(2024, 10, 1),
        covers_advice=False,
        covers_disagreement_resolution=False,
        cancellation_notice_working_days=5,
        volume_cap=10,
    )
    terms(world, valid_from=dt.date(2024, 12, 1), covers_advice=False, volume_cap=10)
    mediation(world, opened_on=dt.date(2024, 9, 2), meetings=[dt.date(2024, 9, 27)])  # no terms
    mediation(world, opened_on=dt.date(2024, 10, 1))  # advice only: not covered
    held = mediation(
        world,
        opened_on=dt.date(2024, 10, 7),
        meetings=[dt.date(2024, 10, 30), dt.date(2024, 11, 6)],
    )
    disagreement_meeting(world, opened_on=dt.date(2024, 10, 8), held_on=dt.date(2024, 11, 12))
    disagreement_meeting(world, opened_on=dt.date(2024, 11, 20), held_on=dt.date(2024, 12, 3))
    late, early, ours = (mediation(world, opened_on=dt.date(2024, 10, 14)) for _ in range(3))
    for case in (late, early, ours):
        with committed():
            case_services.mediation_request(
                actor=world.users["provider_staff"], case=case, on=dt.date(2024, 10, 15)
            )
            case_services.la_inform(
                actor=world.users["provider_staff"], case=case, on=dt.date(2024, 10, 15)
            )
    # Meeting Wed 20 Nov called off Mon 18 Nov by the family: 1 working day's notice, charged.
    cancelled(world, late, dt.date(2024, 11, 20), on=dt.date(2024, 11, 18), by="family")
    # Called off by the LA with 18 working days' notice, and by the provider itself: not.
    cancelled(world, early, dt.date(2024, 11, 29), on=dt.date(2024, 11, 4), by="local_authority")
    cancelled(world, ours, dt.date(2024, 11, 22), on=dt.date(2024, 11, 21), by="provider")
    commission = commission_of(world)
    expected = {
        (dt.date(2024, 9, 1), dt.date(2024, 9, 30)): 0,  # a meeting held, but no terms yet
        (dt.date(2024, 10, 1), dt.date(2024, 10, 31)): 1,  # the first meeting of "held"
        (dt.date(2024, 11, 1), dt.date(2024, 11, 30)): 2,  # its second meeting, the late one
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)): 1,  # DR covered from 1 December
        (dt.date(2024, 10, 1), dt.date(2025, 9, 30)): 3,
        (dt.date(2024, 1, 1), dt.date(2025, 12, 31)): 3,
    }
    for (date_from, date_to), count in expected.items():
        assert cases_billed(commission, date_from, date_to) == count, (date_from, date_to)
        assert billed_cases(world, date_from, date_to) == count, (date_from, date_to)
    assert volume_status(commission, on=dt.date(2024, 12, 31)).cases == 3
    assert held.pk in set(
        ReportFact.objects.filter(measure="billable_event", flag=True).values_list(
            "case", flat=True
        )
    )


def test_the_count_follows_a_step_undone(world):
    terms(world, valid_from=dt.date(2024, 4, 1), covers_advice=False, volume_cap=4)
    case = mediation(world, opened_on=dt.date(2024, 11, 4), meetings=[dt.date(2024, 11, 20)])
    commission = commission_of(world)
    status = volume_status(commission, on=dt.date(2024, 11, 30))
    assert (status.cases, status.percent) == (1, 25)
    with committed():
        case_services.step_undo(
            actor=world.users["provider_staff"],
            event=CaseEvent.objects.get(case=case, type="session_held"),
            reason="Recorded on the wrong case",
        )
    assert volume_status(commission, on=dt.date(2024, 11, 30)).cases == 0
    assert billed_cases(world, dt.date(2024, 4, 1), dt.date(2024, 11, 30)) == 0


def test_the_migration_adds_the_billable_event_facts_and_leaves_the_others(world):
    national_generate(cases=40, today=dt.date(2024, 11, 12), seed=5)
    mediation(world, opened_on=dt.date(2024, 10, 7), meetings=[dt.date(2024, 10, 30)] * 2)
    case = mediation(world, opened_on=dt.date(2024, 10, 14))
    with committed():
        case_services.mediation_request(
            actor=world.users["provider_staff"], case=case, on=dt.date(2024, 10, 15)
        )
        case_services.la_inform(
            actor=world.users["provider_staff"], case=case, on=dt.date(2024, 10, 15)
        )
    cancelled(world, case, dt.date(2024, 11, 20), on=dt.date(2024, 11, 18), by="family")
    facts = every_fact()
    billable = ReportFact.objects.filter(measure="billable_event")
    assert {(state, flag) for state, flag in billable.values_list("state", "flag")} == {
        ("advice_given", False),
        ("session_held", True),  # a case's first meeting
        ("session_held", False),  # its second
        ("session_cancelled", True),  # called off by the family
    }
    assert billable.get(state="session_cancelled").days == 2  # Mon 18 to Wed 20 November
    billable.filter(case_id__in=list(billable.values_list("case", flat=True)[:30])).delete()
    state = MigrationExecutor(connection).loader.project_state(
        ("cases", "0026_billable_event_facts")
    )
    migration = importlib.import_module("sendresolve.cases.migrations.0026_billable_event_facts")
    for _ in range(2):  # again: adds nothing
        migration.billable_facts_fill(state.apps, None, batch_size=7)
        assert every_fact() == facts
