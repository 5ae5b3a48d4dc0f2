"""Propose the first free meeting slots for a case (issue 22).

A slot is proposed when, on one day inside the window, a mediator is free for the whole
meeting and, in person, a venue serving the case's LA is free too. The window runs from the
first day that still gives the family 5 working days' notice (MED-06, ``meeting_rules``; from
tomorrow if they agreed to shorter notice) to the case's stored deadline for holding the
mediation (30 days from the LA being told, MED-05; MED-04 for health-only): the law's dates,
read from ``CaseDeadline``, never computed here. Disagreement resolution has no time limit, so
its window is the next 30 days.

A mediator qualifies when they are the provider's, cover the case's LA, have no declared
conflict with it, and speak the language the family needs unless an interpreter is booked.
At most one proposal is made per day, so the coordinator gets a choice of days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from sendresolve.cases.meeting_rules import mediation_held_by, notice_by
from sendresolve.cases.models import Case, Venue
from sendresolve.diary.availability import at, available_hours, free_hours, slot_starts
from sendresolve.diary.models import BookedSlot, MediatorProfile
from sendresolve.diary.selectors import venues_for
from sendresolve.diary.services import conflicts_with
from sendresolve.tenancy.roles import Role

DEFAULT_COUNT = 3
DEFAULT_DURATION = dt.timedelta(hours=2)
STEP = dt.timedelta(minutes=30)  # proposed start times are on the half hour
UNLIMITED_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class Proposal:
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str
    mediator: MediatorProfile
    venue: Venue | None


@dataclass(frozen=True)
class Window:
    first: dt.date
    last: dt.date
    limited_by_law: bool  # ``last`` is the case's deadline for holding the mediation


def proposal_window(case: Case, *, today: dt.date, shorter_notice_agreed: bool) -> Window:
    held = mediation_held_by(case)
    last = held.due_on if held is not None else today + UNLIMITED_WINDOW
    first = today + dt.timedelta(days=1)
    if not shorter_notice_agreed:
        while notice_by(first) < today:
            first += dt.timedelta(days=1)
    return Window(first, last, held is not None)


def eligible_mediators(
    case: Case, *, language: str = "", interpreter_booked: bool = False
) -> list[MediatorProfile]:
    """The provider's mediators who may mediate this case, by name."""
    profiles = (
        MediatorProfile.objects.filter(
            provider_id=case.provider_id,
            local_authorities=case.local_authority_id,
            user__is_active=True,
            user__memberships__provider_id=case.provider_id,
            user__memberships__role=Role.MEDIATOR,
            user__memberships__is_active=True,
        )
        .distinct()
        .select_related("user")
        .prefetch_related("hours", "exceptions", "conflicts")
    )
    return [
        profile
        for profile in profiles
        if not conflicts_with(profile, case)
        and (not language or interpreter_booked or profile.speaks(language))
    ]


def slot_proposals(
    case: Case,
    *,
    today: dt.date,
    count: int = DEFAULT_COUNT,
    duration: dt.timedelta = DEFAULT_DURATION,
    mode: str = Venue.Mode.IN_PERSON,
    shorter_notice_agreed: bool = False,
    language: str = "",
    interpreter_booked: bool = False,
) -> list[Proposal]:
    """The first ``count`` free slots for a meeting of ``duration`` (see the module)."""
    window = proposal_window(case, today=today, shorter_notice_agreed=shorter_notice_agreed)
    mediators = eligible_mediators(case, language=language, interpreter_booked=interpreter_booked)
    venues = list(venues_for(case)) if mode == Venue.Mode.IN_PERSON else [None]
    if not mediators or not venues or window.first > window.last:
        return []
    booked = _booked(mediators, venues, window)
    proposals: list[Proposal] = []
    day = window.first
    while day <= window.last and len(proposals) < count:
        proposal = _first_on(day, mediators, venues, booked, duration, mode)
        if proposal is not None:
            proposals.append(proposal)
        day += dt.timedelta(days=1)
    return proposals


def _booked(mediators, venues, window: Window) -> dict[tuple[str, int], set[dt.datetime]]:
    """Every slot held in the window, by ("mediator" | "venue", id)."""
    held: dict[tuple[str, int], set[dt.datetime]] = defaultdict(set)
    rows = BookedSlot.objects.filter(
        slot_start__gte=at(window.first, dt.time(0)),
        slot_start__lt=at(window.last + dt.timedelta(days=1), dt.time(0)),
    )
    venue_ids = [v.pk for v in venues if v is not None]
    rows = rows.filter(Q(mediator_id__in=[m.pk for m in mediators]) | Q(venue_id__in=venue_ids))
    for mediator_id, venue_id, start in rows.values_list("mediator_id", "venue_id", "slot_start"):
        key = ("mediator", mediator_id) if mediator_id else ("venue", venue_id)
        held[key].add(start)
    return held


def _first_on(day, mediators, venues, booked, duration, mode) -> Proposal | None:
    candidates = []
    for mediator in mediators:
        available = available_hours(
            mediator, day, hours=mediator.hours.all(), exceptions=mediator.exceptions.all()
        )
        free = free_hours(available, booked[("mediator", mediator.pk)])
        for start, end in free:
            moment = _on_step(start)
            while moment + duration <= end:
                candidates.append((moment, mediator))
                moment += STEP
    for moment, mediator in sorted(candidates, key=lambda c: (c[0], c[1].name)):
        slots = set(slot_starts(moment, moment + duration))
        for venue in venues:
            if venue is None or not slots & booked[("venue", venue.pk)]:
                return Proposal(moment, moment + duration, mode, mediator, venue)
    return None


def _on_step(moment: dt.datetime) -> dt.datetime:
    """The first half-hour at or after ``moment``."""
    minutes = moment.minute % 30
    if minutes or moment.second or moment.microsecond:
        moment = moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=30 - minutes)
    return moment
