"""Sending a document to the family by the channel they chose: ``document_send_to_family``.

A certificate, a mediation agreement or the summary of the issues still in dispute goes to the
family once, however often it is asked for:

- by **email**: a link to their case page, which holds the files (nothing about the child, no
  attachment);
- by **text message**: a short text saying the document is ready, with the link;
- by **post**: a letter through GOV.UK Notify's precompiled letter API, the covering letter then
  the document's pages (``notifications.letters``); the outbox backend writes the PDF under
  ``NOTIFICATIONS_OUTBOX_LETTERS`` instead. Notify needs 3 to 7 address lines, the last a UK
  postcode: an incomplete address is recorded as a failure that provider staff see on the case
  page, and nothing is posted.

The mediator on the case is emailed a note that the document went.

How it stays once: ``document_send_to_family`` writes a ``DocumentSending`` row, unique per case,
kind and number, with its outbox messages and its audit event, in one transaction (the caller's
if there is one, so a rolled-back step sends nothing). After the commit it queues the
``document_sending_run`` task for the worker (``manage.py db_worker``), which delivers the
queued messages: delivering a message that is no longer queued does nothing, so running the task
again sends nothing twice. A worker that dies mid-run leaves messages queued for the next run or
``manage.py send_queued_messages``.

Called by ``cases.messages.certificate_message`` (certificates, when issued and corrected) and
by the agreements app (``kind="agreement"`` and ``kind="remaining_issues"``); that app also
registers how to read its PDFs for posting (``letters.document_pdf_register``).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django_tasks import task

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Certificate
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.core import clock
from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM, TRIBUNAL_GUIDANCE
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import (
    Channel,
    DocumentKind,
    DocumentSending,
    OutboxMessage,
    Status,
)
from sendresolve.notifications.services import (
    UK_MOBILE,
    message_deliver,
    message_send,
    postal_address_complete,
)
from sendresolve.tenancy.models import Membership
from sendresolve.tenancy.roles import Role

logger = logging.getLogger(__name__)

# What each document is called in messages ("your mediation agreement").
DOCUMENT_NAMES = {
    DocumentKind.CERTIFICATE: "mediation certificate",
    DocumentKind.AGREEMENT: "mediation agreement",
    DocumentKind.REMAINING_ISSUES: "summary of the issues still in dispute",
}
CHANNEL_WORDS = {Channel.EMAIL: "email", Channel.SMS: "text message", Channel.LETTER: "post"}
MEDIATOR_TEMPLATE = "document_sent_mediator"

# The family's links, made by the family pages: named by dotted path, so this domain app
# imports no page of the interface above it (as ``cases.messages`` does).
TOKEN_FOR = "sendresolve.public.family.links.token_for"  # noqa: S105 (a function's path)
CERTIFICATE_LINKS = "sendresolve.public.family.links.certificate_links"
LINK_DAYS = "sendresolve.public.family.links.link_days"

NO_CONTACT = (
    "The family has no email address, UK mobile number or complete postal address on the case."
)
INCOMPLETE_ADDRESS = (
    "The family asked for post, but their postal address is incomplete: GOV.UK Notify needs "
    "3 to 7 address lines with a UK postcode on the last line. Correct the address, then post "
    "the document to them."
)


@dataclass(frozen=True)
class Route:
    """How a document reaches the family: a channel and an address, or why it cannot."""

    channel: Channel | None
    to: str = ""
    failure: str = ""


def address_lines(address: str) -> list[str]:
    """A postal address as lines: its own lines, or, typed on one line, split at commas."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


def _mobile(case: Case) -> str:
    number = "".join(ch for ch in case.phone or "" if ch.isdigit() or ch == "+")
    return case.phone if case.phone and UK_MOBILE.match(number) else ""


def family_document_route(case: Case) -> Route:
    """How a document goes to the family: their chosen channel when they have its address.

    Post is only ever by their choice, and an incomplete address for it is a failure (not a
    quiet switch to email: they asked for paper). Otherwise: text message with a UK mobile,
    else email, else text, else post when the address is complete (a family who asked to be
    phoned still gets the document in writing).
    """
    lines = address_lines(case.address)
    if case.preferred_channel == CaseChannel.LETTER:
        if postal_address_complete(lines):
            return Route(Channel.LETTER, "\n".join(lines))
        return Route(None, failure=INCOMPLETE_ADDRESS)
    mobile = _mobile(case)
    if case.preferred_channel == CaseChannel.SMS and mobile:
        return Route(Channel.SMS, mobile)
    if case.email:
        return Route(Channel.EMAIL, case.email)
    if mobile:
        return Route(Channel.SMS, mobile)
    if postal_address_complete(lines):
        return Route(Channel.LETTER, "\n".join(lines))
    return Route(None, failure=NO_CONTACT)


@dataclass(frozen=True)
class Mediator:
    user_id: int
    name: str
    email: str


def case_mediators(case: Case) -> list[Mediator]:
    """The mediator(s) on the case: the member of staff the case is assigned to when they are
    one of the provider's mediators, and the mediator booked (in the diary) for each of its
    arranged meetings.

    The one place that says who "the mediator on the case" is (documents sent, meeting
    reminders).
    """
    from sendresolve.cases.models import Session
    from sendresolve.diary.models import Booking

    users = []
    assigned = case.assigned_to
    if (
        assigned is not None
        and Membership.objects.filter(
            user=assigned, provider=case.provider, role=Role.MEDIATOR, is_active=True
        ).exists()
    ):
        users.append(assigned)
    booked = Booking.objects.filter(
        session__case=case, session__state=Session.State.SCHEDULED
    ).select_related("mediator__user")
    users.extend(booking.mediator.user for booking in booked)
    mediators: dict[int, Mediator] = {}
    for user in users:
        if user.is_active and user.email and user.pk not in mediators:
            name = user.get_full_name() or user.get_username()
            mediators[user.pk] = Mediator(user.pk, name, user.email)
    return list(mediators.values())


def _absolute(path: str) -> str:
    return f"{settings.SENDRESOLVE_BASE_URL}{path}"


def _status_links(case: Case) -> dict[str, str]:
    token = import_string(TOKEN_FOR)(case)
    return {
        "status_link": _absolute(reverse("public:family-status", kwargs={"token": token})),
        "link_days": str(import_string(LINK_DAYS)()),
        "new_link": _absolute(reverse("public:family-new-link")),
    }


def _common(case: Case) -> dict[str, str]:
    return {
        "name": case.requester_name,
        "case_reference": case.reference,
        "provider_name": case.provider.name,
        "provider_phone": case.provider.phone or case.provider.email or "us",
    }


def _certificate_message(case: Case, number: str, channel: Channel) -> tuple[str, dict[str, str]]:
    """The template and personalisation for a certificate: its number, the appeal deadline and,
    by email or text, the link to it on the family's case page."""
    certificate = Certificate.objects.defer("pdf").get(case=case, number=number)
    appeal = f"5pm on {long_date(certificate.appeal_deadline)}"
    values = {
        **_common(case),
        "document": DOCUMENT_NAMES[DocumentKind.CERTIFICATE],
        "document_number": number,
        "certificate_number": number,
        "issued_on": long_date(certificate.issued_on),
        "appeal_deadline": appeal,
        "replaced_number": certificate.replaces_number,
    }
    if channel == Channel.LETTER:
        corrected = (
            f"It replaces certificate {certificate.replaces_number}: please use this one. "
            if certificate.replaces_number
            else ""
        )
        values["next_steps"] = (
            f"It was issued on {values['issued_on']}. {corrected}If you want to appeal to the "
            "First-tier Tribunal (Special Educational Needs and Disability), you must appeal by "
            f"{appeal}. You will need the certificate number when you appeal. The appeal form "
            f"(SEND35) and its notes: {TRIBUNAL_APPEAL_FORM}. How to appeal: {TRIBUNAL_GUIDANCE}."
        )
        return "document_posted", values
    values |= import_string(CERTIFICATE_LINKS)(case, certificate) | _status_links(case)
    template = "certificate_corrected" if certificate.replaces_number else "certificate_issued"
    return template, values


NEXT_STEPS = {
    DocumentKind.AGREEMENT: (
        "It says what was agreed at mediation and who will do what by when. Please keep it "
        "safe. You can also see it on your case page online."
    ),
    DocumentKind.REMAINING_ISSUES: (
        "It lists the issues that were not agreed at mediation. If you appeal to the tribunal, "
        "you can send it with your appeal. It says nothing about what was said or offered at "
        "mediation."
    ),
}


def _family_message(
    case: Case, kind: DocumentKind, number: str, channel: Channel
) -> tuple[str, dict[str, str]]:
    """The family's template and personalisation for document ``kind`` on ``channel``."""
    if kind == DocumentKind.CERTIFICATE:
        return _certificate_message(case, number, channel)
    values = {**_common(case), "document": DOCUMENT_NAMES[kind], "document_number": number}
    if channel == Channel.LETTER:
        return "document_posted", {**values, "next_steps": NEXT_STEPS[kind]}
    return "document_ready", values | _status_links(case)


def _kind(kind: str) -> DocumentKind:
    try:
        return DocumentKind(kind)
    except ValueError:
        raise ValueError(
            f"Unknown document kind {kind!r}; expected one of {', '.join(DocumentKind.values)}."
        ) from None


def document_send_to_family(*, case: Case, kind: str, number: str) -> DocumentSending:
    """Send the family document ``kind`` (``certificate``, ``agreement``, ``remaining_issues``)
    numbered ``number`` (its number or version label) by their chosen channel, and tell the
    mediator on the case; return the record of it.

    Once per case, kind and number: asking again returns the first record and sends nothing.
    The messages are recorded now, in the current transaction, and delivered by the task worker
    after it commits. When the document cannot go (no contact details, or post asked for with
    an incomplete address) the record says why (``state`` failed, ``failure_reason``), which
    the staff case page shows; nothing is sent then, not even the mediator's note.
    """
    kind = _kind(kind)
    existing = DocumentSending.objects.filter(case=case, kind=kind, number=number).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            sending = DocumentSending.objects.create(case=case, kind=kind, number=number)
            _record(sending)
    except IntegrityError:
        # A run at the same time recorded it first: that one sends.
        existing = DocumentSending.objects.filter(case=case, kind=kind, number=number).first()
        if existing is None:
            raise
        return existing
    return sending


def _record(sending: DocumentSending) -> None:
    """Record the family's message and the mediators' notes (inside the caller's atomic
    block), the audit event, and the task that delivers them after the commit."""
    case = sending.case
    route = family_document_route(case)
    messages: list[OutboxMessage] = []
    if route.channel is None:
        sending.state = DocumentSending.State.FAILED
        sending.failure_reason = route.failure
    else:
        sending.channel = route.channel
        kind = DocumentKind(sending.kind)
        template, values = _family_message(case, kind, sending.number, route.channel)
        messages.append(_send(case, template, route.channel, route.to, values))
        for mediator in case_mediators(case):
            note = {
                "name": mediator.name,
                "case_reference": case.reference,
                "document": DOCUMENT_NAMES[DocumentKind(sending.kind)],
                "document_number": sending.number,
                "channel": CHANNEL_WORDS[route.channel],
                "case_link": _absolute(reverse("staff:case", kwargs={"reference": case.reference})),
            }
            messages.append(_send(case, MEDIATOR_TEMPLATE, Channel.EMAIL, mediator.email, note))
    sending.save(update_fields=["channel", "state", "failure_reason"])
    sending.messages.set(messages)
    audit_record(
        actor=None,
        action="document.send",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={
            "sending_id": sending.pk,
            "kind": sending.kind,
            "number": sending.number,
            "channel": sending.channel,
            "state": sending.state,
            "messages": [message.pk for message in messages],
        },
    )
    if messages:
        sending_id = sending.pk
        # robust: a queue that cannot be reached must not undo the committed step; the
        # messages stay queued for send_queued_messages.
        transaction.on_commit(lambda: _enqueue(sending_id), robust=True)
    else:
        logger.warning("Document sending %s not sent: %s", sending.pk, "no route")


def _send(case: Case, template: str, channel: Channel, to: str, values: dict[str, str]):
    return message_send(
        template=template,
        to=to,
        channel=channel,
        personalisation=values,
        reference=case.reference,
        local_authority=case.local_authority,
        provider=case.provider,
        by_worker=True,
    )


def _enqueue(sending_id: int) -> None:
    document_sending_run.enqueue(sending_id)


@task()
def document_sending_run(sending_id: int) -> str:
    """The worker's task: deliver one document sending's messages; return its state ("gone"
    when its case was deleted, by retention say, before the worker got to it)."""
    if not DocumentSending.objects.filter(pk=sending_id).exists():
        return "gone"
    return document_sending_deliver(sending_id=sending_id).state


def document_sending_deliver(*, sending_id: int) -> DocumentSending:
    """Deliver the sending's queued messages and record how it went for the family.

    Safe to run again: messages already delivered or failed are left alone.
    """
    sending = DocumentSending.objects.select_related("case").get(pk=sending_id)
    family = None
    for message in sending.messages.order_by("id"):
        delivered = message_deliver(message_id=message.pk)
        if delivered.template != MEDIATOR_TEMPLATE:
            family = delivered
    if family is None or sending.state == DocumentSending.State.FAILED:
        return sending
    if family.status == Status.DELIVERED:
        sending.state = DocumentSending.State.SENT
        sending.sent_at = family.sent_at or clock.now()
    elif family.status == Status.FAILED:
        sending.state = DocumentSending.State.FAILED
        sending.failure_reason = family.failure_reason
    sending.save(update_fields=["state", "sent_at", "failure_reason"])
    logger.info("Document sending %s %s", sending.pk, sending.state)
    return sending
