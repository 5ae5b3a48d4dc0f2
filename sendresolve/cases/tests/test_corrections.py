"""Corrections: what was recorded wrongly is put right through the recorder, with the before and
after in the timeline, a reason for a date that drives a deadline, the deadlines recomputed,
and issued certificates never rewritten (a corrected one replaces them)."""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline, CaseEvent, Certificate, Party
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def appeal_due(case) -> dt.date:
    return CaseDeadline.objects.get(case=case, key="appeal_registration").due_on


@pytest.fixture
def adviser(world):
    return world.users["provider_staff"]


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    return open_case(world, decision_letter_date=dt.date(2024, 3, 1))


@pytest.fixture
def certified(world, adviser, time_machine):
    """A case whose family declined mediation; the certificate was issued on 4 April 2024."""
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    case = open_case(world, decision_letter_date=dt.date(2024, 3, 1))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    services.certificate_issue(actor=adviser, case=case)
    time_machine.move_to(dt.datetime(2024, 4, 10, 9, tzinfo=LONDON), tick=False)
    case.refresh_from_db()
    return case


def test_correcting_the_letter_date_moves_the_appeal_deadline_and_says_so(case, adviser):
    # 2 months from 1 March 2024 is Wednesday 1 May 2024.
    assert appeal_due(case) == dt.date(2024, 5, 1)
    event = services.case_correct(
        actor=adviser,
        case=case,
        changes={"decision_letter_date": dt.date(2024, 3, 8)},
        reason="The letter was dated 8 March; 1 March was the date of the meeting.",
    )
    case.refresh_from_db()
    assert case.decision_letter_date == dt.date(2024, 3, 8)
    assert appeal_due(case) == dt.date(2024, 5, 8)
    assert event.type == "details_corrected"
    assert event.detail["changes"]["decision_letter_date"]["before"] == "2024-03-01"
    assert event.detail["changes"]["decision_letter_date"]["after"] == "2024-03-08"
    assert event.detail["reason"].startswith("The letter was dated 8 March")
    assert event.detail["moved"] == [
        "The deadline “Family to contact a mediation adviser” moved from 1 May 2024 to 8 May 2024.",
        "The appeal deadline moved from 1 May 2024 to 8 May 2024.",
    ]
    audit = AuditEvent.objects.get(action="case.case_correct")
    # The audit trail holds identifiers and field names, never the values.
    assert audit.detail["fields"] == ["decision_letter_date"]
    assert audit.detail["event_id"] == event.pk
    assert "2024-03-08" not in str(audit.detail)


def test_a_letter_date_needs_a_reason_and_nothing_changes_without_one(case, adviser):
    with pytest.raises(ValidationError) as error:
        services.case_correct(
            actor=adviser, case=case, changes={"decision_letter_date": dt.date(2024, 3, 8)}
        )
    assert error.value.field == "reason"
    case.refresh_from_db()
    assert case.decision_letter_date == dt.date(2024, 3, 1)
    assert appeal_due(case) == dt.date(2024, 5, 1)
    assert not CaseEvent.objects.filter(case=case, type="details_corrected").exists()


def test_an_email_needs_no_reason_and_moves_no_deadline(case, adviser):
    event = services.case_correct(
        actor=adviser, case=case, changes={"email": "alex.right@example.test", "phone": "0123"}
    )
    assert event.detail["changes"]["email"]["before"] == "alex@example.test"
    assert event.detail["changes"]["email"]["after"] == "alex.right@example.test"
    assert "moved" not in event.detail
    assert services.corrections.correction_summary(event) == (
        "Corrected: Email address, Phone number."
    )


def test_nothing_changed_is_refused(case, adviser):
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.case_correct(actor=adviser, case=case, changes={"child_name": "Sam Example"})


def test_an_la_officer_may_not_correct(world, case):
    from sendresolve.core.errors import NotFound

    with pytest.raises(NotFound):
        services.case_correct(
            actor=world.users["la_officer"], case=case, changes={"child_name": "Other"}
        )


def test_issues_are_added_reworded_and_removed(case, adviser):
    added = services.issue_add(
        actor=adviser, case=case, subject="plan_provision", description="Speech therapy"
    )
    issue = case.issues.get(subject="plan_provision")
    assert added.detail["issue_id"] == issue.pk
    reworded = services.issue_correct(
        actor=adviser,
        issue=issue,
        subject="plan_needs",
        description="Speech and language needs",
    )
    assert reworded.detail["changes"]["subject"]["before"] == "plan_provision"
    assert reworded.detail["changes"]["subject"]["after"] == "plan_needs"
    services.issue_remove(actor=adviser, issue=issue, reason="Recorded on the wrong case.")
    assert list(case.issues.values_list("subject", flat=True)) == ["refusal_to_assess"]
    with pytest.raises(ValidationError, match="at least one issue"):
        services.issue_remove(actor=adviser, issue=case.issues.get())


def test_a_party_is_corrected_with_access_needs(case, adviser):
    party = Party.objects.create(case=case, role="parent", name="Alex Exmaple")
    event = services.party_correct(
        actor=adviser,
        party=party,
        changes={"name": "Alex Example", "access_needs": "A BSL interpreter"},
    )
    party.refresh_from_db()
    assert (party.name, party.access_needs) == ("Alex Example", "A BSL interpreter")
    assert event.detail["changes"]["name"] == {
        "label": "Name",
        "before": "Alex Exmaple",
        "after": "Alex Example",
        "shown": "Alex Exmaple → Alex Example",
    }


def test_a_correction_never_rewrites_an_issued_certificate(certified, adviser):
    old = Certificate.objects.get(case=certified)
    pdf_before = bytes(old.pdf)
    assert old.appeal_deadline == dt.date(2024, 5, 7)
    assert "certificate_correct" not in actions_offered(adviser, certified)

    services.case_correct(
        actor=adviser,
        case=certified,
        changes={"decision_letter_date": dt.date(2024, 3, 15)},
        reason="Wrong letter date.",
    )
    old.refresh_from_db()
    assert old.appeal_deadline == dt.date(2024, 5, 7)
    assert bytes(old.pdf) == pdf_before
    # 2 months from 15 March is 15 May, later than 1 month from the certificate (7 May).
    assert appeal_due(certified) == dt.date(2024, 5, 15)
    offer = actions_offered(adviser, certified)
    assert offer.allows("certificate_correct", old.pk)


def test_a_corrected_certificate_supersedes_the_old_one_and_both_are_kept(certified, adviser):
    old = Certificate.objects.get(case=certified)
    services.case_correct(actor=adviser, case=certified, changes={"child_name": "Sam Exampel"})
    new = services.certificate_correct(actor=adviser, certificate=old)
    old.refresh_from_db()
    assert Certificate.objects.filter(case=certified).count() == 2
    assert new.number != old.number
    assert old.superseded_by == new
    assert old.superseded_on == dt.date(2024, 4, 10)
    assert new.replaces_number == old.number
    assert new.issued_on == dt.date(2024, 4, 10)
    # The appeal deadline still counts from the first certificate (4 April): 7 May 2024.
    assert new.appeal_deadline == dt.date(2024, 5, 7)
    assert appeal_due(certified) == dt.date(2024, 5, 7)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(bytes(new.pdf))).pages)
    assert f"replaces certificate number {old.number}" in " ".join(text.split())
    assert "Sam Exampel" in text
    assert "certificate_correct" not in actions_offered(adviser, certified)
    assert CaseEvent.objects.filter(case=certified, type="certificate_corrected").count() == 1
    # The family is sent the new number, and told which one it replaces.
    message = OutboxMessage.objects.get(template="certificate_corrected")
    assert message.personalisation["certificate_number"] == new.number
    assert message.personalisation["replaced_number"] == old.number
    with pytest.raises(ValidationError, match="replaced already"):
        services.certificate_correct(actor=adviser, certificate=old)


def test_an_email_correction_does_not_outdate_the_certificate(certified, adviser):
    services.case_correct(actor=adviser, case=certified, changes={"email": "new@example.test"})
    assert "certificate_correct" not in actions_offered(adviser, certified)
    with pytest.raises(ValidationError, match="nothing to correct"):
        services.certificate_correct(
            actor=adviser, certificate=Certificate.objects.get(case=certified)
        )
