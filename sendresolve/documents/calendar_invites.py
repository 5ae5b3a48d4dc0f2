"""Calendar invitations (iCalendar, RFC 5545) for mediation and disagreement-resolution sessions.

The invitation is an ``METHOD:REQUEST`` calendar with one event whose start and end are given in
Europe/London, with the matching ``VTIMEZONE``, so calendars show the right local time on either
side of a clock change. A rearranged session is the same event (same ``UID``) with a higher
``SEQUENCE``; a cancelled one is ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` (RFC 5546 §3.2.5),
which removes it from the attendees' calendars.

Calendar invitations travel by ordinary email and sit in people's calendars indefinitely, so
the caller must keep confidential content out of them: no child's name, no details of the
disagreement, no health information. A summary such as "Mediation meeting" with the case
reference, a location and joining instructions is enough.
"""

import datetime as dt
from urllib.parse import quote

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from sendresolve.core import clock
from sendresolve.core.text import text_clean

__all__ = ["PRODID", "session_invite_ics"]

PRODID = "-//SEND Resolve//Mediation sessions//EN"


def _london_vtimezone() -> Timezone:
    """Return a compact VTIMEZONE for Europe/London under the rules in force since 1996.

    Clocks go forward at 01:00 GMT on the last Sunday in March and back at 02:00 BST on the last
    Sunday in October. Recurrence rules (rather than icalendar's generated list of dates) keep the
    invitation small and are what Outlook expects.
    """
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", dt.timedelta(0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("dtstart", dt.datetime(1981, 3, 29, 1, 0))  # noqa: DTZ001 (local, by definition)
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(0))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))  # noqa: DTZ001 (local, by definition)
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    timezone = Timezone()
    timezone.add("tzid", "Europe/London")
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


# RFC 6068 §2: in a mailto URI an address keeps its unreserved characters, "@" and these;
# everything else ("%", "/", "?", "#", "&", ";", ",", quotes, spaces, line breaks, any
# non-ASCII character) is percent-encoded.
_MAILTO_SAFE = "@!$'()*+="


def _mailto(email: str) -> str:
    """The ``mailto:`` URI of an address, percent-encoded (RFC 6068), so an address as stored,
    whatever it holds, can neither break the calendar's lines nor add a property to it."""
    return "mailto:" + quote(email.strip(), safe=_MAILTO_SAFE)


def _address(email: str, name: str | None = None) -> vCalAddress:
    address = vCalAddress(_mailto(email))
    if name:
        # Parameter values cannot contain double quotes or line breaks (RFC 5545 §3.1.1).
        address.params["CN"] = vText(" ".join(text_clean(name).replace('"', "'").split()))
    return address


def session_invite_ics(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    location: str,
    description: str,
    organiser_email: str,
    attendees: list[tuple[str, str]],
    dtstamp: dt.datetime | None = None,
    sequence: int = 0,
    cancelled: bool = False,
) -> bytes:
    """Return an iCalendar invitation (``METHOD:REQUEST``) for one session, or its
    cancellation (``cancelled``: ``METHOD:CANCEL``, ``STATUS:CANCELLED``).

    ``start``, ``end`` and ``dtstamp`` must be timezone-aware; the times are written in
    Europe/London. ``attendees`` is a list of ``(name, email)`` pairs. ``uid`` must stay the same
    for every version of the invitation to one session, with ``sequence`` increased each time
    it is changed, so calendars update the event rather than adding a second one.

    ``summary``, ``location`` and ``description`` are sent by email: keep confidential content out
    of them (see the module docstring). Every address is written percent-encoded (``_mailto``):
    one stored before addresses were checked on the way in still gives an invitation, and no
    error here ever carries an address.
    """
    for name, value in (("start", start), ("end", end), ("dtstamp", dtstamp)):
        if value is not None and value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime.")
    if end <= start:
        raise ValueError("A session must end after it starts.")
    if not uid:
        raise ValueError("A calendar invitation needs a uid.")

    stamp = (dtstamp or clock.now()).astimezone(dt.UTC)

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(clock.LONDON))
    event.add("dtend", end.astimezone(clock.LONDON))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", text_clean(summary))
    event.add("location", text_clean(location))
    event.add("description", text_clean(description, multiline=True))
    event.add("organizer", _address(organiser_email))
    for name, email in attendees:
        if not email.strip():
            continue
        attendee = _address(email, name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("FALSE" if cancelled else "TRUE")
        event.add("attendee", attendee, encode=False)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(_london_vtimezone())
    calendar.add_component(event)
    return calendar.to_ical()
