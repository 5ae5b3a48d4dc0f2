"""Reads for tenancy, always scoped to the acting user.

A user sees:
- provider staff: the LAs their provider is commissioned by on the given date;
- an LA officer: their own LA;
- a health commissioner: the LAs their commissioning body covers;
- an administrator (or superuser): every LA.
Anything else answers ``NotFound``, so another tenant's objects look exactly like missing ones.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from sendresolve.core.errors import NotFound
from sendresolve.tenancy.models import Commission, LocalAuthority, Membership, Provider
from sendresolve.tenancy.roles import GLOBAL_ROLES


def memberships_for(user: AbstractBaseUser) -> QuerySet[Membership]:
    """Return the user's active memberships with their organisations."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related(
        "provider", "local_authority", "commissioning_body"
    )


def is_global(user: AbstractBaseUser) -> bool:
    """Return True if the user may see every tenant."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or memberships_for(user).filter(role__in=GLOBAL_ROLES).exists()


def commissions_active_on(on: dt.date) -> Q:
    """A filter for commissions in force on ``on`` (for use on ``Commission``)."""
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def local_authorities_for(user: AbstractBaseUser, *, on: dt.date) -> QuerySet[LocalAuthority]:
    """Return the LAs whose records the user may see on ``on``."""
    if is_global(user):
        return LocalAuthority.objects.all()
    memberships = memberships_for(user)
    provider_ids = memberships.exclude(provider=None).values("provider_id")
    la_ids = memberships.exclude(local_authority=None).values("local_authority_id")
    body_ids = memberships.exclude(commissioning_body=None).values("commissioning_body_id")
    served = Commission.objects.filter(commissions_active_on(on), provider_id__in=provider_ids)
    return LocalAuthority.objects.filter(
        Q(id__in=served.values("local_authority_id"))
        | Q(id__in=la_ids)
        | Q(commissioning_bodies__in=body_ids)
    ).distinct()


def local_authority_get(user: AbstractBaseUser, *, dfe_code: str, on: dt.date) -> LocalAuthority:
    """Return one LA the user may see, or raise ``NotFound``."""
    try:
        return local_authorities_for(user, on=on).get(dfe_code=dfe_code)
    except LocalAuthority.DoesNotExist:
        raise NotFound(f"No local authority {dfe_code!r} for this user.") from None


def providers_for(user: AbstractBaseUser) -> QuerySet[Provider]:
    """Return the providers the user works for (every provider for administrators)."""
    if is_global(user):
        return Provider.objects.all()
    return Provider.objects.filter(
        id__in=memberships_for(user).exclude(provider=None).values("provider_id")
    )


def provider_get(user: AbstractBaseUser, *, slug: str) -> Provider:
    """Return one provider the user works for, or raise ``NotFound``."""
    try:
        return providers_for(user).get(slug=slug)
    except Provider.DoesNotExist:
        raise NotFound(f"No provider {slug!r} for this user.") from None


def commissions_for_local_authority(
    local_authority: LocalAuthority, *, on: dt.date
) -> QuerySet[Commission]:
    """Return the commissions in force for an LA on a date (public information)."""
    return (
        Commission.objects.filter(commissions_active_on(on), local_authority=local_authority)
        .select_related("provider")
        .order_by("provider__name")
    )


def commissions_for_provider(provider: Provider, *, on: dt.date) -> QuerySet[Commission]:
    """Return the commissions in force for a provider on a date."""
    return (
        Commission.objects.filter(commissions_active_on(on), provider=provider)
        .select_related("local_authority")
        .order_by("local_authority__name")
    )
