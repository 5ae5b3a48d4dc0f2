"""The two main journeys through the services, with the dates the law core must produce."""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline, Certificate, Outcome
from sendresolve.cases.services import ActionInput
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def deadline(case, key):
    return CaseDeadline.objects.get(case=case, key=key)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_declined_before_easter_certificate_due_after_the_bank_holidays(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2024, 3, 5))
    assert deadline(case, "contact_mediation_adviser").due_on == dt.date(2024, 5, 1)
    assert deadline(case, "contact_mediation_adviser").state == CaseDeadline.State.MET

    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    case.refresh_from_db()
    assert case.status == Status.DECLINED
    due = deadline(case, "certificate_after_declining")
    # Good Friday, the weekend and Easter Monday are not working days (law.md §10.3).
    assert due.due_on == dt.date(2024, 4, 4)
    assert due.state == CaseDeadline.State.OPEN
    assert "SEND Regulations 2014 reg 34" in " ".join(due.legal_basis)

    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    certificate = services.certificate_issue(actor=adviser, case=case)
    case.refresh_from_db()
    assert case.status == Status.CERTIFICATE_ISSUED
    assert certificate.kind == Certificate.Kind.DECLINED
    assert certificate.issued_on == dt.date(2024, 4, 4)
    # 1 month from 4 April is Sat 4 May; Mon 6 May is a bank holiday: Tue 7 May (HESC r.12).
    assert certificate.appeal_deadline == dt.date(2024, 5, 7)
    assert deadline(case, "certificate_after_declining").state == CaseDeadline.State.MET
    assert deadline(case, "appeal_registration").due_on == dt.date(2024, 5, 7)
    text = pdf_text(bytes(certificate.pdf))
    assert certificate.number in text
    assert "Tuesday 7 May 2024" in text
    assert OutboxMessage.objects.filter(template="certificate_issued").count() == 1


def test_certificate_issued_late_is_recorded_as_missed(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 5, 9, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 4, 5))
    row = deadline(case, "certificate_after_declining")
    assert (row.state, row.met_on) == (CaseDeadline.State.BREACHED, dt.date(2024, 4, 5))


def test_mediation_over_christmas_partly_agreed_with_actions(world, time_machine):
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 2),
        subjects=("plan_needs", "plan_provision"),
        decision_letter_date=dt.date(2024, 11, 29),
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    # 30 days with Christmas and New Year included (law.md §10.5).
    assert deadline(case, "mediation_held").due_on == dt.date(2025, 1, 9)

    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        starts_at=dt.datetime(2025, 1, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 8, 13, tzinfo=LONDON),
        on=dt.date(2024, 12, 20),
    )
    notice = deadline(case, f"mediation_notice:{session.pk}")
    # 5 clear working days before Wed 8 Jan: Christmas and Boxing Day and New Year's Day skipped.
    assert notice.due_on == dt.date(2024, 12, 30)
    services.session_notice_send(actor=adviser, session=session, on=dt.date(2024, 12, 20))
    services.session_hold(actor=adviser, session=session)
    assert deadline(case, "mediation_held").state == CaseDeadline.State.MET
    assert deadline(case, f"mediation_notice:{session.pk}").state == CaseDeadline.State.MET

    needs, provision = case.issues.order_by("id")
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2025, 1, 8),
        outcomes={needs.pk: Outcome.Result.AGREED, provision.pk: Outcome.Result.NOT_AGREED},
        agreement_text="Section B will be amended to describe the speech needs.",
        actions=[
            ActionInput("Educational psychologist to visit", "local_authority"),
            ActionInput("Amend section B", "local_authority", clock="amend_plan"),
        ],
        confidential_note="Parent open to a different school if therapy is funded.",
    )
    assert deadline(case, "certificate_after_mediation").due_on == dt.date(2025, 1, 13)
    certificate = services.certificate_issue(actor=adviser, case=case, on=dt.date(2025, 1, 10))
    assert certificate.kind == Certificate.Kind.MEDIATION_CONCLUDED
    # Later of 29 Jan 2025 (2 months after the letter) and 10 Feb 2025 (1 month from issue).
    assert certificate.appeal_deadline == dt.date(2025, 2, 10)

    ep_visit, amend = case.actions.order_by("id")
    assert deadline(case, f"action:{ep_visit.pk}").due_on == dt.date(2025, 1, 22)  # 2 weeks
    amend_rows = CaseDeadline.objects.filter(case=case, key__startswith=f"action:{amend.pk}:")
    assert [r.due_on for r in amend_rows] == [dt.date(2025, 2, 12)]  # 5 weeks (reg 44)

    services.follow_up_start(actor=adviser, case=case, on=dt.date(2025, 1, 10))
    services.action_complete(
        actor=world.users["la_officer"], action=ep_visit, on=dt.date(2025, 1, 20)
    )
    assert deadline(case, f"action:{ep_visit.pk}").state == CaseDeadline.State.MET
    case.refresh_from_db()
    assert case.status == Status.FOLLOW_UP
    assert (
        AuditEvent.objects.filter(object_id=str(case.pk), action="case.action_complete").count()
        == 1
    )


def test_la_cannot_arrange_gives_the_deemed_certificate(world, time_machine):
    time_machine.move_to(dt.datetime(2025, 1, 9, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=dt.date(2024, 12, 2), decision_letter_date=dt.date(2024, 11, 29)
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    services.la_cannot_arrange(actor=world.users["la_officer"], case=case, on=dt.date(2025, 1, 6))
    assert deadline(case, "certificate_when_not_arranged").due_on == dt.date(2025, 1, 9)
    certificate = services.certificate_issue(actor=adviser, case=case, on=dt.date(2025, 1, 9))
    assert certificate.kind == Certificate.Kind.NOT_ARRANGED
    # law.md §10.5: issued 9 Jan → appeal by Mon 10 Feb 2025 (later than 29 Jan).
    assert certificate.appeal_deadline == dt.date(2025, 2, 10)
    assert deadline(case, "mediation_held").state == CaseDeadline.State.OPEN
