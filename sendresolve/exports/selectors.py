"""Who may export what: the LAs a user may choose, and the cases of one LA they may export.

- an LA officer: their own LA, the cases their LA sees (``cases.privacy.la_visible``);
- a provider manager: each LA their provider has been commissioned by, that provider's cases;
- an administrator: every LA and case.
Anyone else may not export (the pages answer 404, the API 403 or 404).
"""

from django.db.models import Q, QuerySet

from sendresolve.cases.models import Case
from sendresolve.cases.privacy import la_visible
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Actor, Who, as_actor
from sendresolve.tenancy.models import Commission, LocalAuthority
from sendresolve.tenancy.roles import Role


def _managed_providers(actor: Actor) -> list[int]:
    return sorted(
        {
            m.provider_id
            for m in actor.memberships
            if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
        }
    )


def may_export(who: Who) -> bool:
    actor = as_actor(who)
    return actor.is_global or bool(actor.local_authority_ids) or bool(_managed_providers(actor))


def export_local_authorities(who: Who) -> QuerySet[LocalAuthority]:
    """The LAs the user may export for, by name."""
    actor = as_actor(who)
    if actor.is_global:
        return LocalAuthority.objects.order_by("name")
    served = Commission.objects.filter(provider_id__in=_managed_providers(actor))
    return (
        LocalAuthority.objects.filter(
            Q(id__in=served.values("local_authority_id"))
            | Q(id__in=sorted(actor.local_authority_ids))
        )
        .distinct()
        .order_by("name")
    )


def export_local_authority_get(who: Who, *, dfe_code: str) -> LocalAuthority:
    try:
        return export_local_authorities(who).get(dfe_code=dfe_code)
    except LocalAuthority.DoesNotExist:
        raise NotFound(f"No local authority {dfe_code[:10]!r} to export for.") from None


def export_cases(who: Who, *, local_authority: LocalAuthority) -> QuerySet[Case]:
    """The cases of ``local_authority`` the user may export (never another LA's)."""
    actor = as_actor(who)
    cases = Case.objects.filter(local_authority=local_authority)
    if actor.is_global:
        return cases
    condition = Q(pk__in=[])
    if local_authority.pk in actor.local_authority_ids:
        condition |= la_visible(local_authority.pk)
    managed = _managed_providers(actor)
    if managed:
        condition |= Q(provider_id__in=managed)
    return cases.filter(condition)
