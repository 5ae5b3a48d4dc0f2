"""One week (Monday to Sunday) of a mediator's or a venue's diary, for the week views: each
day's bank holiday, working hours (a mediator's) and booked meetings (with the case reference).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sendresolve.cases.models import Venue
from sendresolve.core.clock import LONDON
from sendresolve.diary.availability import at, available_hours, bank_holiday
from sendresolve.diary.models import Booking, MediatorProfile


@dataclass
class Day:
    day: dt.date
    holiday: str | None
    hours: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_days(
    monday: dt.date, *, mediator: MediatorProfile | None = None, venue: Venue | None = None
) -> list[Day]:
    """The seven days from ``monday`` for one mediator or one venue."""
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    bookings = (
        Booking.objects.filter(
            session__starts_at__gte=at(monday, dt.time(0)),
            session__starts_at__lt=at(monday + dt.timedelta(days=7), dt.time(0)),
        )
        .exclude(session__state="cancelled")
        .select_related("session__case", "session__venue", "mediator__user")
        .order_by("session__starts_at")
    )
    bookings = bookings.filter(mediator=mediator) if mediator else bookings.filter(venue=venue)
    hours = list(mediator.hours.all()) if mediator else []
    exceptions = list(mediator.exceptions.filter(on__in=days)) if mediator else []
    week = []
    for day in days:
        week.append(
            Day(
                day=day,
                holiday=bank_holiday(day),
                hours=available_hours(mediator, day, hours=hours, exceptions=exceptions)
                if mediator
                else [],
                bookings=[
                    b for b in bookings if b.session.starts_at.astimezone(LONDON).date() == day
                ],
            )
        )
    return week
