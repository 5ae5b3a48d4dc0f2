"""Writes for the diary: mediators' records, availability, booking a meeting, the feed's secret.

Every write checks the actor (``selectors.manages``: the provider's coordinators and managers;
a mediator for their own hours and feed), runs in one transaction and writes one audit event
with identifiers only. Booking a meeting is the catalogue action ``session_book``: the
existing ``session_schedule`` step and the booking with its slots in one transaction, so a
refused booking leaves no meeting behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Party, Session, Venue
from sendresolve.cases.services import session_schedule
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, ValidationError
from sendresolve.diary.availability import slot_starts
from sendresolve.diary.models import (
    AccreditationBody,
    AvailabilityException,
    BookedSlot,
    Booking,
    Conflict,
    MediatorProfile,
    WeeklyHours,
)
from sendresolve.diary.selectors import manages
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import LocalAuthority, Membership
from sendresolve.tenancy.roles import Role

DOUBLE_BOOKED = "{who} is already booked at that time. Choose another time."
MAX_LANGUAGES = 20


def _require_manager(actor: Who, provider_id: int) -> None:
    if not manages(actor, provider_id):
        raise NotAllowed("Only the provider's coordinators and managers may do this.")


def _require_own_or_manager(actor: Who, profile: MediatorProfile) -> None:
    if as_actor(actor).user_id != profile.user_id:
        _require_manager(actor, profile.provider_id)


def _audit(actor: Who, action: str, profile: MediatorProfile, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=profile,
        provider=profile.provider,
        detail={"mediator": profile.pk, **detail},
    )


def _languages(languages: Iterable[str]) -> list[str]:
    kept: list[str] = []
    for language in languages:
        language = " ".join(str(language).split())[:60]
        if language and language.casefold() not in {k.casefold() for k in kept}:
            kept.append(language)
    if len(kept) > MAX_LANGUAGES:
        raise ValidationError(f"List at most {MAX_LANGUAGES} languages.", field="languages")
    return kept


@transaction.atomic
def mediator_profile_save(
    *,
    actor: Who,
    user: Any,
    provider: Any,
    accreditation_body: str,
    registration_number: str = "",
    accredited_until: dt.date | None = None,
    dbs_checked_on: dt.date | None = None,
    local_authorities: Iterable[LocalAuthority] = (),
    languages: Iterable[str] = (),
) -> MediatorProfile:
    """Create or update a mediator's record. The user must hold the mediator role with the
    provider; the councils must be ones the provider is commissioned by."""
    _require_manager(actor, provider.pk)
    if not Membership.objects.filter(
        user=user, provider=provider, role=Role.MEDIATOR, is_active=True
    ).exists():
        raise ValidationError("This person is not one of the provider's mediators.", field="user")
    if accreditation_body not in AccreditationBody.values:
        raise ValidationError("Choose the accrediting body.", field="accreditation_body")
    councils = list(local_authorities)
    commissioned = set(provider.commissions.values_list("local_authority_id", flat=True))
    if any(la.pk not in commissioned for la in councils):
        raise ValidationError("Choose councils the provider works for.", field="local_authorities")
    profile, created = MediatorProfile.objects.update_or_create(
        user=user,
        defaults={
            "provider": provider,
            "accreditation_body": accreditation_body,
            "registration_number": registration_number.strip()[:40],
            "accredited_until": accredited_until,
            "dbs_checked_on": dbs_checked_on,
            "languages": _languages(languages),
        },
    )
    profile.local_authorities.set(councils)
    _audit(actor, "diary.mediator.create" if created else "diary.mediator.update", profile)
    return profile


@transaction.atomic
def conflict_declare(
    *,
    actor: Who,
    mediator: MediatorProfile,
    reason: str,
    local_authority: LocalAuthority | None = None,
    name: str = "",
    declared_on: dt.date | None = None,
) -> Conflict:
    """Record that the mediator has worked for an LA, or is linked to an organisation or a
    person, so that no case involving them is allocated to the mediator."""
    _require_own_or_manager(actor, mediator)
    name = " ".join(name.split())[:150]
    reason = reason.strip()[:300]
    if local_authority is None and not name:
        raise ValidationError("Choose a council or enter a name.", field="name")
    if not reason:
        raise ValidationError("Enter the reason for the conflict.", field="reason")
    conflict = Conflict.objects.create(
        mediator=mediator,
        local_authority=local_authority,
        name=name,
        reason=reason,
        declared_on=declared_on or clock.today(),
    )
    _audit(actor, "diary.conflict.declare", mediator, conflict=conflict.pk)
    return conflict


@transaction.atomic
def conflict_remove(*, actor: Who, conflict: Conflict) -> None:
    _require_manager(actor, conflict.mediator.provider_id)
    _audit(actor, "diary.conflict.remove", conflict.mediator, conflict=conflict.pk)
    conflict.delete()


@dataclass(frozen=True)
class Hours:
    """Weekly hours as given: weekday (0 Monday), start, end."""

    weekday: int
    starts: dt.time
    ends: dt.time


@transaction.atomic
def availability_replace(
    *, actor: Who, mediator: MediatorProfile, hours: Iterable[Hours]
) -> list[WeeklyHours]:
    """Replace the mediator's weekly hours with ``hours`` (the mediator or a coordinator)."""
    _require_own_or_manager(actor, mediator)
    hours = sorted(hours, key=lambda h: (h.weekday, h.starts))
    for h in hours:
        if not 0 <= h.weekday <= 6:
            raise ValidationError("A weekday is 0 (Monday) to 6 (Sunday).", field="hours")
        if h.ends <= h.starts:
            raise ValidationError("Hours must end after they start.", field="hours")
    for first, second in zip(hours, hours[1:], strict=False):
        if first.weekday == second.weekday and second.starts < first.ends:
            raise ValidationError("Hours on one day must not overlap.", field="hours")
    mediator.hours.all().delete()
    kept = WeeklyHours.objects.bulk_create(
        WeeklyHours(mediator=mediator, weekday=h.weekday, starts=h.starts, ends=h.ends)
        for h in hours
    )
    _audit(actor, "diary.availability.replace", mediator, count=len(kept))
    return kept


@transaction.atomic
def availability_exception_add(
    *,
    actor: Who,
    mediator: MediatorProfile,
    on: dt.date,
    kind: str,
    starts: dt.time | None = None,
    ends: dt.time | None = None,
) -> AvailabilityException:
    """A day away (all day or some hours) or extra hours on one day."""
    _require_own_or_manager(actor, mediator)
    if kind not in AvailabilityException.Kind.values:
        raise ValidationError("Choose whether you are away or working extra hours.", field="kind")
    if (starts is None) != (ends is None):
        raise ValidationError("Enter both times, or neither for the whole day.", field="starts")
    if kind == AvailabilityException.Kind.EXTRA and starts is None:
        raise ValidationError("Enter the extra hours.", field="starts")
    if starts is not None and ends is not None and ends <= starts:
        raise ValidationError("The end must be after the start.", field="ends")
    exception = AvailabilityException.objects.create(
        mediator=mediator, on=on, kind=kind, starts=starts, ends=ends
    )
    _audit(actor, "diary.availability.exception", mediator, exception=exception.pk)
    return exception


@transaction.atomic
def availability_exception_remove(*, actor: Who, exception: AvailabilityException) -> None:
    _require_own_or_manager(actor, exception.mediator)
    _audit(actor, "diary.availability.exception_remove", exception.mediator, exception=exception.pk)
    exception.delete()


# -- independence and booking ------------------------------------------------------------------


def _names(case: Case) -> set[str]:
    names = {case.requester_name, case.child_name, case.referrer_organisation, case.referrer_name}
    for party in Party.objects.filter(case=case).only("name", "organisation"):
        names |= {party.name, party.organisation}
    return {" ".join(n.split()).casefold() for n in names if n and n.strip()}


def conflicts_with(mediator: MediatorProfile, case: Case) -> list[Conflict]:
    """The mediator's declared conflicts that touch the case: its LA, or a party by name."""
    names = _names(case)
    return [
        conflict
        for conflict in mediator.conflicts.all()
        if conflict.local_authority_id == case.local_authority_id
        or (conflict.name and " ".join(conflict.name.split()).casefold() in names)
    ]


def allocation_check(mediator: MediatorProfile, case: Case) -> None:
    """Refuse a mediator who may not mediate this case: another provider's, not covering its
    LA, or with a declared conflict (worked for its LA, linked to a party)."""
    if mediator.provider_id != case.provider_id:
        raise ValidationError("Choose one of the provider's mediators.", field="mediator")
    if not mediator.local_authorities.filter(pk=case.local_authority_id).exists():
        raise ValidationError(
            f"{mediator.name} does not cover {case.local_authority.name}.", field="mediator"
        )
    if conflicts_with(mediator, case):
        raise ValidationError(
            f"{mediator.name} has declared a conflict of interest with this case and cannot "
            "mediate it. Choose another mediator.",
            field="mediator",
        )


def _slots_write(booking: Booking, session: Session) -> None:
    """The booking's slot rows, refused by the unique constraints if anyone holds one."""
    starts = slot_starts(session.starts_at, session.ends_at)
    rows = [
        BookedSlot(booking=booking, mediator_id=booking.mediator_id, slot_start=s) for s in starts
    ]
    if booking.venue_id is not None:
        rows += [
            BookedSlot(booking=booking, venue_id=booking.venue_id, slot_start=s) for s in starts
        ]
    try:
        with transaction.atomic():  # a savepoint: the caller turns the refusal into an error
            BookedSlot.objects.bulk_create(rows)
    except IntegrityError:
        taken = BookedSlot.objects.filter(
            mediator_id=booking.mediator_id, slot_start__in=starts
        ).exclude(booking=booking)
        who = booking.mediator.name if taken.exists() else "The venue"
        raise ValidationError(DOUBLE_BOOKED.format(who=who), field="starts_at") from None


@transaction.atomic
def session_book(
    *,
    actor: Who,
    case: Case,
    mediator: MediatorProfile,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str,
    venue: Venue | None = None,
    shorter_notice_agreed: bool = False,
    attendees: Iterable[Party] | None = None,
    on: dt.date | None = None,
) -> Session:
    """Arrange a meeting with a mediator (and a venue in person) in one step: the
    ``session_schedule`` step, the booking and its slots, or nothing at all."""
    allocation_check(mediator, case)
    if mode != Venue.Mode.IN_PERSON:
        venue = None  # online and telephone meetings hold no room
    session = session_schedule(
        actor=actor,
        case=case,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        venue=venue,
        attendees=case.parties.all() if attendees is None else attendees,
        shorter_notice_agreed=shorter_notice_agreed,
        on=on,
    )
    booking = Booking.objects.create(session=session, mediator=mediator, venue=venue)
    _slots_write(booking, session)
    audit_record(
        actor=actor,
        action="diary.booking.create",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"session": session.pk, "mediator": mediator.pk, "venue": venue and venue.pk},
    )
    return session


def booking_follow(session: Session) -> None:
    """Keep a booked meeting's slots with the meeting as ``cases.services.meetings`` changes
    it: cancelled frees them; rearranged moves them (refused if the new time is taken)."""
    booking = Booking.objects.filter(session=session).select_related("mediator").first()
    if booking is None:
        return
    if session.state == Session.State.CANCELLED:
        booking.slots.all().delete()
        return
    venue_id = session.venue_id if session.mode == Venue.Mode.IN_PERSON else None
    held = set(booking.slots.values_list("slot_start", "venue_id"))
    wanted = slot_starts(session.starts_at, session.ends_at)
    if held == {(s, None) for s in wanted} | {(s, venue_id) for s in wanted if venue_id}:
        return  # saved for another reason (the notice sent, held): the slots stand
    booking.slots.all().delete()
    if booking.venue_id != venue_id:
        booking.venue_id = venue_id
        booking.save(update_fields=["venue"])
    _slots_write(booking, session)


# -- the iCalendar feed's secret ---------------------------------------------------------------


def feed_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, actor: Who, mediator: MediatorProfile) -> str:
    """A new secret feed token (shown once; only its digest is kept). Any earlier one stops
    working."""
    _require_own_or_manager(actor, mediator)
    token = secrets.token_urlsafe(32)
    mediator.feed_digest = feed_digest(token)
    mediator.feed_created_at = clock.now()
    mediator.save(update_fields=["feed_digest", "feed_created_at"])
    _audit(actor, "diary.feed.create", mediator)
    return token


@transaction.atomic
def feed_revoke(*, actor: Who, mediator: MediatorProfile) -> None:
    _require_own_or_manager(actor, mediator)
    mediator.feed_digest = ""
    mediator.feed_created_at = None
    mediator.save(update_fields=["feed_digest", "feed_created_at"])
    _audit(actor, "diary.feed.revoke", mediator)
