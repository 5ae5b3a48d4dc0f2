"""Reads for tenancy, always scoped to the acting user.

A user sees:
- provider staff: the LAs their provider is commissioned by on the given date;
- an LA officer: their own LA;
- a health commissioner: the LAs their commissioning body covers;
- an administrator (or superuser): every LA.
Anything else answers ``NotFound``, so another tenant's objects look exactly like missing ones.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from sendresolve.core.errors import NotFound
from sendresolve.tenancy.models import Commission, LocalAuthority, Membership, Provider
from sendresolve.tenancy.roles import GLOBAL_ROLES


def memberships_for(user: User | AnonymousUser | None) -> QuerySet[Membership]:
    """Return the user's active memberships with their organisations."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    # Ordered by role, not the model's user__username: one user's rows need no join to users.
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("provider", "local_authority", "commissioning_body")
        .order_by("role", "pk")
    )


# One request's memberships by user id (``memberships_kept``); None outside a request, where
# every call reads afresh.
_kept: ContextVar[dict[int, tuple[Membership, ...]] | None] = ContextVar(
    "sendresolve_memberships_kept", default=None
)


@contextmanager
def memberships_kept() -> Iterator[None]:
    """Within the block, each user's memberships are read once (``memberships_of``).

    The tenancy middleware wraps every request in it: a work-queue page asks who the user is
    a dozen times. A membership saved or deleted within the block is read afresh next time
    (``memberships_forget``, on the model's signals).
    """
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def memberships_forget(user_id: int) -> None:
    """Drop a user's kept memberships, if any (a membership of theirs changed)."""
    kept = _kept.get()
    if kept is not None:
        kept.pop(user_id, None)


def memberships_of(user: User | AnonymousUser | None) -> tuple[Membership, ...]:
    """The user's active memberships with their organisations, read once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    kept = _kept.get()
    if kept is not None and user.pk in kept:
        return kept[user.pk]
    memberships = tuple(memberships_for(user))
    if kept is not None:
        kept[user.pk] = memberships
    return memberships


def is_global(user: User | AnonymousUser | None) -> bool:
    """Return True if the user may see every tenant."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(m.role in GLOBAL_ROLES for m in memberships_of(user))


def commissions_active_on(on: dt.date) -> Q:
    """A filter for commissions in force on ``on`` (for use on ``Commission``)."""
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def local_authorities_for(
    user: User | AnonymousUser | None, *, on: dt.date
) -> QuerySet[LocalAuthority]:
    """Return the LAs whose records the user may see on ``on``."""
    if is_global(user):
        return LocalAuthority.objects.all()
    memberships = memberships_of(user)
    provider_ids = [m.provider_id for m in memberships if m.provider_id]
    la_ids = [m.local_authority_id for m in memberships if m.local_authority_id]
    body_ids = [m.commissioning_body_id for m in memberships if m.commissioning_body_id]
    served = Commission.objects.filter(commissions_active_on(on), provider_id__in=provider_ids)
    return LocalAuthority.objects.filter(
        Q(id__in=served.values("local_authority_id"))
        | Q(id__in=la_ids)
        | Q(commissioning_bodies__in=body_ids)
    ).distinct()


def local_authority_get(
    user: User | AnonymousUser | None, *, dfe_code: str, on: dt.date
) -> LocalAuthority:
    """Return one LA the user may see, or raise ``NotFound``."""
    try:
        return local_authorities_for(user, on=on).get(dfe_code=dfe_code)
    except LocalAuthority.DoesNotExist:
        raise NotFound(f"No local authority {dfe_code!r} for this user.") from None


def providers_for(user: User | AnonymousUser | None) -> QuerySet[Provider]:
    """Return the providers the user works for (every provider for administrators)."""
    if is_global(user):
        return Provider.objects.all()
    return Provider.objects.filter(
        id__in=[m.provider_id for m in memberships_of(user) if m.provider_id]
    )


def provider_get(user: User | AnonymousUser | None, *, slug: str) -> Provider:
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
