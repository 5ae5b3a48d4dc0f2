"""Writes for tenancy: the LA reference data, providers, commissions and memberships.

Each service is keyword-only, runs in a transaction and records one audit event.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from sendresolve.audit.services import audit_record
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.models import (
    Commission,
    CommissioningBody,
    LocalAuthority,
    Membership,
    Provider,
)
from sendresolve.tenancy.reference import LocalAuthorityRow, reference_local_authorities
from sendresolve.tenancy.roles import (
    COMMISSIONING_BODY_ROLES,
    LOCAL_AUTHORITY_ROLES,
    PROVIDER_ORGANISATION_ROLES,
    Role,
)


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def local_authorities_load(
    *, actor: User | None, rows: list[LocalAuthorityRow] | None = None
) -> LoadResult:
    """Create or update local authorities from reference rows, matched on DfE LA code.

    Contact details entered locally are kept; only the reference fields are overwritten.
    """
    rows = reference_local_authorities() if rows is None else rows
    existing = {la.dfe_code: la for la in LocalAuthority.objects.all()}
    created = updated = unchanged = 0
    for row in rows:
        values = {
            "gss_code": row.gss_code,
            "name": row.name,
            "region": row.region,
            "kind": row.kind,
        }
        la = existing.get(row.dfe_code)
        if la is None:
            LocalAuthority.objects.create(dfe_code=row.dfe_code, **values)
            created += 1
        elif any(getattr(la, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(la, field, value)
            la.save()
            updated += 1
        else:
            unchanged += 1
    result = LoadResult(created=created, updated=updated, unchanged=unchanged)
    if created or updated:
        audit_record(
            actor=actor,
            action="local_authorities.load",
            detail={"created": created, "updated": updated, "unchanged": unchanged},
        )
    return result


@transaction.atomic
def commission_create(
    *,
    actor: User | None,
    provider: Provider,
    local_authority: LocalAuthority,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    covers_mediation: bool = True,
    covers_disagreement_resolution: bool = True,
    first_contact_working_days: int = 2,
) -> Commission:
    """Record that ``provider`` serves ``local_authority`` from ``starts_on`` (to ``ends_on``),
    first contacting families within ``first_contact_working_days`` (its own service standard)."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("The end date must be on or after the start date.", field="ends_on")
    if not 1 <= first_contact_working_days <= 20:
        raise ValidationError(
            "First contact must be within 1 to 20 working days.",
            field="first_contact_working_days",
        )
    overlapping = Commission.objects.filter(
        provider=provider, local_authority=local_authority
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError(
            f"{provider} already has a commission for {local_authority.name} in those dates.",
            field="starts_on",
        )
    commission = Commission.objects.create(
        provider=provider,
        local_authority=local_authority,
        starts_on=starts_on,
        ends_on=ends_on,
        covers_mediation=covers_mediation,
        covers_disagreement_resolution=covers_disagreement_resolution,
        first_contact_working_days=first_contact_working_days,
    )
    audit_record(
        actor=actor,
        action="commission.create",
        target=commission,
        local_authority=local_authority,
        provider=provider,
        detail={
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return commission


@transaction.atomic
def membership_grant(
    *,
    actor: User | None,
    user: User,
    role: Role | str,
    provider: Provider | None = None,
    local_authority: LocalAuthority | None = None,
    commissioning_body: CommissioningBody | None = None,
) -> Membership:
    """Give ``user`` a role in one organisation (or a global administrator role).

    Granting the same role in the same organisation twice returns the existing membership.
    """
    role = Role(role)
    organisations: dict[str, Provider | LocalAuthority | CommissioningBody | None] = {
        "provider": provider,
        "local_authority": local_authority,
        "commissioning_body": commissioning_body,
    }
    needed = (
        "provider"
        if role in PROVIDER_ORGANISATION_ROLES
        else "local_authority"
        if role in LOCAL_AUTHORITY_ROLES
        else "commissioning_body"
        if role in COMMISSIONING_BODY_ROLES
        else None
    )
    given = [name for name, value in organisations.items() if value is not None]
    if given != ([needed] if needed else []):
        wanted = needed.replace("_", " ") if needed else "no organisation"
        raise ValidationError(f"The {role.label} role needs {wanted}.", field="role")
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        provider=provider,
        local_authority=local_authority,
        commissioning_body=commissioning_body,
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        created = True
    if created:
        audit_record(
            actor=actor,
            action="membership.grant",
            target=membership,
            local_authority=local_authority,
            provider=provider,
            detail={"user_id": user.pk, "role": role.value},
        )
    return membership
