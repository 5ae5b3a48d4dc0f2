"""A mediator's diary as an iCalendar feed (RFC 5545), read by their calendar app from a
secret URL.

The URL's token is the only key: only its SHA-256 digest is stored (``MediatorProfile.
feed_digest``), a revoked or replaced token finds nothing (404), and the feed holds what a
calendar needs and nothing confidential: the case reference, the place and the time. No
child's or family's name, no details of the disagreement (the same rule as the invitations,
``documents.calendar_invites``).
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from sendresolve.core import clock
from sendresolve.diary.models import Booking, MediatorProfile
from sendresolve.diary.services import feed_digest

PRODID = "-//SEND Resolve//Mediator diary//EN"
# A feed shows a quarter of past meetings and everything arranged ahead.
PAST = dt.timedelta(days=92)


def feed_profile(token: str) -> MediatorProfile | None:
    """The profile whose current feed token this is, or None (unknown, revoked, replaced)."""
    if not token or len(token) > 100:
        return None
    return (
        MediatorProfile.objects.select_related("user")
        .filter(feed_digest=feed_digest(token))
        .exclude(feed_digest="")
        .first()
    )


def feed_ics(profile: MediatorProfile, *, domain: str) -> bytes:
    """The mediator's booked meetings (not cancelled), from three months ago onwards."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Mediation meetings")
    bookings = (
        Booking.objects.filter(
            mediator=profile,
            session__ends_at__gte=clock.now() - PAST,
        )
        .exclude(session__state="cancelled")
        .select_related("session__case", "session__venue")
        .order_by("session__starts_at")
    )
    stamp = clock.now()
    for booking in bookings:
        session = booking.session
        event = Event()
        event.add("uid", f"session-{session.pk}@{domain}")
        event.add("sequence", session.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", f"Mediation meeting {session.case.reference}")
        location = session.place
        if session.venue is not None and session.mode == "in_person" and session.venue.address:
            location = f"{session.venue.name}, {' '.join(session.venue.address.split())}"
        event.add("location", location)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
