"""What a family does to their own case, through its signed status link (issue 20).

A family is not a user: the status page checks their link and acts as a
``tenancy.actors.FamilyActor`` for that one case, and only the catalogue's family actions allow
it. Each action is a step through the recorder like any other: the case event (a
``details_corrected`` event, as a staff correction leaves, with the values before and after),
the audit event, and a message to whoever looks after the case.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from sendresolve.cases.models import Case
from sendresolve.cases.recorder import Step, case_step_record
from sendresolve.cases.services.corrections import CASE_FIELDS
from sendresolve.cases.vocabulary import Channel, EventType
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.core.validators import EMAIL_INVALID, email_is_plain
from sendresolve.notifications.models import Channel as MessageChannel
from sendresolve.notifications.services import UK_MOBILE, message_send
from sendresolve.tenancy.actors import FamilyActor

CONTACT_FIELDS = ("email", "phone", "preferred_channel")
# Said in the timeline, where a staff correction gives its reason.
FAMILY_REASON = "Changed by the family on their status page."


def _cleaned(email: str, phone: str, preferred_channel: str) -> dict[str, str]:
    email = text_clean(email or "").strip()
    phone = text_clean(phone or "").strip()
    if email and not email_is_plain(email):
        raise ValidationError(EMAIL_INVALID, field="email")
    if len(email) > 254:
        raise ValidationError("Enter an email address of 254 characters or fewer.", field="email")
    if len(phone) > 40:
        raise ValidationError("Enter a phone number of 40 characters or fewer.", field="phone")
    if preferred_channel not in Channel.values:
        raise ValidationError(
            "Select how you would like us to contact you.", field="preferred_channel"
        )
    if preferred_channel == Channel.EMAIL and not email:
        raise ValidationError("Enter your email address.", field="email")
    if preferred_channel in (Channel.PHONE, Channel.SMS) and not phone:
        raise ValidationError("Enter your phone number.", field="phone")
    return {"email": email, "phone": phone, "preferred_channel": preferred_channel}


@transaction.atomic
def family_contact_change(
    *, actor: FamilyActor, case: Case, email: str, phone: str, preferred_channel: str
) -> Case:
    """The family changes their email address, phone number or the way they want to be
    contacted. Their case's owner (the assigned adviser, else the provider's inbox) is told, and
    so is the old email address, in case it was not them."""
    values = _cleaned(email, phone, preferred_channel)
    before: dict[str, str] = {}
    # Filled in by ``apply``, before the recorder writes the audit event: field names only.
    audit_detail: dict[str, Any] = {"by": "family"}

    def apply(step: Step) -> Case:
        locked = step.case
        changes: dict[str, dict[str, Any]] = {}
        for name in CONTACT_FIELDS:
            old, new = getattr(locked, name), values[name]
            if old == new:
                continue
            before[name] = old
            changes[name] = {
                "label": CASE_FIELDS[name],
                "before": old,
                "after": new,
                "shown": f"{old or '(none)'} → {new or '(none)'}",
            }
            setattr(locked, name, new)
        if not changes:
            raise ValidationError(
                "These are the details we already have. Change one, or go back to your case.",
                field="email",
            )
        locked.save(update_fields=[*changes, "updated_at"])
        audit_detail["fields"] = sorted(changes)
        step.detail.update(what="family_contact_change", changes=changes, reason=FAMILY_REASON)
        return locked

    locked = case_step_record(
        actor=actor,
        case=case,
        action="family_contact_change",
        event_type=EventType.DETAILS_CORRECTED,
        on=clock.today(),
        apply=apply,
        not_before=None,
        audit_detail=audit_detail,
    )
    _tell(case, old_email=before.get("email", ""), old_phone=before.get("phone", ""))
    return locked


def _tell(case: Case, *, old_email: str, old_phone: str) -> None:
    """Tell the case's owner what changed (never the new values: they are on the case page),
    and the old email address or mobile number that the details were changed."""
    owner = case.assigned_to
    to = owner.email if owner is not None and owner.email else case.provider.email
    common = {"case_reference": case.reference, "provider_name": case.provider.name}
    if to:
        message_send(
            template="family_contact_changed",
            to=to,
            channel=MessageChannel.EMAIL,
            personalisation={
                **common,
                "name": (owner.get_full_name() or "colleague")
                if owner is not None
                else case.provider.name,
            },
            reference=case.reference,
            local_authority=case.local_authority,
            provider=case.provider,
        )
    warned = {
        **common,
        "name": case.requester_name,
        "provider_phone": case.provider.phone or case.provider.email or "us",
    }
    old_routes = []
    if old_email and old_email.lower() != case.email.lower():
        old_routes.append((MessageChannel.EMAIL, old_email))
    elif old_phone and UK_MOBILE.match(re.sub(r"[^\d+]", "", old_phone)):
        # No old email to warn: the old mobile number, by text message.
        old_routes.append((MessageChannel.SMS, old_phone))
    for channel, to in old_routes:
        message_send(
            template="contact_details_changed",
            to=to,
            channel=channel,
            personalisation=warned,
            reference=case.reference,
            local_authority=case.local_authority,
            provider=case.provider,
        )
