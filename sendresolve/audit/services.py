"""The one way to write an audit event, and the one way to remove old ones."""

import datetime as dt
from typing import Any

from django.db import models, transaction

from sendresolve.audit.models import AuditEvent, _purge_before
from sendresolve.core import clock
from sendresolve.tenancy.actors import user_of

SYSTEM_ACTOR = "system"
# However the retention settings are configured, the purge never touches the last year: an
# investigation of a recent incident must always find its trail.
MINIMUM_AUDIT_RETENTION_DAYS = 365


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

    ``actor`` is an ``Actor`` or a user, or None for the system (commands, scheduled jobs).
    ``detail`` must hold no personal data beyond identifiers: it is kept for as long as the
    audit trail.
    """
    user = user_of(actor)
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


@transaction.atomic
def audit_purge_before(
    *,
    actor: Any,
    before: dt.date,
    action: str = "audit.purge",
    detail: dict[str, Any] | None = None,
) -> int:
    """Delete the audit events from before the London day ``before``; return how many.

    Only the retention service calls this (``retention.services.retention_apply``). It refuses a
    cutoff within ``MINIMUM_AUDIT_RETENTION_DAYS`` of today, and records the purge as a new
    audit event (``action``, with ``detail`` plus the cutoff and the count) in the same
    transaction, so the trail always says what was removed, when and by whom.
    """
    earliest_allowed = clock.today() - dt.timedelta(days=MINIMUM_AUDIT_RETENTION_DAYS)
    if before > earliest_allowed:
        raise ValueError(
            f"Audit events are kept for at least {MINIMUM_AUDIT_RETENTION_DAYS} days: "
            f"a purge before {before.isoformat()} is too recent."
        )
    cutoff = dt.datetime.combine(before, dt.time.min, tzinfo=clock.LONDON)
    deleted = _purge_before(cutoff)
    audit_record(
        actor=actor,
        action=action,
        detail={**(detail or {}), "before": before.isoformat(), "count": deleted},
    )
    return deleted
