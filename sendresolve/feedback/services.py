"""Writes for feedback and format requests. Both come from anonymous visitors; staff mark a
format request sent."""

import datetime as dt

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.feedback.selectors import format_request_queue
from sendresolve.law.periods import working_days_after
from sendresolve.tenancy.actors import as_actor
from sendresolve.tenancy.models import LocalAuthority, Provider
from sendresolve.tenancy.selectors import commissions_for_local_authority

PAGE_MAX = 200

# No law sets a time for sending information in another format (the Equality Act 2010's duty
# to make reasonable adjustments says "reasonable", not a number). Ten working days is the
# service's own standard: two weeks is long enough to produce Braille or a translation, and it
# leaves a family who asked for their advice page or certificate most of the shortest time that
# can follow it (one month to contact a mediation adviser, two months to appeal; law.md §0).
FORMAT_REQUEST_WORKING_DAYS = 10


def _page(page: str) -> str:
    """Keep only a local path (no query string: it can carry a status-link token)."""
    page = (page or "").split("?")[0].split("#")[0]
    if not page.startswith("/") or page.startswith("//"):
        return ""
    return page[:PAGE_MAX]


@transaction.atomic
def feedback_record(
    *,
    satisfaction: str,
    improvement: str = "",
    page: str = "",
    local_authority=None,
    provider=None,
) -> Feedback:
    """Store an answer to the "Tell us what you think" form."""
    if satisfaction not in Feedback.Satisfaction.values:
        raise ValidationError("Choose how satisfied you are.", field="satisfaction")
    feedback = Feedback.objects.create(
        satisfaction=satisfaction,
        improvement=improvement.strip()[:1200],
        page=_page(page),
        local_authority=local_authority,
        provider=provider,
    )
    audit_record(
        actor=None,
        action="feedback.record",
        target=feedback,
        local_authority=local_authority,
        provider=provider,
    )
    return feedback


def format_request_provider(local_authority: LocalAuthority, *, on: dt.date) -> Provider | None:
    """The provider commissioned for the council on ``on`` (mediation first), or None: then the
    request is for the system's own team."""
    commissions = commissions_for_local_authority(local_authority, on=on)
    commission = commissions.filter(covers_mediation=True).first() or commissions.first()
    return commission.provider if commission else None


def format_request_due(made_on: dt.date) -> dt.date:
    """The day a request made on ``made_on`` should be sent by (``FORMAT_REQUEST_WORKING_DAYS``
    working days in England, so bank holidays do not count)."""
    return working_days_after(made_on, FORMAT_REQUEST_WORKING_DAYS)


@transaction.atomic
def format_request_record(
    *,
    kind: str,
    name: str,
    email: str = "",
    phone: str = "",
    detail: str = "",
    page: str = "",
    local_authority=None,
    provider=None,
) -> FormatRequest:
    """Store a request for information in another format, for the provider that serves the
    council (the case's own provider when it came from a case page), with its deadline."""
    if kind not in FormatRequest.Format.values:
        raise ValidationError("Choose the format you need.", field="format")
    if kind in (FormatRequest.Format.LANGUAGE, FormatRequest.Format.OTHER) and not detail.strip():
        raise ValidationError("Tell us what you need.", field="detail")
    if not name.strip():
        raise ValidationError("Enter your name.", field="name")
    if not (email.strip() or phone.strip()):
        raise ValidationError("Enter an email address or a phone number.", field="email")
    today = clock.today()
    if provider is None and local_authority is not None:
        provider = format_request_provider(local_authority, on=today)
    format_request = FormatRequest.objects.create(
        format=kind,
        detail=detail.strip()[:200],
        name=name.strip()[:150],
        email=email.strip(),
        phone=phone.strip()[:40],
        page=_page(page),
        local_authority=local_authority,
        provider=provider,
        due_on=format_request_due(today),
    )
    audit_record(
        actor=None,
        action="feedback.format_request",
        target=format_request,
        local_authority=local_authority,
        provider=provider,
    )
    return format_request


@transaction.atomic
def format_request_mark_sent(*, actor, format_request_id: int) -> tuple[FormatRequest, bool]:
    """Record that the actor sent the family what they asked for. Returns the request and
    whether this call marked it: a second submission (a double click, a colleague at the same
    time) finds it sent and changes nothing, so it is marked, and audited, once."""
    try:
        format_request = (
            format_request_queue(actor).select_for_update(of=("self",)).get(pk=format_request_id)
        )
    except FormatRequest.DoesNotExist:
        raise NotFound("No such request for another format.") from None
    if format_request.state == FormatRequest.State.DONE:
        return format_request, False
    format_request.state = FormatRequest.State.DONE
    format_request.sent_at = clock.now()
    format_request.sent_by_id = as_actor(actor).user_id
    format_request.save(update_fields=["state", "sent_at", "sent_by"])
    audit_record(
        actor=actor,
        action="feedback.format_request.sent",
        target=format_request,
        local_authority=format_request.local_authority,
        provider=format_request.provider,
    )
    return format_request, True
