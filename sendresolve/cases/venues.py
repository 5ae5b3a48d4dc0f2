"""Venues managed by the provider (issue 22): which venues serve a meeting, who manages them,
and the writes.

A venue belongs to the provider that manages it (``Venue.provider``) and serves one or more LAs
(``Venue.serves``); ``Venue.local_authority`` is only the LA it was first set up for. Venues set
up by an administrator before providers managed their own have no provider: they stay
available to every provider serving their LAs until an administrator gives them one.

Reads take the actor (``venues_for``, ``venue_get``: another provider's venue is ``NotFound``,
so pages answer 404); writes are keyword-only services, each in a transaction with one audit
event naming the fields changed (never their values: an address is not personal data, but the
trail is kept long and read widely, so it stays small).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import ActionReceipt, Session, Venue
from sendresolve.cases.recorder import KEY_KEPT
from sendresolve.cases.venue_links import venue_link_validate
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.core.text import text_clean
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import LocalAuthority, Provider
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.selectors import commissions_active_on

# Who manages a provider's venues: its manager and its coordinators (who arrange meetings).
MANAGING_ROLES = frozenset({Role.PROVIDER_MANAGER, Role.COORDINATOR})
FACILITIES = ("accessible", "hearing_loop", "quiet_room", "parking")
TEXT_FIELDS = {
    "name": 150,
    "address": 1000,
    "transport_notes": 1000,
    "joining_link": 500,
    "joining_instructions": 1000,
    "dial_in": 40,
}
MULTILINE = frozenset({"address", "transport_notes", "joining_instructions"})
DIAL_IN = re.compile(r"\+?[0-9][0-9 ()-]{5,38}")


# -- reads ---------------------------------------------------------------------------------------


def venues_serving(
    local_authority: LocalAuthority | int, provider: Provider | int | None
) -> QuerySet[Venue]:
    """The active venues where ``provider`` may hold a meeting for ``local_authority``: its own
    venues that serve the LA, and the LA's venues that no provider manages yet."""
    la_id = local_authority if isinstance(local_authority, int) else local_authority.pk
    provider_id = provider.pk if isinstance(provider, Provider) else provider
    # The LA a venue was first set up for is always one it serves (a venue made before the
    # venue pages, or by a script, may have nothing in ``serves`` yet).
    return (
        Venue.objects.filter(is_active=True)
        .filter(Q(serves__id=la_id) | Q(local_authority_id=la_id))
        .filter(Q(provider_id=provider_id) | Q(provider__isnull=True))
        .distinct()
        .order_by("name", "pk")
    )


def venue_serves(venue: Venue, *, local_authority_id: int, provider_id: int | None) -> bool:
    """Whether a meeting of this LA's case, run by this provider, may be held at ``venue``
    (active or not: a meeting arranged before it was retired keeps it when rearranged)."""
    if venue.provider_id is not None and venue.provider_id != provider_id:
        return False
    return (
        venue.local_authority_id == local_authority_id
        or venue.serves.filter(pk=local_authority_id).exists()
    )


def managed_providers(who: Who) -> QuerySet[Provider]:
    """The providers whose venues the actor manages (every provider for administrators)."""
    actor = as_actor(who)
    if actor.is_global:
        return Provider.objects.all()
    ids = {
        m.provider_id
        for m in actor.memberships
        if m.provider_id is not None and m.role in MANAGING_ROLES
    }
    return Provider.objects.filter(id__in=sorted(ids))


def venues_for(who: Who) -> QuerySet[Venue]:
    """The venues the actor may see in the venue pages and the API: their providers' own
    (every venue for administrators)."""
    actor = as_actor(who)
    venues = Venue.objects.select_related("provider", "local_authority").prefetch_related("serves")
    if actor.is_global:
        return venues.order_by("-is_active", "name", "pk")
    return venues.filter(provider_id__in=sorted(actor.provider_ids)).order_by(
        "-is_active", "name", "pk"
    )


def venue_get(who: Who, *, venue_id: int, managing: bool = False) -> Venue:
    """One venue the actor may see (``managing``: may manage), or ``NotFound``."""
    scope = venues_for(who)
    if managing:
        scope = scope.filter(provider__in=managed_providers(who))
    venue = scope.filter(pk=venue_id).first()
    if venue is None:
        raise NotFound("No such venue.")
    return venue


def served_choices(provider: Provider) -> QuerySet[LocalAuthority]:
    """The LAs a provider's venue may serve: those commissioning the provider today."""
    return (
        LocalAuthority.objects.filter(
            commissions__in=provider.commissions.filter(commissions_active_on(clock.today()))
        )
        .distinct()
        .order_by("name")
    )


def joining_details(session: Session) -> str:
    """How to join a meeting held online or by telephone, from its venue: for participants
    only (the invitation sent to them and the family's message), never for a page anyone else
    reads."""
    venue = session.venue
    if venue is None:
        return ""
    lines: list[str] = []
    if session.mode == Venue.Mode.ONLINE and venue.joining_link:
        lines.append(f"Join online: {venue.joining_link}")
    if session.mode == Venue.Mode.TELEPHONE and venue.dial_in:
        lines.append(f"Dial in: {venue.dial_in}")
    if lines and venue.joining_instructions:
        lines.append(venue.joining_instructions)
    return "\n".join(lines)


# -- writes --------------------------------------------------------------------------------------


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        text = text_clean(str(values.get(name) or ""), multiline=name in MULTILINE).strip()
        if len(text) > limit:
            raise ValidationError(f"Enter {limit} characters or fewer.", field=name)
        out[name] = text
    if not out["name"]:
        raise ValidationError("Enter the venue's name.", field="name")
    mode = values.get("mode")
    if mode not in Venue.Mode.values:
        raise ValidationError("Choose how meetings here are held.", field="mode")
    out["mode"] = mode
    try:
        venue_link_validate(out["joining_link"])
    except DjangoValidationError as error:
        raise ValidationError(error.messages[0], field="joining_link") from None
    if out["dial_in"] and not DIAL_IN.fullmatch(out["dial_in"]):
        raise ValidationError(
            "Enter the dial-in number like 020 7946 0000 or +44 20 7946 0000", field="dial_in"
        )
    if mode == Venue.Mode.IN_PERSON and not out["address"]:
        raise ValidationError("Enter the venue's address.", field="address")
    if mode == Venue.Mode.ONLINE and not out["joining_link"]:
        raise ValidationError("Enter the joining link for online meetings.", field="joining_link")
    if mode == Venue.Mode.TELEPHONE and not out["dial_in"]:
        raise ValidationError("Enter the dial-in number for telephone meetings.", field="dial_in")
    for name in FACILITIES:
        out[name] = bool(values.get(name, False))
    return out


def _served(provider: Provider, serves: Iterable[LocalAuthority | int]) -> list[LocalAuthority]:
    ids = {la if isinstance(la, int) else la.pk for la in serves}
    if not ids:
        raise ValidationError("Choose at least one local authority.", field="serves")
    allowed = list(served_choices(provider).filter(pk__in=sorted(ids)))
    if len(allowed) != len(ids):
        raise ValidationError(
            "Choose local authorities that commission your service.", field="serves"
        )
    return allowed


def _audit(actor: Any, action: str, venue: Venue, fields: Iterable[str]) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=venue,
        local_authority=venue.local_authority,
        provider=venue.provider,
        detail={"venue_id": venue.pk, "fields": sorted(fields)},
    )


@transaction.atomic
def venue_create(
    *, actor: Who, provider: Provider, serves: Iterable[LocalAuthority | int], **values: Any
) -> Venue:
    """Add a venue for a provider the actor manages, serving some of the LAs it works for."""
    actor = as_actor(actor)
    if not managed_providers(actor).filter(pk=provider.pk).exists():
        raise NotFound("No such provider.")
    data = _cleaned(values)
    las = _served(provider, serves)
    venue = Venue.objects.create(provider=provider, local_authority=las[0], **data)
    venue.serves.set(las)
    _audit(actor, "venue.create", venue, [*data, "serves"])
    return venue


def venue_create_once(*, actor: Who, submission_key: str, **kwargs: Any) -> tuple[Venue, bool]:
    """``venue_create`` once per form submission: ``(venue, True)`` the first time, and
    ``(the first's venue, False)`` for a repeat (a double click, a resent page), even one racing
    it. As ``recorder.case_create_once`` does for cases: the receipt is written first, in the
    venue's transaction, so a parallel duplicate stops at its unique key."""
    actor = as_actor(actor)
    if not submission_key or actor.user_id is None:
        return venue_create(actor=actor, **kwargs), True
    key = f"venue:{submission_key}"[:80]
    since = clock.now() - KEY_KEPT
    try:
        with transaction.atomic():
            ActionReceipt.objects.filter(
                user_id=actor.user_id, key=key, created_at__lt=since
            ).delete()
            receipt = ActionReceipt.objects.create(
                user_id=actor.user_id, key=key, action="venue_create", result_type="cases.venue"
            )
            venue = venue_create(actor=actor, **kwargs)
            receipt.result_id = str(venue.pk)
            receipt.save(update_fields=["result_id"])
            return venue, True
    except IntegrityError:
        first = ActionReceipt.objects.filter(
            user_id=actor.user_id, key=key, action="venue_create"
        ).first()
        found = Venue.objects.filter(pk=first.result_id).first() if first else None
        if found is None:
            raise
        return found, False


@transaction.atomic
def venue_update(
    *, actor: Who, venue: Venue, serves: Iterable[LocalAuthority | int], **values: Any
) -> Venue:
    """Change a venue the actor manages. Meetings already arranged there keep it."""
    actor = as_actor(actor)
    locked = venue_get(actor, venue_id=venue.pk, managing=True)
    locked = Venue.objects.select_for_update().get(pk=locked.pk)
    data = _cleaned(values)
    provider = locked.provider
    if provider is None:  # an administrator's venue from before: no provider to check against
        raise NotFound("No such venue.")
    las = _served(provider, serves)
    changed = [name for name, value in data.items() if getattr(locked, name) != value]
    before = set(locked.serves.values_list("pk", flat=True))
    if before != {la.pk for la in las}:
        changed.append("serves")
    for name, value in data.items():
        setattr(locked, name, value)
    locked.save()
    locked.serves.set(las)
    _audit(actor, "venue.update", locked, changed)
    return locked


@transaction.atomic
def venue_retire(*, actor: Who, venue: Venue, active: bool = False) -> Venue:
    """Retire a venue (no new meetings there; arranged ones keep it), or bring it back."""
    actor = as_actor(actor)
    found = venue_get(actor, venue_id=venue.pk, managing=True)
    locked = Venue.objects.select_for_update().get(pk=found.pk)
    if locked.is_active != active:
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        _audit(actor, "venue.reinstate" if active else "venue.retire", locked, ["is_active"])
    return locked
