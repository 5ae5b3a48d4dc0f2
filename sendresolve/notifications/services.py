"""The one interface for sending messages: ``message_send``.

``message_send`` validates, records an ``OutboxMessage`` and asks the configured backend to deliver
it only after the caller's transaction commits, so a rolled-back action sends nothing. If the
process dies between the commit and the delivery, the message stays queued and the
``send_queued_messages`` command delivers it.

Logs name the message id and status only: recipients and personalisation are personal data,
often about a child.
"""

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction

from sendresolve.branding.selectors import PROVIDER_FIELDS, provider_values, template_override
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.notifications.backends import Delivery, backend_get
from sendresolve.notifications.letters import LetterUnavailable, letter_pdf
from sendresolve.notifications.models import Channel, OutboxMessage, Status
from sendresolve.notifications.templates import MessageTemplate, template_get

logger = logging.getLogger(__name__)

# A UK mobile number (text messages go to mobiles): 07xxx xxxxxx, +44 7xxx xxxxxx or 0044 7...
UK_MOBILE = re.compile(r"^(?:0|\+44|0044)7\d{9}$")
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", re.IGNORECASE)
# GOV.UK Notify letters take three to seven address lines, the last being the postcode.
ADDRESS_LINES = (3, 7)
# A CharField always has a max_length (the stubs allow None for every field).
REFERENCE_MAX_LENGTH = cast(int, OutboxMessage._meta.get_field("reference").max_length)
SUBJECT_MAX_LENGTH = cast(int, OutboxMessage._meta.get_field("subject").max_length)


def message_send(
    *,
    template: str,
    to: str,
    channel: Channel,
    personalisation: dict[str, str],
    reference: str = "",
    local_authority: Any = None,
    provider: Any = None,
    by_worker: bool = False,
) -> OutboxMessage:
    """Record a message in the outbox and deliver it once the current transaction commits.

    Letters are recorded with status ``to_post`` for a person to print and post; email and text
    messages are queued and handed to the ``NOTIFICATIONS_BACKEND`` after commit. Raises
    ``ValidationError`` (and records nothing) for an unknown template, a channel the template
    cannot use, a recipient of the wrong shape, or personalisation missing a placeholder the
    template uses on ``channel``. Personalisation the template does not use is not kept.
    """
    message_template = _template(template)
    channel = _channel(channel, message_template)
    recipient = _recipient(to, channel)
    filled: frozenset[str] = frozenset()
    default_template = message_template
    if provider is not None:
        # The provider's own text for this kind, if its manager wrote one (issue 23), and its
        # details for the merge fields the sending code left to it.
        message_template = _provider_text(message_template, channel, provider.pk)
        own = provider_values(provider)
        filled = frozenset(name for name in PROVIDER_FIELDS if name not in personalisation)
        personalisation = {**{name: own[name] for name in filled}, **personalisation}
    _check_personalisation(personalisation, message_template, channel, may_be_blank=filled)
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise ValidationError(
            f"The reference must be {REFERENCE_MAX_LENGTH} characters or fewer.", field="reference"
        )
    # Only what the template uses is kept: the outbox holds no personal data it does not need,
    # and one personalisation can serve every channel of a template. No control or bidi
    # characters reach a message, whenever the name or text was stored (core.text).
    personalisation = {
        name: text_clean(personalisation[name], multiline=True)
        for name in message_template.placeholders(channel)
    }
    subject, body = message_template.render(channel, personalisation)
    # A provider's own subject (issue 23) is checked for length before its fields are filled:
    # a long name in it must not stop the message.
    subject = subject[:SUBJECT_MAX_LENGTH]

    with transaction.atomic():
        message = OutboxMessage.objects.create(
            template=message_template.id,
            channel=channel,
            to=recipient,
            personalisation=personalisation,
            subject=subject,
            body=body,
            reference=reference,
            local_authority=local_authority,
            provider=provider,
            provider_text=message_template is not default_template,
            status=Status.TO_POST if channel == Channel.LETTER and not by_worker else Status.QUEUED,
        )
        logger.info("Message %s recorded with status %s", message.pk, message.status)
        if message.status == Status.QUEUED and not by_worker:
            message_id = message.pk

            def deliver_after_commit() -> None:
                message_deliver(message_id=message_id)

            # robust: a delivery error must not turn the caller's committed action into an
            # error; the message stays queued for send_queued_messages.
            transaction.on_commit(deliver_after_commit, robust=True)
    return message


def message_deliver(*, message_id: int) -> OutboxMessage:
    """Hand one queued message to the backend and record the outcome.

    Messages that are no longer queued are returned unchanged, so delivering twice sends once.
    A queued letter (a document posted through GOV.UK Notify) goes as one PDF: the covering
    letter and the documents (``notifications.letters``).
    """
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status != Status.QUEUED:
        return message
    backend = backend_get()
    if message.channel == Channel.LETTER:
        try:
            pdf = letter_pdf(message)
        except LetterUnavailable as error:
            delivery = Delivery(status=Status.FAILED, failure_reason=str(error))
        else:
            delivery = backend.deliver_letter(message, pdf)
    else:
        delivery = backend.deliver(message)
    message.status = delivery.status
    message.backend = backend.name
    message.external_id = delivery.external_id
    message.failure_reason = delivery.failure_reason
    message.sent_at = clock.now() if delivery.status == Status.DELIVERED else None
    message.save(update_fields=["status", "backend", "external_id", "failure_reason", "sent_at"])
    log = logger.info if delivery.status == Status.DELIVERED else logger.warning
    log("Message %s %s by %s", message.pk, message.status, backend.name)
    return message


@dataclass(frozen=True)
class QueuedDeliveryResult:
    tried: int
    delivered: int
    failed: int

    @property
    def still_queued(self) -> int:
        return self.tried - self.delivered - self.failed


def messages_deliver_queued(*, older_than: dt.timedelta = dt.timedelta(0)) -> QueuedDeliveryResult:
    """Deliver every message still queued that was recorded at least ``older_than`` ago.

    The age limit leaves alone messages whose own after-commit delivery may still be running.
    """
    cutoff = clock.now() - older_than
    ids = list(
        OutboxMessage.objects.filter(status=Status.QUEUED, created_at__lte=cutoff)
        .order_by("created_at", "id")
        .values_list("id", flat=True)
    )
    statuses = []
    for message_id in ids:
        try:
            statuses.append(message_deliver(message_id=message_id).status)
        except ImproperlyConfigured:
            raise
        except Exception as error:  # one bad message must not hold up the rest
            # The type only: an exception's text may quote the recipient.
            logger.error("Message %s not delivered: %s", message_id, type(error).__name__)
            statuses.append(Status.QUEUED)
    return QueuedDeliveryResult(
        tried=len(ids),
        delivered=statuses.count(Status.DELIVERED),
        failed=statuses.count(Status.FAILED),
    )


def _provider_text(
    message_template: MessageTemplate, channel: Channel, provider_id: int
) -> MessageTemplate:
    """The template with the provider's current text for ``channel``, when it has one."""
    override = template_override(provider_id, message_template.id, channel)
    if override is None:
        return message_template
    subject, body = override
    if channel == Channel.SMS:
        return dataclasses.replace(message_template, sms_body=body)
    return dataclasses.replace(message_template, subject=subject, body=body)


def _template(template_id: str) -> MessageTemplate:
    message_template = template_get(template_id)
    if message_template is None:
        raise ValidationError(f"There is no message template {template_id!r}.", field="template")
    return message_template


def _channel(channel: Any, message_template: MessageTemplate) -> Channel:
    try:
        channel = Channel(channel)
    except ValueError:
        raise ValidationError(
            f"The channel must be one of {', '.join(Channel.values)}.", field="channel"
        ) from None
    if channel not in message_template.channels:
        raise ValidationError(
            f"The {message_template.id} message cannot be sent by {channel.label.lower()}.",
            field="channel",
        )
    return channel


def _recipient(to: str, channel: Channel) -> str:
    """Return the recipient tidied, or raise. Error messages never repeat what was entered."""
    to = (to or "").strip()
    if channel == Channel.EMAIL:
        try:
            validate_email(to)
        except DjangoValidationError:
            raise ValidationError(
                "Enter an email address in the correct format, like name@example.com.", field="to"
            ) from None
        return to
    if channel == Channel.SMS:
        number = re.sub(r"[\s\-().]", "", to)
        if not UK_MOBILE.match(number):
            raise ValidationError(
                "Enter a UK mobile phone number, like 07700 900 982 or +44 7700 900 982.",
                field="to",
            )
        return number
    lines = [line.strip() for line in to.splitlines() if line.strip()]
    if not postal_address_complete(lines):
        low, high = ADDRESS_LINES
        raise ValidationError(
            f"Enter a postal address of {low} to {high} lines, with a UK postcode on the last "
            "line.",
            field="to",
        )
    return "\n".join(lines)


def postal_address_complete(lines: list[str]) -> bool:
    """Whether ``lines`` is an address GOV.UK Notify can post to: 3 to 7 lines, the last a UK
    postcode."""
    low, high = ADDRESS_LINES
    return low <= len(lines) <= high and bool(UK_POSTCODE.match(lines[-1]))


def _check_personalisation(
    personalisation: dict[str, str],
    message_template: MessageTemplate,
    channel: Channel,
    *,
    may_be_blank: frozenset[str] = frozenset(),
) -> None:
    """Every placeholder needs a value, but a provider detail filled from the provider's record
    (``may_be_blank``) may be empty: a provider without a website sends its message still."""
    needed = message_template.placeholders(channel)
    missing = [
        name
        for name in needed
        if name not in may_be_blank and not str(personalisation.get(name) or "").strip()
    ]
    if missing:
        raise ValidationError(
            f"The {message_template.id} message needs: {', '.join(missing)}.",
            field="personalisation",
        )
    not_text = sorted(name for name in needed if not isinstance(personalisation[name], str))
    if not_text:
        raise ValidationError(
            f"Personalisation values must be text: {', '.join(not_text)}.",
            field="personalisation",
        )
