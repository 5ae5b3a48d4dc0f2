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
from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from sendresolve.tenancy.models import Membership
from sendresolve.tenancy.roles import (
    COMMISSIONING_BODY_ROLES,
    GLOBAL_ROLES,
    LOCAL_AUTHORITY_ROLES,
    PROVIDER_ROLES,
    Role,
)

if TYPE_CHECKING:
    # The user model (``AUTH_USER_MODEL``, Django's own): what a row's user foreign key holds.
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Actor:
    """The acting user and what they act for. Compare and hash by the user's id only."""

    user: AbstractBaseUser | AnonymousUser | None = field(compare=False, hash=False, repr=False)
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


@dataclass(frozen=True)
class FamilyActor(Actor):
    """A family acting on their own case through its signed status link: no user, no
    memberships, one case. Only the catalogue's family actions allow it (``cases.permissions``),
    and only on ``case_id``; the link is checked before one is built (``public.family.links``)."""

    case_id: int | None = None


#: Whom a selector or service is told is acting: the actor, or a user (commands, tasks and tests
#: pass users; an anonymous user or None acts as nobody).
Who: TypeAlias = Actor | AbstractBaseUser | AnonymousUser | None


class ActorRequest(HttpRequest):
    """A request that has been through ``ActorMiddleware`` (for type checkers: views that read
    ``request.actor`` annotate their request with it)."""

    actor: Actor


def actor_build(
    user: AbstractBaseUser | AnonymousUser | None, memberships: Iterable[Membership] | None = None
) -> Actor:
    """Build the actor for ``user``, reading their active memberships (one query) unless given."""
    # Only a user model instance is authenticated (an anonymous user never is).
    if not isinstance(user, get_user_model()) or not user.is_active:
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
        # A user model without Django's PermissionsMixin has no superusers.
        is_global=bool(getattr(user, "is_superuser", False) or roles & GLOBAL_ROLES),
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


def as_actor(who: Who) -> Actor:
    """The actor itself, or one built for a user (commands, tasks and tests pass users)."""
    if isinstance(who, Actor):
        return who
    return actor_build(who)


def user_of(who: Who) -> User | None:
    """The user to name on a written row (an event's or note's author), or None."""
    if isinstance(who, Actor):
        # An inactive user's actor keeps the user but no id: it acts as nobody.
        who = who.user if who.user_id is not None else None
    # Only a user model instance is authenticated (an anonymous user never is).
    return who if isinstance(who, get_user_model()) else None


def author_of(who: Who) -> User:
    """The user to name where a row requires one (a confidential note's author, a certificate's
    issuer). Only a signed-in user may act on a case (``cases.permissions``), so there is one."""
    user = user_of(who)
    if user is None:
        raise ValueError("Only a signed-in user can be named as a row's author.")
    return user
