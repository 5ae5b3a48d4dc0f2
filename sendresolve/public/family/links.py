"""Secure, expiring links that let a family follow their case without an account.

A link carries a signed token (``TimestampSigner`` with its own salt) over the case reference and
a fingerprint of the case's contact details. So a token cannot be forged, cannot be moved to
another case, and stops working when it is older than ``SENDRESOLVE_STATUS_LINK_DAYS`` days or
when the case's contact details change.
"""

import datetime as dt
import re

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Certificate
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import UK_MOBILE, message_send

SALT = "sendresolve.public.family.status-link"
DEFAULT_DAYS = 14


class LinkExpired(Exception):
    """The link was real but is too old."""


class LinkInvalid(Exception):
    """The link was never issued by us, was altered, or its case has changed hands."""


def link_days() -> int:
    return int(getattr(settings, "SENDRESOLVE_STATUS_LINK_DAYS", DEFAULT_DAYS))


def _fingerprint(case: Case) -> str:
    contact = f"{case.pk}|{case.reference}|{case.email.lower()}|{normalise_phone(case.phone)}"
    return salted_hmac(SALT, contact).hexdigest()[:20]


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def token_for(case: Case) -> str:
    """Return a new signed token for ``case``'s status page."""
    return _signer().sign_object({"r": case.reference, "f": _fingerprint(case)})


def _absolute(path: str) -> str:
    """The site's address before ``path`` (``SENDRESOLVE_BASE_URL``, empty in tests)."""
    return f"{getattr(settings, 'SENDRESOLVE_BASE_URL', '')}{path}"


def certificate_links(case: Case, certificate: Certificate) -> dict[str, str]:
    """The certificate email's links (``cases.messages.certificate_message``): its PDF through
    a new status link, how long that works, and where to ask for a new one."""
    path = reverse(
        "public:family-certificate",
        kwargs={"token": token_for(case), "number": certificate.number},
    )
    return {
        "certificate_link": _absolute(path),
        "link_days": str(link_days()),
        "new_link": _absolute(reverse("public:family-new-link")),
    }


def case_for_token(token: str) -> Case:
    """Return the case a token opens, or raise ``LinkExpired`` / ``LinkInvalid``."""
    try:
        value = _signer().unsign_object(token, max_age=dt.timedelta(days=link_days()))
    except signing.SignatureExpired:
        raise LinkExpired from None
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise LinkInvalid from None
    if not isinstance(value, dict) or not isinstance(value.get("r"), str):
        raise LinkInvalid
    case = (
        Case.objects.select_related("provider", "local_authority", "commissioning_body")
        .filter(reference=value["r"])
        .first()
    )
    if case is None or not constant_time_compare(_fingerprint(case), str(value.get("f"))):
        raise LinkInvalid
    return case


def case_for_stale_token(token: str) -> Case | None:
    """The case a genuine, unexpired token names even though its contact details changed since
    (so the token no longer opens it), or None. Only for recognising a repeat of the family's
    own change (``status_views.contact_change``): it opens nothing by itself."""
    try:
        value = _signer().unsign_object(token, max_age=dt.timedelta(days=link_days()))
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("r"), str):
        return None
    return (
        Case.objects.select_related("provider", "local_authority", "commissioning_body")
        .filter(reference=value["r"])
        .first()
    )


def normalise_phone(value: str) -> str:
    """A UK phone number as digits starting 0, so ``+44 7700 900982`` matches ``07700900982``."""
    digits = re.sub(r"[^\d+]", "", value or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    return digits


def contact_matches(case: Case, contact: str) -> str | None:
    """Which of the case's addresses ``contact`` is ("email" / "phone"), or None."""
    contact = (contact or "").strip()
    if not contact:
        return None
    if "@" in contact:
        if case.email and constant_time_compare(case.email.lower(), contact.lower()):
            return "email"
        return None
    number = normalise_phone(contact)
    if (
        case.phone
        and len(number) >= 10
        and constant_time_compare(normalise_phone(case.phone), number)
    ):
        return "phone"
    return None


def _route(case: Case, matched: str | None) -> tuple[Channel, str] | None:
    """Where to send the link: to the address the family just gave us, else their preference."""
    mobile = case.phone and UK_MOBILE.match(normalise_phone(case.phone))
    if matched == "phone" and mobile:
        return Channel.SMS, case.phone
    if matched == "email" and case.email:
        return Channel.EMAIL, case.email
    if case.preferred_channel == CaseChannel.SMS and mobile:
        return Channel.SMS, case.phone
    if case.email:
        return Channel.EMAIL, case.email
    if mobile:
        return Channel.SMS, case.phone
    return None


@transaction.atomic
def status_link_send(*, case: Case, base_url: str, matched: str | None = None) -> bool:
    """Send the family a new status link through the notifications interface.

    ``base_url`` is the site's address (scheme and host), e.g. ``https://example.gov.uk``.
    Returns False when the case has no address a link can go to.
    """
    route = _route(case, matched)
    if route is None:
        return False
    channel, to = route
    link = base_url.rstrip("/") + reverse("public:family-status", kwargs={"token": token_for(case)})
    message_send(
        template="status_link",
        to=to,
        channel=channel,
        personalisation={
            "name": case.requester_name,
            "case_reference": case.reference,
            "provider_name": case.provider.name,
            "status_link": link,
            "link_days": str(link_days()),
        },
        reference=case.reference,
        local_authority=case.local_authority,
        provider=case.provider,
    )
    audit_record(
        actor=None,
        action="family.status_link.send",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"channel": str(channel)},
    )
    return True
