"""When a mediator is free: weekly hours, the day's exceptions, bank holidays and bookings.

Times are London wall-clock times on a date; the instants compared with bookings are aware
datetimes. Bank holidays (England and Wales, from the law core's calendar with any proclaimed
extra ones) are days off unless the mediator added extra hours for that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sendresolve import law
from sendresolve.cases.deadlines import extra_bank_holidays
from sendresolve.core.clock import LONDON
from sendresolve.diary.models import SLOT_MINUTES, AvailabilityException, MediatorProfile

Interval = tuple[dt.datetime, dt.datetime]
SLOT = dt.timedelta(minutes=SLOT_MINUTES)


def bank_holiday(day: dt.date) -> str | None:
    """The bank holiday's name if ``day`` is one in England and Wales, else None."""
    calendar = law.WorkingDays.adding(extra_bank_holidays()).calendar("ENG_WD")
    return calendar.holiday_name(day)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """``time`` on ``day`` in London, as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def slot_starts(starts_at: dt.datetime, ends_at: dt.datetime) -> list[dt.datetime]:
    """The starts of every 15-minute slot ``[starts_at, ends_at)`` touches, in UTC (a meeting
    from 10:05 to 10:20 holds the 10:00 and 10:15 slots)."""
    start = starts_at.astimezone(dt.UTC)
    first = start.replace(
        minute=start.minute - start.minute % SLOT_MINUTES, second=0, microsecond=0
    )
    slots = []
    moment = first
    while moment < ends_at:
        slots.append(moment)
        moment += SLOT
    return slots


def _subtract(intervals: list[Interval], cut: Interval) -> list[Interval]:
    kept = []
    for start, end in intervals:
        if cut[1] <= start or cut[0] >= end:
            kept.append((start, end))
            continue
        if start < cut[0]:
            kept.append((start, cut[0]))
        if cut[1] < end:
            kept.append((cut[1], end))
    return kept


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def available_hours(
    profile: MediatorProfile,
    day: dt.date,
    *,
    hours: Iterable | None = None,
    exceptions: Iterable[AvailabilityException] | None = None,
) -> list[Interval]:
    """The hours the mediator works on ``day`` (before bookings): weekly hours unless it is a
    bank holiday, plus extra hours, less the times they are away. ``hours`` and ``exceptions``
    may be passed already read (a week view reads them once)."""
    hours = profile.hours.all() if hours is None else hours
    exceptions = profile.exceptions.filter(on=day) if exceptions is None else exceptions
    todays = [e for e in exceptions if e.on == day]
    intervals: list[Interval] = []
    if bank_holiday(day) is None:
        intervals = [
            (at(day, h.starts), at(day, h.ends)) for h in hours if h.weekday == day.weekday()
        ]
    extra = [
        (at(day, e.starts), at(day, e.ends))
        for e in todays
        if e.kind == "extra" and e.starts is not None and e.ends is not None
    ]
    intervals = _merge([*intervals, *extra])
    for away in todays:
        if away.kind != "unavailable":
            continue
        if away.starts is None or away.ends is None:
            return []
        intervals = _subtract(intervals, (at(day, away.starts), at(day, away.ends)))
    return intervals


def free_hours(available: list[Interval], booked: Iterable[dt.datetime]) -> list[Interval]:
    """``available`` less the booked 15-minute slots."""
    for slot in booked:
        available = _subtract(available, (slot, slot + SLOT))
    return available


def covers(intervals: list[Interval], starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    return any(start <= starts_at and ends_at <= end for start, end in intervals)
