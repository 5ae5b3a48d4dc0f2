import json
import smtplib
from unittest import mock

import pytest
import requests
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from notifications_python_client.errors import HTTPError

from sendresolve.notifications.backends import (
    NotifyBackend,
    OutboxBackend,
    SmtpBackend,
    backend_get,
)
from sendresolve.notifications.models import Channel, Status
from sendresolve.notifications.services import message_deliver
from sendresolve.notifications.tests.factories import CASE_OPENED, OutboxMessageFactory

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE_ID = "0f88fe5a-8ab2-4d3d-b5a8-0ff0a8b5f3a1"
NOTIFY_KEY = (
    "sendresolve_test-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000"
)
SMS_PERSONALISATION = {"case_reference": "MED-2025-0001", "provider_name": "Alpha Mediation"}


@pytest.fixture
def notify(settings):
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = NOTIFY_KEY
    settings.NOTIFY_TEMPLATE_IDS = {
        "case_opened": EMAIL_TEMPLATE_ID,
        "case_opened.sms": SMS_TEMPLATE_ID,
    }
    with mock.patch("sendresolve.notifications.backends.NotificationsAPIClient") as client_class:
        yield client_class


def notify_error(status_code, errors):
    response = requests.Response()
    response.status_code = status_code
    response._content = json.dumps({"status_code": status_code, "errors": errors}).encode()
    return HTTPError(response)


@pytest.mark.parametrize(
    ("name", "backend_class"),
    [("outbox", OutboxBackend), ("notify", NotifyBackend), ("smtp", SmtpBackend)],
)
def test_the_setting_chooses_the_backend(settings, name, backend_class):
    settings.NOTIFICATIONS_BACKEND = name
    assert isinstance(backend_get(), backend_class)


def test_an_unknown_backend_setting_is_refused(settings):
    settings.NOTIFICATIONS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="not 'pigeon'"):
        backend_get()


def test_outbox_backend_marks_delivered_and_sends_no_email():
    message = message_deliver(message_id=OutboxMessageFactory().pk)
    assert (message.status, message.backend) == (Status.DELIVERED, "outbox")
    assert message.sent_at is not None
    assert mail.outbox == []


def test_notify_sends_an_email_with_the_mapped_template_and_stores_notify_id(notify):
    client = notify.return_value
    client.send_email_notification.return_value = {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}
    message = OutboxMessageFactory(to="sam.parent@example.test")

    message = message_deliver(message_id=message.pk)

    notify.assert_called_once_with(NOTIFY_KEY)
    client.send_email_notification.assert_called_once_with(
        email_address="sam.parent@example.test",
        template_id=EMAIL_TEMPLATE_ID,
        personalisation=CASE_OPENED,
        reference="MED-2025-0001",
    )
    client.send_sms_notification.assert_not_called()
    assert message.status == Status.DELIVERED
    assert message.backend == "notify"
    assert message.external_id == "740e5834-3a29-46b4-9a6f-16142fde533a"


def test_notify_sends_a_text_with_the_sms_template(notify):
    client = notify.return_value
    client.send_sms_notification.return_value = {"id": "5f0f3a4c-0000-4000-8000-000000000001"}
    message = OutboxMessageFactory(
        channel=Channel.SMS, to="07700900982", personalisation=SMS_PERSONALISATION, reference=""
    )

    message = message_deliver(message_id=message.pk)

    client.send_sms_notification.assert_called_once_with(
        phone_number="07700900982",
        template_id=SMS_TEMPLATE_ID,
        personalisation=SMS_PERSONALISATION,
        reference=None,
    )
    assert message.external_id == "5f0f3a4c-0000-4000-8000-000000000001"


def test_notify_error_marks_failed_with_status_and_error_type_but_no_personal_data(notify):
    notify.return_value.send_email_notification.side_effect = notify_error(
        400,
        [
            {"error": "BadRequestError", "message": "Can't send to this recipient: sam@x.test"},
            {"error": "ValidationError", "message": "name Sam Parent is too long"},
        ],
    )
    message = message_deliver(message_id=OutboxMessageFactory(to="sam@x.test").pk)
    assert message.status == Status.FAILED
    assert message.failure_reason == (
        "GOV.UK Notify answered HTTP 400 (BadRequestError, ValidationError)"
    )
    assert message.sent_at is None
    assert message.external_id == ""


def test_notify_unreachable_marks_failed_with_status_503(notify):
    notify.return_value.send_email_notification.side_effect = HTTPError(None)
    message = message_deliver(message_id=OutboxMessageFactory().pk)
    assert (message.status, message.failure_reason) == (
        Status.FAILED,
        "GOV.UK Notify answered HTTP 503",
    )


def test_notify_without_an_api_key_refuses_and_leaves_the_message_queued(notify, settings):
    settings.NOTIFY_API_KEY = ""
    message = OutboxMessageFactory()
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    notify.assert_not_called()


def test_notify_without_a_template_id_refuses_naming_the_key(notify, settings):
    settings.NOTIFY_TEMPLATE_IDS = {}
    with pytest.raises(ImproperlyConfigured, match="'case_opened'"):
        message_deliver(message_id=OutboxMessageFactory().pk)
    notify.return_value.send_email_notification.assert_not_called()


def test_smtp_sends_the_rendered_email_through_django_mail(settings):
    settings.NOTIFICATIONS_BACKEND = "smtp"
    settings.DEFAULT_FROM_EMAIL = "no-reply@sendresolve.test"
    message = OutboxMessageFactory(
        to="sam.parent@example.test", subject="Your case", body="Dear Sam Parent,"
    )

    message = message_deliver(message_id=message.pk)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert (email.subject, email.body, email.to, email.from_email) == (
        "Your case",
        "Dear Sam Parent,",
        ["sam.parent@example.test"],
        "no-reply@sendresolve.test",
    )
    assert (message.status, message.backend) == (Status.DELIVERED, "smtp")


def test_smtp_cannot_send_text_messages(settings):
    settings.NOTIFICATIONS_BACKEND = "smtp"
    message = OutboxMessageFactory(channel=Channel.SMS, to="07700900982")
    message = message_deliver(message_id=message.pk)
    assert message.status == Status.FAILED
    assert message.failure_reason == (
        "The SMTP backend sends only email, not text messages or letters."
    )
    assert mail.outbox == []


def test_smtp_refusal_is_recorded_by_type_without_the_address(settings):
    settings.NOTIFICATIONS_BACKEND = "smtp"
    refused = smtplib.SMTPRecipientsRefused({"sam@x.test": (550, b"no such user sam@x.test")})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        message = message_deliver(message_id=OutboxMessageFactory(to="sam@x.test").pk)
    assert message.status == Status.FAILED
    assert message.failure_reason == "SMTP error: SMTPRecipientsRefused"
