"""Documents sent to the family by their chosen channel, once (issue 21)."""

import datetime as dt
import logging
from io import BytesIO
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications import letters
from sendresolve.notifications.backends import NotifyBackend
from sendresolve.notifications.models import Channel, DocumentSending, OutboxMessage, Status
from sendresolve.notifications.sending import (
    INCOMPLETE_ADDRESS,
    document_send_to_family,
    document_sending_deliver,
    document_sending_run,
)

pytestmark = pytest.mark.django_db

ADDRESS = "Flat 2\n14 Station Road\nHigh Barnet\nEN5 1QX"


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def letters_dir(settings, tmp_path):
    settings.NOTIFICATIONS_OUTBOX_LETTERS = str(tmp_path / "letters")
    return tmp_path / "letters"


@pytest.fixture
def issue(world, time_machine, django_capture_on_commit_callbacks):
    """Open a case with the given contact details and issue its certificate (after commit)."""
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)

    def issue_certificate(**contact):
        adviser = world.users["provider_staff"]
        case = open_case(world, opened_on=dt.date(2024, 3, 5), **contact)
        services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(actor=adviser, case=case)
        return case, certificate

    return issue_certificate


def family_messages(case):
    """The messages to the family about the case's documents (not, say, "case opened")."""
    return OutboxMessage.objects.filter(document_sendings__case=case).exclude(
        template="document_sent_mediator"
    )


def test_by_email_the_family_gets_a_link_to_their_case_page_not_the_pdf(issue):
    case, certificate = issue()
    sending = DocumentSending.objects.get(case=case)
    assert (sending.kind, sending.number, sending.channel) == (
        "certificate",
        certificate.number,
        Channel.EMAIL,
    )
    message = family_messages(case).get()
    assert (message.template, message.channel, message.to) == (
        "certificate_issued",
        Channel.EMAIL,
        "alex@example.test",
    )
    assert "/your-case/" in message.body and certificate.number in message.body
    assert "Sam" not in message.body  # the child's name stays on the case page
    # Recorded with the step, delivered by the worker.
    assert message.status == Status.QUEUED
    document_sending_deliver(sending_id=sending.pk)
    message.refresh_from_db()
    sending.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert sending.state == DocumentSending.State.SENT and sending.sent_at is not None


def test_by_text_message_a_short_text_with_the_status_link(issue):
    case, certificate = issue(phone="07700 900982", preferred_channel="sms")
    message = family_messages(case).get()
    assert (message.channel, message.to) == (Channel.SMS, "07700900982")
    assert certificate.number in message.body
    assert "/your-case/" in message.body
    assert message.subject == ""


def test_by_post_a_letter_with_the_certificate_whose_pdf_the_outbox_keeps(issue, letters_dir):
    case, certificate = issue(address=ADDRESS, preferred_channel="letter")
    sending = DocumentSending.objects.get(case=case)
    message = family_messages(case).get()
    assert (message.channel, message.template, message.status) == (
        Channel.LETTER,
        "document_posted",
        Status.QUEUED,
    )
    assert message.to == ADDRESS
    document_sending_deliver(sending_id=sending.pk)
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    pdf = (letters_dir / message.external_id).read_bytes()
    text = pdf_text(pdf)
    # The covering letter (address in the window, the appeal deadline) ...
    assert "EN5 1QX" in text and "Station Road" in text
    assert "Tuesday 7 May 2024" in text
    # ... then the certificate itself, every page.
    assert "Mediation certificate" in text and certificate.number in text
    certificate_pages = len(PdfReader(BytesIO(bytes(certificate.pdf))).pages)
    assert len(PdfReader(BytesIO(pdf)).pages) == 1 + certificate_pages
    assert (letters_dir / message.external_id).stat().st_mode & 0o077 == 0


def test_an_address_typed_on_one_line_is_split_at_its_commas(issue):
    case, _ = issue(address="14 Station Road, High Barnet, EN5 1QX", preferred_channel="letter")
    assert family_messages(case).get().to == "14 Station Road\nHigh Barnet\nEN5 1QX"


@pytest.mark.parametrize(
    "address", ["", "14 Station Road\nEN5 1QX", "14 Station Road\nHigh Barnet\nBarnet"]
)
def test_post_with_an_incomplete_address_is_a_recorded_failure_and_nothing_is_sent(issue, address):
    case, _ = issue(address=address, preferred_channel="letter")
    sending = DocumentSending.objects.get(case=case)
    assert sending.state == DocumentSending.State.FAILED
    assert sending.failure_reason == INCOMPLETE_ADDRESS
    assert sending.channel == ""
    # They asked for paper: no quiet switch to their email address.
    assert not OutboxMessage.objects.filter(reference=case.reference, channel="letter").exists()
    assert not family_messages(case).exists()


def test_sending_twice_sends_once(issue):
    case, certificate = issue()
    again = document_send_to_family(case=case, kind="certificate", number=certificate.number)
    assert again == DocumentSending.objects.get(case=case)
    assert family_messages(case).count() == 1
    backend = mock.Mock()
    backend.name = "counting"
    backend.deliver.return_value = mock.Mock(
        status=Status.DELIVERED, external_id="x", failure_reason=""
    )
    with mock.patch("sendresolve.notifications.services.backend_get", return_value=backend):
        document_sending_deliver(sending_id=again.pk)
        document_sending_deliver(sending_id=again.pk)
    assert backend.deliver.call_count == 1


def test_the_task_is_queued_for_the_worker_after_commit_and_delivers(issue):
    case, _ = issue()
    sending = DocumentSending.objects.get(case=case)
    queued = DBTaskResult.objects.filter(task_path=document_sending_run.module_path)
    assert queued.count() == 1
    assert queued.get().args_kwargs["args"] == [sending.pk]
    assert document_sending_run.call(sending.pk) == DocumentSending.State.SENT
    case.document_sendings.all().delete()
    assert document_sending_run.call(sending.pk) == "gone"


def test_a_rolled_back_step_sends_nothing(world, issue, django_capture_on_commit_callbacks):
    from django.db import transaction

    case, certificate = issue()
    DocumentSending.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                document_send_to_family(case=case, kind="agreement", number="1")
                raise RuntimeError("the step failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not DocumentSending.objects.filter(kind="agreement").exists()


def test_the_mediator_on_the_case_is_told_by_email(world, issue):
    mediator = world.users["colleague"]  # a mediator at the case's provider
    mediator.email = "mediator@alpha.test"
    mediator.save()
    case, certificate = issue(assigned_to=mediator)
    note = OutboxMessage.objects.get(reference=case.reference, template="document_sent_mediator")
    assert (note.channel, note.to) == (Channel.EMAIL, "mediator@alpha.test")
    assert certificate.number in note.subject and "by email" in note.body
    assert note in DocumentSending.objects.get(case=case).messages.all()


def test_an_adviser_the_case_is_assigned_to_is_not_the_mediator(world, issue):
    case, _ = issue(assigned_to=world.users["provider_staff"])
    assert not OutboxMessage.objects.filter(template="document_sent_mediator").exists()


def test_an_agreement_by_email_links_the_case_page(issue):
    case, _ = issue()
    sending = document_send_to_family(case=case, kind="agreement", number="Version 1")
    message = sending.messages.get()
    assert message.template == "document_ready"
    assert "mediation agreement" in message.subject
    assert "Version 1" in message.body and "/your-case/" in message.body


def test_an_agreement_by_post_needs_its_pdf_registered(issue, letters_dir):
    case, _ = issue(address=ADDRESS, preferred_channel="letter")
    sending = document_send_to_family(case=case, kind="agreement", number="Version 1")
    with mock.patch.dict(letters._PDF_LOADERS, clear=False) as loaders:
        loaders.pop("agreement", None)
        sending = document_sending_deliver(sending_id=sending.pk)
    assert sending.state == DocumentSending.State.FAILED
    assert sending.failure_reason == "No PDF of the mediation agreement Version 1 to post."

    other = document_send_to_family(case=case, kind="remaining_issues", number="1")
    issued = DocumentSending.objects.get(case=case, kind="certificate")
    certificate_pdf = letters.certificate_pdf(case, issued.number)
    with mock.patch.dict(letters._PDF_LOADERS, clear=False):
        letters.document_pdf_register("remaining_issues", lambda case, number: certificate_pdf)
        other = document_sending_deliver(sending_id=other.pk)
    assert other.state == DocumentSending.State.SENT
    pdf = (letters_dir / other.messages.get().external_id).read_bytes()
    assert "issues that were not agreed" in pdf_text(pdf)


def test_an_unknown_document_kind_is_refused(issue):
    case, _ = issue()
    with pytest.raises(ValueError, match="Unknown document kind"):
        document_send_to_family(case=case, kind="invoice", number="1")


def test_notify_posts_the_letter_as_a_precompiled_pdf(issue, settings):
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = "key"
    case, certificate = issue(address=ADDRESS, preferred_channel="letter")
    client = mock.Mock()
    client.send_precompiled_letter_notification.return_value = {"id": "notify-letter-1"}
    with mock.patch(
        "sendresolve.notifications.services.backend_get", return_value=NotifyBackend(client)
    ):
        sending = document_sending_deliver(sending_id=DocumentSending.objects.get(case=case).pk)
    assert sending.state == DocumentSending.State.SENT
    call = client.send_precompiled_letter_notification.call_args.kwargs
    assert call["reference"] == case.reference
    assert call["postage"] == "second"
    assert call["pdf_file"].getvalue().startswith(b"%PDF")
    assert family_messages(case).get().external_id == "notify-letter-1"


def test_no_personal_data_in_the_logs(issue, caplog, letters_dir):
    caplog.set_level(logging.DEBUG)
    case, _ = issue(email="alex@example.test", address=ADDRESS, preferred_channel="letter")
    document_sending_deliver(sending_id=DocumentSending.objects.get(case=case).pk)
    failed, _ = issue(address="Nowhere", preferred_channel="letter")
    logged = caplog.text
    for personal in ("alex@example.test", "Station Road", "EN5 1QX", "Alex", "Sam", "Nowhere"):
        assert personal not in logged
    assert "Document sending" in logged
