"""Delivery backends, chosen by the ``NOTIFICATIONS_BACKEND`` setting.

- ``outbox`` (development and tests): the outbox table is the inbox; delivery marks the row
  delivered and sends nothing. A letter's PDF is written under ``NOTIFICATIONS_OUTBOX_LETTERS``
  (``var/outbox/letters/`` by default) so a developer can open what would have been posted.
- ``notify``: GOV.UK Notify through its official client, with ``NOTIFY_API_KEY`` and the template
  ids in ``NOTIFY_TEMPLATE_IDS``; letters as precompiled PDFs (no template id needed).
- ``smtp``: Django's ``EmailMessage`` through the configured ``EMAIL_BACKEND`` (email only).

A backend returns a ``Delivery``; it never stores or logs the recipient or personalisation, and its
failure reasons name only error types and status codes, never the message content.
"""

import io
import smtplib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from sendresolve.notifications.models import Channel, OutboxMessage, Status
from sendresolve.notifications.templates import TEMPLATES


@dataclass(frozen=True)
class Delivery:
    status: Status
    external_id: str = ""
    failure_reason: str = ""


class Backend(Protocol):
    name: str

    def deliver(self, message: OutboxMessage) -> Delivery: ...

    def deliver_letter(self, message: OutboxMessage, pdf: bytes) -> Delivery: ...


# The GOV.UK Notify template that sends a provider's own words (issue 23): an email template
# whose subject is ((subject)) and whose message is ((body)), and a text message template of
# ((body)) alone, under these keys of ``NOTIFY_TEMPLATE_IDS`` (``provider_text.sms``).
PROVIDER_TEXT = "provider_text"


def notify_template_ids() -> dict[str, str]:
    """Return the ``NOTIFY_TEMPLATE_IDS`` mapping (empty if unset)."""
    return getattr(settings, "NOTIFY_TEMPLATE_IDS", None) or {}


def outbox_letters_dir() -> Path:
    """Where the outbox backend keeps the letters it would have posted."""
    return Path(settings.NOTIFICATIONS_OUTBOX_LETTERS)


class OutboxBackend:
    name = "outbox"

    def deliver(self, message: OutboxMessage) -> Delivery:
        return Delivery(status=Status.DELIVERED)

    def deliver_letter(self, message: OutboxMessage, pdf: bytes) -> Delivery:
        """Keep the letter's PDF (readable by this user only) instead of posting it."""
        folder = outbox_letters_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / f"letter-{message.pk}.pdf"
        path.touch(mode=0o600)
        path.write_bytes(pdf)
        return Delivery(status=Status.DELIVERED, external_id=path.name)


class NotifyBackend:
    name = "notify"

    def __init__(self, client: Any = None) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            api_key = getattr(settings, "NOTIFY_API_KEY", "")
            if not api_key:
                raise ImproperlyConfigured(
                    "Set NOTIFY_API_KEY to send messages with GOV.UK Notify."
                )
            self._client = NotificationsAPIClient(api_key)
        return self._client

    def deliver(self, message: OutboxMessage) -> Delivery:
        if message.channel not in (Channel.EMAIL, Channel.SMS):
            return Delivery(
                status=Status.FAILED, failure_reason="GOV.UK Notify sends only email and SMS."
            )
        key = TEMPLATES[message.template].notify_key(Channel(message.channel))
        personalisation = message.personalisation
        if message.provider_text:
            # The provider's own words, already filled in: Notify's copy of the default text
            # would say something else.
            key = PROVIDER_TEXT if message.channel == Channel.EMAIL else f"{PROVIDER_TEXT}.sms"
            personalisation = {"body": message.body}
            if message.channel == Channel.EMAIL:
                personalisation["subject"] = message.subject
        template_id = notify_template_ids().get(key)
        if not template_id:
            raise ImproperlyConfigured(f"NOTIFY_TEMPLATE_IDS has no GOV.UK Notify id for {key!r}.")
        arguments = {
            "template_id": template_id,
            "personalisation": personalisation,
            "reference": message.reference or None,
        }
        try:
            if message.channel == Channel.EMAIL:
                response = self.client.send_email_notification(
                    email_address=message.to, **arguments
                )
            else:
                response = self.client.send_sms_notification(phone_number=message.to, **arguments)
        except HTTPError as error:
            return Delivery(status=Status.FAILED, failure_reason=_notify_failure(error))
        return Delivery(status=Status.DELIVERED, external_id=str(response["id"]))

    def deliver_letter(self, message: OutboxMessage, pdf: bytes) -> Delivery:
        """Post the letter with Notify's precompiled letter API (second class)."""
        try:
            response = self.client.send_precompiled_letter_notification(
                reference=message.reference or f"message-{message.pk}",
                pdf_file=io.BytesIO(pdf),
                postage="second",
            )
        except HTTPError as error:
            return Delivery(status=Status.FAILED, failure_reason=_notify_failure(error))
        return Delivery(status=Status.DELIVERED, external_id=str(response["id"]))


def _notify_failure(error: HTTPError) -> str:
    """Describe a Notify error by status code and error types only.

    Notify's error messages can quote what was sent (an address, a personalisation value), so
    they are left out.
    """
    kinds = []
    if isinstance(error.message, list):
        kinds = sorted(
            {str(item.get("error", "")) for item in error.message if isinstance(item, dict)}
        )
    suffix = f" ({', '.join(kind for kind in kinds if kind)})" if any(kinds) else ""
    return f"GOV.UK Notify answered HTTP {error.status_code}{suffix}"[:200]


class SmtpBackend:
    name = "smtp"

    def deliver(self, message: OutboxMessage) -> Delivery:
        if message.channel != Channel.EMAIL:
            return Delivery(
                status=Status.FAILED,
                failure_reason="The SMTP backend sends only email, not text messages or letters.",
            )
        email = EmailMessage(subject=message.subject, body=message.body, to=[message.to])
        try:
            email.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as error:
            # The exception text can name the recipient (SMTPRecipientsRefused), so keep only
            # its type.
            return Delivery(
                status=Status.FAILED, failure_reason=f"SMTP error: {type(error).__name__}"
            )
        return Delivery(status=Status.DELIVERED)

    def deliver_letter(self, message: OutboxMessage, pdf: bytes) -> Delivery:
        return Delivery(
            status=Status.FAILED, failure_reason="The SMTP backend cannot post letters."
        )


BACKENDS: dict[str, type] = {
    OutboxBackend.name: OutboxBackend,
    NotifyBackend.name: NotifyBackend,
    SmtpBackend.name: SmtpBackend,
}


def backend_get() -> Backend:
    """Return the backend named by ``NOTIFICATIONS_BACKEND`` (``outbox`` if unset)."""
    name = getattr(settings, "NOTIFICATIONS_BACKEND", "outbox")
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"NOTIFICATIONS_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}."
        ) from None
