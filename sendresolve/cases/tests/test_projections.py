"""A case's projections (``cases.projections``: its next deadline and its report facts) are fed
after its step commits: a step that rolls back leaves them as they were, one that commits
refreshes them, and a refresh that fails leaves the step standing.

These tests commit for real (``transaction=True``): no test transaction wraps them.
"""

import datetime as dt
import io
import logging

import pytest
from django.core.management import call_command
from django.db import transaction

from sendresolve.cases import projections, services
from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.facts import facts_refresh
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, ReportFact
from sendresolve.cases.recorder import case_step_record
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError

pytestmark = pytest.mark.django_db(transaction=True)
DECLINED_ON = dt.date(2026, 6, 1)  # a Monday: the certificate is due Thu 4 June
CERTIFICATE_DUE = (dt.date(2026, 6, 4), "Issue the certificate (mediation declined)")


class RolledBack(Exception):
    pass


@pytest.fixture
def advised(world, time_machine):
    """A case whose family has had mediation advice (each step committed)."""
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    case = open_case(
        world, opened_on=dt.date(2026, 5, 20), decision_letter_date=dt.date(2026, 5, 15)
    )
    services.advice_give(actor=world.users["provider_staff"], case=case, on=DECLINED_ON)
    return case


def kept(case: Case) -> tuple[dt.date | None, str]:
    return Case.objects.values_list("next_deadline_on", "next_deadline_title").get(pk=case.pk)


def facts(case: Case) -> list[tuple]:
    return sorted(
        ReportFact.objects.filter(case=case).values_list("measure", "on", "category", "state")
    )


def certificate_deadlines(case: Case) -> int:
    return CaseDeadline.objects.filter(case=case, key="certificate_after_declining").count()


def test_a_committed_step_refreshes_the_projections_after_the_commit(world, advised):
    before = kept(advised)
    assert before != CERTIFICATE_DUE
    with transaction.atomic():
        services.mediation_decline(
            actor=world.users["provider_staff"], case=advised, on=DECLINED_ON
        )
        # The deadlines are written with the step; the projections wait for the commit.
        assert certificate_deadlines(advised) == 1
        assert kept(advised) == before
    assert kept(advised) == CERTIFICATE_DUE
    assert facts(advised) == [
        ("advice_request", dt.date(2026, 5, 20), "", ""),
        ("billable_event", dt.date(2026, 6, 1), "mediation", "advice_given"),
    ]
    # What the commit left is what a rebuild from the stored rows would make.
    assert facts_refresh([advised.pk]) == 0


def test_a_step_that_rolls_back_leaves_the_projections_as_they_were(world, advised):
    before = (kept(advised), facts(advised))
    with pytest.raises(RolledBack), transaction.atomic():
        services.mediation_decline(
            actor=world.users["provider_staff"], case=advised, on=DECLINED_ON
        )
        assert certificate_deadlines(advised) == 1
        raise RolledBack
    assert certificate_deadlines(advised) == 0
    assert not CaseEvent.objects.filter(case=advised, type="mediation_declined").exists()
    assert (kept(advised), facts(advised)) == before
    # Nothing was left queued: the next commit does not bring the rolled-back step back.
    with transaction.atomic():
        Case.objects.filter(pk=advised.pk).update(child_name="Sam Other")
    assert kept(advised) == before[0]


def test_a_step_refused_inside_its_transaction_refreshes_nothing(world, advised, monkeypatch):
    """A service that refuses after its own writes rolls back with its projections' refresh."""
    refreshed = []
    monkeypatch.setattr(projections, "case_projections_refresh", refreshed.append)

    def refuse(step):
        Case.objects.filter(pk=step.case.pk).update(child_name="Written, then refused")
        raise ValidationError("Refused after writing.", field="on")

    with pytest.raises(ValidationError, match="Refused after writing"):
        case_step_record(
            actor=world.users["provider_staff"],
            case=advised,
            action="mediation_decline",
            event_type="mediation_declined",
            on=DECLINED_ON,
            apply=refuse,
        )
    assert refreshed == []
    assert Case.objects.get(pk=advised.pk).child_name == "Sam Example"
    services.mediation_decline(actor=world.users["provider_staff"], case=advised, on=DECLINED_ON)
    assert refreshed == [advised.pk]


def test_a_failed_refresh_leaves_the_step_standing_and_is_mended_later(
    world, advised, monkeypatch, caplog
):
    def broken(case_ids, **kwargs):
        raise RuntimeError("the facts table is away")

    monkeypatch.setattr(projections, "facts_refresh", broken)
    with caplog.at_level(logging.ERROR, logger="django.db.backends"):
        services.mediation_decline(
            actor=world.users["provider_staff"], case=advised, on=DECLINED_ON
        )
    assert CaseEvent.objects.filter(case=advised, type="mediation_declined").exists()
    assert certificate_deadlines(advised) == 1
    assert "the facts table is away" in caplog.text
    assert kept(advised) != CERTIFICATE_DUE  # the refresh was lost whole
    monkeypatch.undo()
    call_command("rebuild_report_facts", stdout=io.StringIO())
    assert kept(advised) == CERTIFICATE_DUE
    assert facts_refresh([advised.pk]) == 0


def test_a_writer_outside_the_recorder_refreshes_at_once_without_a_transaction(world, advised):
    services.mediation_decline(actor=world.users["provider_staff"], case=advised, on=DECLINED_ON)
    expected = facts(advised)
    Case.objects.filter(pk=advised.pk).update(next_deadline_on=None, next_deadline_title="")
    ReportFact.objects.filter(case=advised).delete()
    deadlines_recompute(advised)  # as a command or a script calls it: no transaction around
    assert kept(advised) == CERTIFICATE_DUE
    assert facts(advised) == expected != []
