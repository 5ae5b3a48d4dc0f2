"""Writes for feedback and format requests. Both come from anonymous visitors."""

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.core.errors import ValidationError
from sendresolve.feedback.models import Feedback, FormatRequest

PAGE_MAX = 200


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
    """Store a request for information in another format."""
    if kind not in FormatRequest.Format.values:
        raise ValidationError("Choose the format you need.", field="format")
    if kind in (FormatRequest.Format.LANGUAGE, FormatRequest.Format.OTHER) and not detail.strip():
        raise ValidationError("Tell us what you need.", field="detail")
    if not name.strip():
        raise ValidationError("Enter your name.", field="name")
    if not (email.strip() or phone.strip()):
        raise ValidationError("Enter an email address or a phone number.", field="email")
    format_request = FormatRequest.objects.create(
        format=kind,
        detail=detail.strip()[:200],
        name=name.strip()[:150],
        email=email.strip(),
        phone=phone.strip()[:40],
        page=_page(page),
        local_authority=local_authority,
        provider=provider,
    )
    audit_record(
        actor=None,
        action="feedback.format_request",
        target=format_request,
        local_authority=local_authority,
        provider=provider,
    )
    return format_request
