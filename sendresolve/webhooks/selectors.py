"""Reads for webhooks, scoped to the acting user.

A provider's managers, an LA's officers and a health body's commissioners manage their own
organisation's endpoints; administrators every organisation's. Anyone else, and another
organisation's endpoint, answers ``NotFound``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import CommissioningBody, LocalAuthority, Provider
from sendresolve.tenancy.roles import Role
from sendresolve.webhooks.models import Delivery, Endpoint

MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Managed:
    """The organisations whose endpoints an actor manages (``everything`` for administrators)."""

    everything: bool
    provider_ids: frozenset[int]
    local_authority_ids: frozenset[int]
    commissioning_body_ids: frozenset[int]

    @property
    def anything(self) -> bool:
        return self.everything or bool(
            self.provider_ids or self.local_authority_ids or self.commissioning_body_ids
        )


def managed_by(who: Who) -> Managed:
    actor = as_actor(who)
    memberships = actor.memberships
    return Managed(
        everything=actor.is_global,
        provider_ids=frozenset(
            m.provider_id
            for m in memberships
            if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
        ),
        local_authority_ids=frozenset(
            m.local_authority_id
            for m in memberships
            if m.role == Role.LA_OFFICER and m.local_authority_id is not None
        ),
        commissioning_body_ids=frozenset(
            m.commissioning_body_id
            for m in memberships
            if m.role == Role.HEALTH_COMMISSIONER and m.commissioning_body_id is not None
        ),
    )


def endpoints_for(who: Who) -> QuerySet[Endpoint]:
    """The endpoints the actor manages, oldest first."""
    managed = managed_by(who)
    endpoints = Endpoint.objects.select_related("provider", "local_authority", "commissioning_body")
    if managed.everything:
        return endpoints.all()
    return endpoints.filter(
        Q(provider_id__in=managed.provider_ids)
        | Q(local_authority_id__in=managed.local_authority_ids)
        | Q(commissioning_body_id__in=managed.commissioning_body_ids)
    )


def endpoint_get(who: Who, *, endpoint_id: int) -> Endpoint:
    if not 0 < endpoint_id <= MAX_ID:
        raise NotFound("No such webhook endpoint.")
    try:
        return endpoints_for(who).get(pk=endpoint_id)
    except Endpoint.DoesNotExist:
        raise NotFound("No such webhook endpoint.") from None


def deliveries_of(endpoint: Endpoint) -> QuerySet[Delivery]:
    """The endpoint's delivery log, newest first, with each delivery's attempts."""
    return endpoint.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-pk")


def delivery_get(endpoint: Endpoint, *, delivery_id: int) -> Delivery:
    if not 0 < delivery_id <= MAX_ID:
        raise NotFound("No such delivery.")
    try:
        return deliveries_of(endpoint).get(pk=delivery_id)
    except Delivery.DoesNotExist:
        raise NotFound("No such delivery.") from None


def owner_choices(who: Who) -> list[tuple[str, str]]:
    """The organisations the actor may register an endpoint for, as ("kind:id", name)."""
    managed = managed_by(who)
    providers = Provider.objects.order_by("name")
    las = LocalAuthority.objects.order_by("name")
    bodies = CommissioningBody.objects.order_by("name")
    if not managed.everything:
        providers = providers.filter(pk__in=managed.provider_ids)
        las = las.filter(pk__in=managed.local_authority_ids)
        bodies = bodies.filter(pk__in=managed.commissioning_body_ids)
    return (
        [(f"{Endpoint.Owner.PROVIDER}:{p.pk}", p.name) for p in providers]
        + [(f"{Endpoint.Owner.LOCAL_AUTHORITY}:{la.pk}", la.name) for la in las]
        + [(f"{Endpoint.Owner.COMMISSIONING_BODY}:{b.pk}", b.name) for b in bodies]
    )


def owner_id(kind: str, code: str) -> int | None:
    """The id of the organisation of ``kind`` with ``code`` (a provider's slug, an LA's DfE code,
    a health body's ODS code), or None."""
    found: QuerySet
    if kind == Endpoint.Owner.PROVIDER:
        found = Provider.objects.filter(slug=code)
    elif kind == Endpoint.Owner.LOCAL_AUTHORITY:
        found = LocalAuthority.objects.filter(dfe_code=code)
    elif kind == Endpoint.Owner.COMMISSIONING_BODY:
        found = CommissioningBody.objects.filter(ods_code=code)
    else:
        return None
    return found.values_list("pk", flat=True).first()
