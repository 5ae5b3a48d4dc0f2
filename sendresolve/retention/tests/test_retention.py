"""The retention policy on concrete dates: what is due, the dry run, and applying it."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.cases import services
from sendresolve.cases.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseDeadline,
    CaseEvent,
    Certificate,
    ConfidentialNote,
    Outcome,
    Party,
)
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.feedback.services import feedback_record, format_request_record
from sendresolve.notifications.models import OutboxMessage
from sendresolve.reports.exports import report_csv
from sendresolve.reports.figures import ReportFilters, mediation_report
from sendresolve.retention.models import Anonymisation
from sendresolve.retention.policy import retention_policy
from sendresolve.retention.services import ANONYMISED, retention_apply, retention_plan
from sendresolve.retention.tests.factories import _at, mediated_case

pytestmark = pytest.mark.django_db

CLOSED_LONG_AGO = dt.date(2023, 6, 30)  # due for anonymisation on 30 June 2029
CLOSED_LATER = dt.date(2024, 1, 15)  # due on 15 January 2030
TODAY = dt.date(2029, 7, 2)


@pytest.fixture
def cases(world, time_machine, django_capture_on_commit_callbacks):
    """Four cases: closed long enough ago, closed too recently, still open, withdrawn; their
    report facts fed as their steps' commits would (``cases.projections``)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _four_cases(world, time_machine)


def _four_cases(world, time_machine):
    due = mediated_case(
        world, time_machine, opened_on=dt.date(2023, 4, 3), closed_on=CLOSED_LONG_AGO
    )
    recent = mediated_case(
        world,
        time_machine,
        opened_on=dt.date(2023, 11, 1),
        closed_on=CLOSED_LATER,
        child_name="Jo Recent",
        requester_name="Pat Recent",
        email="pat@example.test",
    )
    still_open = mediated_case(
        world,
        time_machine,
        opened_on=dt.date(2023, 4, 10),
        child_name="Lee Open",
        requester_name="Kim Open",
        email="kim@example.test",
    )
    _at(time_machine, dt.date(2023, 5, 2))
    withdrawn = open_case(
        world,
        opened_on=dt.date(2023, 5, 2),
        decision_letter_date=dt.date(2023, 4, 28),
        child_name="Ali Withdrawn",
        requester_name="Sol Withdrawn",
        email="sol@example.test",
    )
    _at(time_machine, dt.date(2023, 5, 20))
    services.case_withdraw(
        actor=world.users["provider_staff"],
        case=withdrawn,
        on=dt.date(2023, 5, 20),
        reason="Sol Withdrawn moved to Spain with Ali",
    )
    withdrawn.refresh_from_db()
    _at(time_machine, TODAY, 9)
    return {"due": due, "recent": recent, "open": still_open, "withdrawn": withdrawn}


def _snapshot():
    """Every row of the tables retention touches, as plain values."""
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (
            Case,
            Party,
            ConfidentialNote,
            OutboxMessage,
            Feedback,
            FormatRequest,
            AuditEvent,
            Agreement,
            AgreedAction,
            Certificate,
            CaseEvent,
            Anonymisation,
        )
    }


def _report(world):
    report = mediation_report(
        world.users["administrator"],
        ReportFilters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2029, 6, 30)),
        today=TODAY,
    )
    return report_csv(report)


def test_the_plan_counts_what_is_due_on_the_day(cases):
    plan = {line.kind: line for line in retention_plan(TODAY)}
    assert plan["cases"].count == 2  # closed 30 June 2023 and withdrawn 20 May 2023
    assert plan["cases"].cutoff == dt.date(2023, 7, 2)
    assert plan["confidential_notes"].count == 2  # on the two closed cases, not the open one
    assert plan["audit_events"].count == 0  # nothing is 7 years old yet
    assert retention_plan(dt.date(2029, 6, 29))[0].count == 1  # only the withdrawn one
    assert retention_plan(dt.date(2029, 6, 30))[0].count == 2  # the anniversary itself


def test_the_dry_run_changes_nothing(cases):
    before = _snapshot()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert _snapshot() == before
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("cases: 2 closed cases to anonymise (closed on or before 2023-07-02")
    assert [line.split(":")[0] for line in lines[:6]] == [
        "cases",
        "confidential_notes",
        "outbox_messages",
        "feedback",
        "format_requests",
        "audit_events",
    ]
    assert "Dry run" in lines[-1]


def test_apply_anonymises_exactly_the_due_cases(cases):
    due, recent, still_open, withdrawn = (
        cases["due"],
        cases["recent"],
        cases["open"],
        cases["withdrawn"],
    )
    certificate = due.certificates.get()
    done = {line.kind: line.count for line in retention_apply(TODAY)}
    assert done["cases"] == 2

    for case in (due, withdrawn):
        case.refresh_from_db()
        assert case.child_name == ANONYMISED and case.requester_name == ANONYMISED
        assert (case.email, case.phone, case.address) == ("", "", "")
        assert case.child_date_of_birth is None
        assert case.anonymisation.anonymised_on == TODAY
        assert not case.confidential_notes.exists()
        assert {p.name for p in case.parties.all()} == {"Parent or carer"}
        assert not case.parties.exclude(email="").exists()
        assert not OutboxMessage.objects.filter(reference=case.reference).exclude(to="").exists()
        assert not OutboxMessage.objects.filter(reference=case.reference).exclude(body="").exists()
    # The statutory facts stay.
    due.refresh_from_db()
    assert due.status == "closed" and due.closed_on == CLOSED_LONG_AGO
    assert due.opened_on == dt.date(2023, 4, 3)
    assert "Sam Example" not in due.agreement.text
    certificate.refresh_from_db()
    assert bytes(certificate.pdf) == b""
    assert certificate.number and certificate.appeal_deadline
    assert Outcome.objects.filter(case=due, result="partly_agreed").exists()
    assert CaseDeadline.objects.filter(case=due).count() > 0
    assert (
        CaseEvent.objects.get(case=withdrawn, type="case_withdrawn").detail == {}
    )  # the reason named the family

    for case, child in ((recent, "Jo Recent"), (still_open, "Lee Open")):
        case.refresh_from_db()
        assert case.child_name == child
        assert case.email and case.child_date_of_birth
        assert not Anonymisation.objects.filter(case=case).exists()


def test_applying_twice_does_nothing_more(cases):
    retention_apply(TODAY)
    again = {line.kind: line.count for line in retention_apply(TODAY)}
    assert again["cases"] == 0 and again["confidential_notes"] == 0
    assert again["outbox_messages"] == 0


def test_report_figures_are_the_same_after_anonymisation(cases, world):
    before = _report(world)
    assert "Barnet" in before
    retention_apply(TODAY)
    assert Case.objects.filter(child_name=ANONYMISED).count() == 2
    assert _report(world) == before


def test_confidential_notes_go_one_year_after_the_case_closes(cases, time_machine):
    # On 1 July 2024: the case closed 30 June 2023 is a year closed; the one closed in January
    # 2024, the open one and (not yet anonymised) cases keep theirs.
    day = dt.date(2024, 7, 1)
    _at(time_machine, day)
    assert retention_plan(day)[1].count == 1
    done = {line.kind: line.count for line in retention_apply(day)}
    assert done["confidential_notes"] == 1
    assert done["cases"] == 0
    assert not ConfidentialNote.objects.filter(case=cases["due"]).exists()
    assert ConfidentialNote.objects.filter(case=cases["recent"]).count() == 1
    assert ConfidentialNote.objects.filter(case=cases["open"]).count() == 1
    # The day before the anniversary, nothing goes.
    assert retention_plan(dt.date(2024, 6, 29))[1].count == 0


def test_each_kind_writes_one_audit_event_with_its_count(cases):
    retention_apply(TODAY)
    events = {e.action: e for e in AuditEvent.objects.filter(action__startswith="retention.")}
    assert sorted(events) == [
        "retention.audit_events.delete",
        "retention.cases.anonymise",
        "retention.confidential_notes.delete",
        "retention.feedback.delete",
        "retention.format_requests.delete",
        "retention.outbox_messages.redact",
        "retention.provider_complaints.redact",
        "retention.saved_requests.delete",
        "retention.survey_comments.redact",
        "retention.survey_invitations.delete",
        "retention.unconfirmed_imports.delete",
        "retention.webhook_deliveries.delete",
    ]
    cases_event = events["retention.cases.anonymise"]
    assert cases_event.detail["count"] == 2
    assert sorted(cases_event.detail["case_ids"]) == sorted(
        [cases["due"].pk, cases["withdrawn"].pk]
    )
    assert cases_event.detail["cutoff"] == "2023-07-02"
    assert cases_event.detail["rule"] == {"years": 6, "until_age": None}
    assert cases_event.actor_label == "system"
    assert "Sam Example" not in str(cases_event.detail)


def test_until_age_waits_for_the_child_to_be_old_enough(cases):
    policy = retention_policy({"cases": {"until_age": 25}})
    # The children were born on 1 May 2014: 25 on 1 May 2039. The withdrawn case has no date
    # of birth, so only the closure counts for it.
    assert retention_plan(TODAY, policy=policy)[0].count == 1
    assert retention_plan(dt.date(2039, 5, 1), policy=policy)[0].count == 3


def test_old_messages_lose_their_recipient_and_body_but_keep_the_row(world, time_machine):
    case = mediated_case(world, time_machine, opened_on=dt.date(2023, 4, 3))
    message = OutboxMessage.objects.filter(reference=case.reference).earliest("created_at")
    _at(time_machine, dt.date(2024, 4, 3))
    assert retention_plan(dt.date(2024, 4, 2))[2].count == 0
    done = {line.kind: line.count for line in retention_apply(dt.date(2024, 4, 3))}
    assert done["outbox_messages"] == 1  # the case_opened message of 3 April 2023
    message.refresh_from_db()
    assert (message.to, message.subject, message.body, message.personalisation) == ("", "", "", {})
    assert message.template == "case_opened" and message.reference == case.reference
    case.refresh_from_db()
    assert case.email == "alex@example.test"  # the case itself is not due


def test_feedback_after_two_years_and_format_requests_after_one(db, time_machine):
    _at(time_machine, dt.date(2024, 3, 1))
    feedback_record(satisfaction="satisfied", improvement="More evening sessions")
    format_request_record(kind="large_print", name="Robin Reader", email="robin@example.test")
    _at(time_machine, dt.date(2025, 3, 1))
    done = {line.kind: line.count for line in retention_apply(dt.date(2025, 3, 1))}
    assert done["format_requests"] == 1 and done["feedback"] == 0
    assert not FormatRequest.objects.exists() and Feedback.objects.count() == 1
    _at(time_machine, dt.date(2026, 3, 1))
    done = {line.kind: line.count for line in retention_apply(dt.date(2026, 3, 1))}
    assert done["feedback"] == 1 and not Feedback.objects.exists()


def test_audit_events_go_after_seven_years_and_the_purge_is_recorded(db, time_machine):
    _at(time_machine, dt.date(2020, 3, 1))
    old = audit_record(actor=None, action="case.read.page")
    _at(time_machine, dt.date(2021, 3, 1))
    newer = audit_record(actor=None, action="case.read.page")
    _at(time_machine, dt.date(2027, 3, 1))
    assert retention_plan(dt.date(2027, 2, 28))[5].count == 0
    done = {line.kind: line.count for line in retention_apply(dt.date(2027, 3, 1))}
    assert done["audit_events"] == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=newer.pk).exists()
    purge = AuditEvent.objects.get(action="retention.audit_events.delete")
    assert purge.detail["count"] == 1 and purge.detail["before"] == "2020-03-02"


def test_apply_refuses_a_future_date(db, time_machine):
    _at(time_machine, dt.date(2025, 3, 1))
    with pytest.raises(ValueError, match="future"):
        retention_apply(dt.date(2025, 3, 2))


def test_the_command_applies_only_with_apply(cases):
    out = StringIO()
    call_command("apply_retention", "--apply", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("cases: 2 closed cases anonymised (closed on or before 2023-07-02")
    assert len(lines) == 12
    assert lines[6].startswith("saved_requests: 0 saved requests deleted (whose link expired on")
    assert lines[11] == (
        "unconfirmed_imports: 0 unconfirmed import files deleted "
        "(uploaded on or before 2029-06-25: 7 days)"
    )
    assert Case.objects.filter(child_name=ANONYMISED).count() == 2


def test_a_case_closed_on_29_february_is_due_from_1_march(world, time_machine):
    # A leap-day closure is counted from 28 February six years on: due on 1 March 2030 at the
    # latest (2030-02-28 minus 6 years is 2024-02-28, before the closure).
    _at(time_machine, dt.date(2024, 2, 29))
    case = open_case(
        world, opened_on=dt.date(2024, 2, 29), decision_letter_date=dt.date(2024, 2, 26)
    )
    services.case_withdraw(actor=world.users["provider_staff"], case=case, on=dt.date(2024, 2, 29))
    assert retention_plan(dt.date(2030, 2, 28))[0].count == 0
    assert retention_plan(dt.date(2030, 3, 1))[0].count == 1


def test_times_are_london_days(db, time_machine):
    # 23:30 on 1 March 2024 in London is a 1 March record: due on 1 March 2025, not 2 March.
    time_machine.move_to(dt.datetime(2024, 3, 1, 23, 30, tzinfo=LONDON), tick=False)
    format_request_record(kind="braille", name="Robin", email="robin@example.test")
    assert retention_plan(dt.date(2025, 2, 28))[4].count == 0
    assert retention_plan(dt.date(2025, 3, 1))[4].count == 1


def test_cases_are_anonymised_in_batches(cases, monkeypatch):
    from sendresolve.retention import services as retention_services

    monkeypatch.setattr(retention_services, "BATCH", 1)
    done = {line.kind: line.count for line in retention_apply(TODAY)}
    assert done["cases"] == 2
    assert Anonymisation.objects.count() == 2
    event = AuditEvent.objects.get(action="retention.cases.anonymise")
    assert event.detail["confidential_notes"] == 1  # the withdrawn case had none
