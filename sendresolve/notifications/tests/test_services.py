import datetime as dt
import logging
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from sendresolve.core.errors import ValidationError
from sendresolve.notifications import services
from sendresolve.notifications.backends import Delivery
from sendresolve.notifications.models import Channel, OutboxMessage, Status
from sendresolve.notifications.services import (
    message_deliver,
    message_send,
    messages_deliver_queued,
)
from sendresolve.notifications.tests.factories import CASE_OPENED, OutboxMessageFactory
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory, ProviderFactory

pytestmark = pytest.mark.django_db

PARENT = "sam.parent@example.test"
ADDRESS = "Sam Parent\n1 High Street\nBarnet\nEN5 5QG"


def send(**overrides):
    arguments = {
        "template": "case_opened",
        "to": PARENT,
        "channel": Channel.EMAIL,
        "personalisation": dict(CASE_OPENED),
        "reference": "MED-2025-0001",
    }
    arguments.update(overrides)
    return message_send(**arguments)


def test_send_records_a_queued_message_and_delivers_it_only_after_commit(
    django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2025-03-03T10:00:00+00:00", tick=False)
    la, provider = LocalAuthorityFactory(), ProviderFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send(local_authority=la, provider=provider)
        message.refresh_from_db()
        assert message.status == Status.QUEUED
    assert len(callbacks) == 1

    callbacks[0]()
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.backend == "outbox"
    assert message.sent_at.isoformat() == "2025-03-03T10:00:00+00:00"
    assert message.created_at.isoformat() == "2025-03-03T10:00:00+00:00"
    assert (message.local_authority, message.provider) == (la, provider)
    assert message.to == PARENT
    assert message.personalisation == CASE_OPENED
    assert message.subject == "Your mediation case reference is MED-2025-0001"
    assert message.body.startswith("Dear Sam Parent,\n\nWe have received your request")
    assert "call us on 020 7946 0001" in message.body


def test_rolled_back_transaction_records_and_sends_nothing(
    django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_BACKEND = "smtp"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send()
            raise RuntimeError("the caller's action failed")
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_real_commit_sends_and_real_rollback_does_not(settings):
    settings.NOTIFICATIONS_BACKEND = "smtp"
    with pytest.raises(RuntimeError), transaction.atomic():
        send(to="rolled.back@example.test")
        raise RuntimeError("the caller's action failed")
    assert mail.outbox == []

    with transaction.atomic():
        send(to="committed@example.test")
        assert mail.outbox == []  # not before the commit
    assert [email.to for email in mail.outbox] == [["committed@example.test"]]
    assert OutboxMessage.objects.get().status == Status.DELIVERED


def test_a_letter_is_recorded_to_post_and_never_handed_to_a_backend(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = send(channel=Channel.LETTER, to=f"  {ADDRESS}\n\n")
    message.refresh_from_db()
    assert callbacks == []
    assert message.status == Status.TO_POST
    assert message.to == ADDRESS
    assert message.subject == "Your mediation case reference is MED-2025-0001"


def test_a_text_message_uses_the_short_body_and_a_tidied_number(
    django_capture_on_commit_callbacks,
):
    personalisation = {"case_reference": "MED-2025-0001", "provider_name": "Alpha Mediation"}
    with django_capture_on_commit_callbacks(execute=True):
        message = send(
            channel=Channel.SMS, to="+44 (7700) 900-982", personalisation=personalisation
        )
    message.refresh_from_db()
    assert message.to == "+447700900982"
    assert message.subject == ""
    assert message.body == (
        "We have received your SEND mediation request. Your case reference is "
        "MED-2025-0001. Alpha Mediation will contact you soon."
    )
    assert message.status == Status.DELIVERED


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"template": "case_closed"}, "template", "There is no message template 'case_closed'."),
        ({"channel": "fax"}, "channel", "The channel must be one of email, sms, letter."),
        (
            {"template": "la_informed_mediation_requested", "channel": Channel.SMS},
            "channel",
            "The la_informed_mediation_requested message cannot be sent by text message.",
        ),
        (
            {"template": "la_informed_mediation_requested", "channel": Channel.LETTER},
            "channel",
            "The la_informed_mediation_requested message cannot be sent by letter.",
        ),
        ({"to": "sam.parent@"}, "to", "Enter an email address in the correct format"),
        ({"to": ""}, "to", "Enter an email address in the correct format"),
        ({"channel": Channel.SMS, "to": "020 7946 0000"}, "to", "Enter a UK mobile phone number"),
        ({"channel": Channel.SMS, "to": "0770090098"}, "to", "Enter a UK mobile phone number"),
        ({"channel": Channel.LETTER, "to": "1 High Street\nEN5 5QG"}, "to", "postal address"),
        ({"channel": Channel.LETTER, "to": "Sam\n1 High St\nBarnet"}, "to", "UK postcode"),
        (
            {"personalisation": {"name": "Sam", "case_reference": " "}},
            "personalisation",
            "The case_opened message needs: case_reference, provider_name, provider_phone.",
        ),
        (
            {"personalisation": {**CASE_OPENED, "case_reference": 12}},
            "personalisation",
            "Personalisation values must be text: case_reference.",
        ),
        ({"reference": "R" * 61}, "reference", "60 characters or fewer"),
    ],
)
def test_invalid_messages_are_refused_with_the_field_to_correct_and_leave_no_row(
    django_capture_on_commit_callbacks, overrides, field, text
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError) as error:
            send(**overrides)
    assert error.value.field == field
    assert text in str(error.value)
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0


def test_personalisation_the_template_does_not_use_is_not_kept():
    message = send(
        channel=Channel.SMS,
        to="07700900982",
        personalisation={**CASE_OPENED, "child_name": "Alex Child"},
    )
    message.refresh_from_db()
    # The text version uses neither the name nor the phone; the child's name is never used.
    assert message.personalisation == {
        "case_reference": "MED-2025-0001",
        "provider_name": "Alpha Mediation",
    }


def test_unused_personalisation_need_not_be_text():
    message = send(personalisation={**CASE_OPENED, "count": 3})
    assert "count" not in message.personalisation


def test_validation_errors_do_not_repeat_the_recipient():
    with pytest.raises(ValidationError) as error:
        send(to="secret-parent@@example.test")
    assert "secret-parent" not in str(error.value)


def test_delivering_twice_sends_once():
    message = OutboxMessageFactory()
    backend = mock.Mock(name="backend")
    backend.name = "fake"
    backend.deliver.return_value = Delivery(status=Status.DELIVERED, external_id="abc")
    with mock.patch.object(services, "backend_get", return_value=backend):
        message_deliver(message_id=message.pk)
        message_deliver(message_id=message.pk)
    backend.deliver.assert_called_once()
    message.refresh_from_db()
    assert (message.status, message.backend, message.external_id) == (
        Status.DELIVERED,
        "fake",
        "abc",
    )


def test_a_backend_crash_after_commit_leaves_the_message_queued_for_retry(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch.object(services, "backend_get", side_effect=ConnectionError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = send()  # the caller sees no error: its action has committed
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.sent_at is None


def test_logs_name_the_message_and_status_but_never_the_recipient_or_personalisation(
    caplog, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_BACKEND = "smtp"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        email = send()
        sms = send(
            channel=Channel.SMS,
            to="07700 900982",
            personalisation={"case_reference": "MED-2025-0001", "provider_name": "Alpha Mediation"},
        )
    logged = "\n".join(
        [caplog.text] + [repr(record.args) + repr(record.__dict__) for record in caplog.records]
    )
    assert f"Message {email.pk} delivered by smtp" in caplog.text
    assert f"Message {sms.pk} failed by smtp" in caplog.text
    for secret in [PARENT, "07700", "7700900982", *CASE_OPENED.values()]:
        assert secret not in logged


def test_deliver_queued_sends_old_queued_messages_only(time_machine):
    time_machine.move_to("2025-03-03T10:00:00+00:00", tick=False)
    old = OutboxMessageFactory(created_at=dt.datetime(2025, 3, 3, 9, 50, tzinfo=dt.UTC))
    recent = OutboxMessageFactory(created_at=dt.datetime(2025, 3, 3, 9, 58, tzinfo=dt.UTC))
    failed = OutboxMessageFactory(status=Status.FAILED, created_at=old.created_at)
    letter = OutboxMessageFactory(status=Status.TO_POST, created_at=old.created_at)

    result = messages_deliver_queued(older_than=dt.timedelta(minutes=5))

    assert (result.tried, result.delivered, result.failed, result.still_queued) == (1, 1, 0, 0)
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: Status.DELIVERED,
        recent.pk: Status.QUEUED,
        failed.pk: Status.FAILED,
        letter.pk: Status.TO_POST,
    }


def test_deliver_queued_carries_on_past_a_message_that_crashes(caplog):
    first, second = OutboxMessageFactory(), OutboxMessageFactory()
    backend = mock.Mock()
    backend.name = "fake"
    backend.deliver.side_effect = [
        RuntimeError(f"refused {first.to}"),
        Delivery(status=Status.DELIVERED),
    ]
    with mock.patch.object(services, "backend_get", return_value=backend):
        result = messages_deliver_queued()
    assert (result.tried, result.delivered, result.still_queued) == (2, 1, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.QUEUED, Status.DELIVERED)
    assert f"Message {first.pk} not delivered: RuntimeError" in caplog.text
    assert first.to not in caplog.text


def test_messages_carry_names_without_overrides_or_controls():
    message = send(personalisation={**CASE_OPENED, "name": "Sam \u202etneraP\u202c\x1b"})
    message.refresh_from_db()
    assert message.personalisation["name"] == "Sam tneraP"
    assert "\u202e" not in message.body and "\x1b" not in message.body
    assert "Sam tneraP" in message.body
