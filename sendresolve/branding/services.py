"""Writes of a provider's letterhead and message texts: each audited, each safe to repeat.

Saving the same text again, or resetting a kind already on its default, changes nothing and
records nothing, so a form sent twice does its thing once. Audit details name the kind and the
version, never the text (a manager might paste anything into it).
"""

from __future__ import annotations

from typing import IO

import magic
from django.conf import settings
from django.db import IntegrityError, transaction

from sendresolve.audit.services import audit_record
from sendresolve.branding import messages
from sendresolve.branding.models import MessageTemplateVersion, ProviderBranding
from sendresolve.branding.selectors import letterhead, template_current
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.tenancy.actors import Who, user_of
from sendresolve.tenancy.models import Provider

LOGO_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}


def _user(actor: Who):
    user = user_of(actor)
    return user if user is not None and user.pk is not None else None


def template_save(
    *, actor: Who, provider: Provider, kind: messages.Kind, subject: str, body: str
) -> tuple[MessageTemplateVersion, bool]:
    """Save a new version of the provider's text for ``kind``; return it and whether it is new.

    Raises ``ValidationError`` (field "subject" or "body") when the text is not one that can
    be sent (``messages.text_errors``).
    """
    subject = text_clean(subject) if kind.has_subject else ""
    body = text_clean(body, multiline=True).replace("\r\n", "\n")
    errors = messages.text_errors(kind, subject=subject, body=body, letterhead=letterhead(provider))
    if errors:
        field, problems = next(iter(errors.items()))
        raise ValidationError(problems[0], field=field)
    return _version_add(
        actor=actor, provider=provider, kind=kind, subject=subject, body=body, is_default=False
    )


def template_reset(
    *, actor: Who, provider: Provider, kind: messages.Kind
) -> tuple[MessageTemplateVersion | None, bool]:
    """Go back to the default text for ``kind``; a kind already on its default is unchanged."""
    current = template_current(provider.pk, kind.id, kind.channel)
    if current is None or current.is_default:
        return current, False
    return _version_add(
        actor=actor, provider=provider, kind=kind, subject="", body="", is_default=True
    )


def _version_add(
    *,
    actor: Who,
    provider: Provider,
    kind: messages.Kind,
    subject: str,
    body: str,
    is_default: bool,
) -> tuple[MessageTemplateVersion, bool]:
    for _ in range(3):
        current = template_current(provider.pk, kind.id, kind.channel)
        if current is not None and (current.subject, current.body, current.is_default) == (
            subject,
            body,
            is_default,
        ):
            return current, False
        try:
            with transaction.atomic():
                version = MessageTemplateVersion.objects.create(
                    provider=provider,
                    template=kind.id,
                    channel=kind.channel,
                    number=(current.number if current else 0) + 1,
                    subject=subject,
                    body=body,
                    is_default=is_default,
                    created_by=_user(actor),
                )
                audit_record(
                    actor=actor,
                    action="message_template.reset" if is_default else "message_template.edit",
                    target=version,
                    provider=provider,
                    detail={
                        "template": kind.id,
                        "channel": str(kind.channel),
                        "version": version.number,
                    },
                )
        except IntegrityError:  # saved at the same moment by another request: look again
            continue
        return version, True
    raise ValidationError("The message was changed by someone else. Try again.", field="body")


def branding_update(
    *,
    actor: Who,
    provider: Provider,
    phone: str,
    email: str,
    website: str,
    address: str,
) -> bool:
    """Save the provider's contact details and postal address; return whether any changed."""
    address = "\n".join(
        line.strip() for line in text_clean(address, multiline=True).splitlines() if line.strip()
    )
    values = {
        "phone": text_clean(phone).strip(),
        "email": text_clean(email).strip(),
        "website": text_clean(website).strip(),
    }
    with transaction.atomic():
        provider = Provider.objects.select_for_update().get(pk=provider.pk)
        branding, _ = ProviderBranding.objects.get_or_create(provider=provider)
        changed = [name for name, value in values.items() if getattr(provider, name) != value]
        if branding.address != address:
            changed.append("address")
        if not changed:
            return False
        for name, value in values.items():
            setattr(provider, name, value)
        provider.save(update_fields=[*values, "updated_at"])
        branding.address = address
        branding.updated_by = _user(actor)
        branding.save(update_fields=["address", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="branding.update",
            target=provider,
            provider=provider,
            detail={"changed": sorted(changed)},
        )
    return True


def logo_set(*, actor: Who, provider: Provider, upload: IO[bytes]) -> ProviderBranding:
    """Keep an uploaded PNG or JPEG as the provider's logo; anything else is refused by what
    it is, whatever it is called."""
    limit = settings.SENDRESOLVE_LOGO_MAX_BYTES
    content = upload.read(limit + 1)
    if not content:
        raise ValidationError("The selected file is empty", field="logo")
    if len(content) > limit:
        raise ValidationError(f"The logo must be smaller than {limit // 1000} KB", field="logo")
    mime = magic.from_buffer(content[:65536], mime=True)
    if mime not in LOGO_TYPES:
        raise ValidationError("The logo must be a PNG or JPEG picture", field="logo")
    with transaction.atomic():
        branding, _ = ProviderBranding.objects.select_for_update().get_or_create(provider=provider)
        branding.logo = content
        branding.logo_type = mime
        branding.updated_by = _user(actor)
        branding.save(update_fields=["logo", "logo_type", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="branding.logo.set",
            target=provider,
            provider=provider,
            detail={"type": mime, "bytes": len(content)},
        )
    return branding


def logo_remove(*, actor: Who, provider: Provider) -> bool:
    with transaction.atomic():
        branding = ProviderBranding.objects.select_for_update().filter(provider=provider).first()
        if branding is None or not branding.logo:
            return False
        branding.logo = b""
        branding.logo_type = ""
        branding.updated_by = _user(actor)
        branding.save(update_fields=["logo", "logo_type", "updated_by", "updated_at"])
        audit_record(actor=actor, action="branding.logo.remove", target=provider, provider=provider)
    return True
