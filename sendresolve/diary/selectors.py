"""Reads for the diary, scoped to the actor: a provider's own staff see their mediators; nobody
else (an LA officer, a health commissioner, another provider) sees any diary at all.

``venues_for`` and ``language_needed`` say where a case's meetings can be held
(``cases.venues``) and the language the family needs (``participation``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from sendresolve.cases.models import Case, Venue
from sendresolve.cases.venues import venues_serving
from sendresolve.core.errors import NotFound
from sendresolve.diary.models import MediatorProfile
from sendresolve.participation.selectors import interpreter_language
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.roles import Role

# Who arranges meetings and keeps mediators' records: they see and edit every mediator of
# their provider. A mediator sees (and edits the hours of) their own diary only.
MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.PROVIDER_MANAGER})


def manages(who: Who, provider_id: int | None) -> bool:
    """Whether the actor keeps this provider's mediators' records (or is an administrator)."""
    actor = as_actor(who)
    return actor.is_global or bool(actor.provider_roles_for(provider_id) & MANAGING_ROLES)


def sees_diary(who: Who) -> bool:
    """Whether the diary pages are for this actor at all (a provider's staff, administrators)."""
    actor = as_actor(who)
    return actor.is_global or bool(actor.provider_ids)


def mediators_for(who: Who) -> QuerySet[MediatorProfile]:
    """The mediator profiles the actor may see: every one of the providers they manage, their
    own, none for anyone else."""
    actor = as_actor(who)
    profiles = MediatorProfile.objects.select_related("user", "provider")
    if actor.is_global:
        return profiles
    managed = [pid for pid in actor.provider_ids if manages(actor, pid)]
    own = profiles.filter(user_id=actor.user_id) if actor.user_id else profiles.none()
    return profiles.filter(provider_id__in=managed) | own


def mediator_get(who: Who, *, pk: int) -> MediatorProfile:
    """One mediator profile the actor may see, or ``NotFound``."""
    profile = mediators_for(who).filter(pk=pk).first()
    if profile is None:
        raise NotFound("No such mediator.")
    return profile


def venues_for(case: Case) -> QuerySet[Venue]:
    """The active venues a case's meetings in person can be held at: the provider's own that
    serve the case's LA, and the LA's that no provider manages (``cases.venues``)."""
    return venues_serving(case.local_authority_id, case.provider_id).filter(
        mode=Venue.Mode.IN_PERSON
    )


def venue_get(who: Who, *, pk: int) -> Venue:
    """A venue of an LA one of the actor's providers is commissioned by, or ``NotFound``."""
    actor = as_actor(who)
    venues = Venue.objects.select_related("local_authority")
    if not actor.is_global:
        venues = venues.filter(
            local_authority__commissions__provider_id__in=actor.provider_ids
        ).distinct()
    venue = venues.filter(pk=pk).first()
    if venue is None:
        raise NotFound("No such venue.")
    return venue


def language_needed(case: Case) -> str:
    """The language the family needs the mediation in, other than English ("" if none): the
    interpreter's language they asked for (``participation``). A mediator who speaks it, or an
    interpreter booked, meets the need."""
    return interpreter_language(case)
