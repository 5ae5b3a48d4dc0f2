"""The one way to write an audit event."""

from typing import Any

from django.db import models

from sendresolve.audit.models import AuditEvent

SYSTEM_ACTOR = "system"


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    local_authority: Any = None,
    provider: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``target`` for a tenant.

    ``actor`` is a user, or None for the system (commands, scheduled jobs). ``detail`` must hold
    no personal data beyond identifiers: it is kept for as long as the audit trail.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else SYSTEM_ACTOR,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        local_authority=local_authority,
        provider=provider,
        detail=detail or {},
    )
