"""Writes for KPI targets (complaints: ``quality.complaints``; the survey: ``quality.survey``).

Each is keyword-only, in a transaction, checks the actor manages the provider (another
provider's commission is ``NotFound``) and records one audit event (numbers only)."""

from __future__ import annotations

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.quality.models import KpiTarget
from sendresolve.quality.targets import KPIS, manager_provider_ids
from sendresolve.tenancy.actors import Who, user_of
from sendresolve.tenancy.models import Commission


def managed_commission(who: Who, *, commission_id: int) -> Commission:
    commission = (
        Commission.objects.select_related("provider", "local_authority")
        .filter(pk=commission_id, provider_id__in=sorted(manager_provider_ids(who)))
        .first()
    )
    if commission is None:
        raise NotFound("No such commission for this user.")
    return commission


@transaction.atomic
def targets_set(*, actor: Who, commission_id: int, **values: int | None) -> KpiTarget:
    """Set a commission's targets (each a whole percentage, or None for no target)."""
    commission = managed_commission(actor, commission_id=commission_id)
    keys = {key for key, _, _ in KPIS}
    if set(values) - keys:
        raise ValueError(f"Not targets: {sorted(set(values) - keys)}")
    for key, value in values.items():
        if value is not None and not 0 <= value <= 100:
            raise ValidationError("Enter a target from 0 to 100.", field=key)
    target, _ = KpiTarget.objects.select_for_update().get_or_create(commission=commission)
    for key, value in values.items():
        setattr(target, key, value)
    target.updated_by = user_of(actor)
    target.save()
    audit_record(
        actor=actor,
        action="quality.targets.set",
        target=target,
        local_authority=commission.local_authority,
        provider=commission.provider,
        detail={"commission_id": commission.pk, **values},
    )
    return target
