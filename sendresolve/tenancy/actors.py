"""Who is acting: one immutable ``Actor``, built once per request and passed everywhere.

Every selector that scopes and every service that checks takes the actor. It holds the user (for
the rows that name who did something), the active memberships read once, and the organisations
and roles they give. Nothing caches on the user object or in context variables: a request builds
its actor once (``ActorMiddleware`` lazily, the API after token authentication), and code outside
a request (commands, tasks, tests) builds one with ``as_actor``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from sendresolve.tenancy.models import Membership
from sendresolve.tenancy.roles import (
    COMMISSIONING_BODY_ROLES,
    GLOBAL_ROLES,
    LOCAL_AUTHORITY_ROLES,
    PROVIDER_ROLES,
    Role,
)


@dataclass(frozen=True)
class Actor:
    """The acting user and what they act for. Compare and hash by the user's id only."""

    user: Any = field(compare=False, hash=False, repr=False)
    user_id: int | None
    is_global: bool = False
    memberships: tuple[Membership, ...] = field(default=(), compare=False, hash=False, repr=False)
    provider_ids: frozenset[int] = frozenset()
    local_authority_ids: frozenset[int] = frozenset()
    commissioning_body_ids: frozenset[int] = frozenset()
    roles: frozenset[Role] = frozenset()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def provider_roles_for(self, provider_id: int | None) -> frozenset[Role]:
        """The provider roles the actor holds in one provider."""
        return frozenset(
            Role(m.role)
            for m in self.memberships
            if m.provider_id is not None and m.provider_id == provider_id
        )

    def is_officer_of(self, local_authority_id: int | None) -> bool:
        return local_authority_id in self.local_authority_ids

    def works_for(self, provider_id: int | None) -> bool:
        return provider_id in self.provider_ids


ANONYMOUS = Actor(user=None, user_id=None)


class ActorRequest(HttpRequest):
    """A request that has been through ``ActorMiddleware`` (for type checkers: views that read
    ``request.actor`` annotate their request with it)."""

    actor: Actor


def actor_build(user: Any, memberships: Iterable[Membership] | None = None) -> Actor:
    """Build the actor for ``user``, reading their active memberships (one query) unless given."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Actor(user=user, user_id=None) if user is not None else ANONYMOUS
    if memberships is None:
        memberships = (
            Membership.objects.filter(user=user, is_active=True)
            .select_related("provider", "local_authority", "commissioning_body")
            .order_by("role", "pk")
        )
    kept = tuple(memberships)
    roles = frozenset(Role(m.role) for m in kept)
    return Actor(
        user=user,
        user_id=user.pk,
        is_global=bool(user.is_superuser or roles & GLOBAL_ROLES),
        memberships=kept,
        provider_ids=frozenset(
            m.provider_id for m in kept if m.role in PROVIDER_ROLES and m.provider_id
        ),
        local_authority_ids=frozenset(
            m.local_authority_id
            for m in kept
            if m.role in LOCAL_AUTHORITY_ROLES and m.local_authority_id
        ),
        commissioning_body_ids=frozenset(
            m.commissioning_body_id
            for m in kept
            if m.role in COMMISSIONING_BODY_ROLES and m.commissioning_body_id
        ),
        roles=roles,
    )


def as_actor(who: Any) -> Actor:
    """The actor itself, or one built for a user (commands, tasks and tests pass users)."""
    if isinstance(who, Actor):
        return who
    return actor_build(who)


def user_of(who: Any) -> Any:
    """The user to name on a written row (an event's or note's author), or None."""
    if isinstance(who, Actor):
        return who.user if who.user_id is not None else None
    return who if getattr(who, "is_authenticated", False) else None
