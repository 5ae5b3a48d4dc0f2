"""Reads for tenancy, always scoped to the actor (``tenancy.actors.Actor``, or a user).

A user sees:
- provider staff: the LAs their provider is commissioned by on the given date;
- an LA officer: their own LA;
- a health commissioner: the LAs their commissioning body covers;
- an administrator (or superuser): every LA.
Anything else answers ``NotFound``, so another tenant's objects look exactly like missing ones.
"""

import datetime as dt

from django.db.models import Q, QuerySet

from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import Commission, LocalAuthority, Membership, Provider


def memberships_of(who: Who) -> tuple[Membership, ...]:
    """The actor's active memberships with their organisations (read when the actor was built)."""
    return as_actor(who).memberships


def is_global(who: Who) -> bool:
    """Return True if the actor may see every tenant."""
    return as_actor(who).is_global


def commissions_active_on(on: dt.date) -> Q:
    """A filter for commissions in force on ``on`` (for use on ``Commission``)."""
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def local_authorities_for(who: Who, *, on: dt.date) -> QuerySet[LocalAuthority]:
    """Return the LAs whose records the actor may see on ``on``."""
    actor = as_actor(who)
    if actor.is_global:
        return LocalAuthority.objects.all()
    served = Commission.objects.filter(
        commissions_active_on(on), provider_id__in=sorted(actor.provider_ids)
    )
    return LocalAuthority.objects.filter(
        Q(id__in=served.values("local_authority_id"))
        | Q(id__in=sorted(actor.local_authority_ids))
        | Q(commissioning_bodies__in=sorted(actor.commissioning_body_ids))
    ).distinct()


def local_authority_get(who: Who, *, dfe_code: str, on: dt.date) -> LocalAuthority:
    """Return one LA the actor may see, or raise ``NotFound``."""
    try:
        return local_authorities_for(who, on=on).get(dfe_code=dfe_code)
    except LocalAuthority.DoesNotExist:
        raise NotFound(f"No local authority {dfe_code!r} for this user.") from None


def providers_for(who: Who) -> QuerySet[Provider]:
    """Return the providers the actor works for (every provider for administrators)."""
    actor = as_actor(who)
    if actor.is_global:
        return Provider.objects.all()
    return Provider.objects.filter(id__in=sorted(actor.provider_ids))


def provider_get(who: Who, *, slug: str) -> Provider:
    """Return one provider the actor works for, or raise ``NotFound``."""
    try:
        return providers_for(who).get(slug=slug)
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
