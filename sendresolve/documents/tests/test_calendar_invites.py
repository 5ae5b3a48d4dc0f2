import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from sendresolve.documents.calendar_invites import session_invite_ics

LONDON = ZoneInfo("Europe/London")


def invite(**overrides) -> Calendar:
    values = {
        "uid": "session-42@sendresolve.example",
        "start": dt.datetime(2025, 3, 31, 10, 0, tzinfo=LONDON),
        "end": dt.datetime(2025, 3, 31, 12, 0, tzinfo=LONDON),
        "summary": "Mediation meeting (case BAR-2024-0042)",
        "location": "Hendon Library, Room 2",
        "description": "Please arrive 10 minutes early.\nAsk at reception.",
        "organiser_email": "coordinator@alpha.test",
        "attendees": [("Alex Taylor", "alex@example.test"), ("Barnet SEN team", "sen@barnet.test")],
        "dtstamp": dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC),
    }
    values.update(overrides)
    return Calendar.from_ical(session_invite_ics(**values))


def test_invite_is_a_request_with_one_event():
    calendar = invite()
    (event,) = calendar.walk("VEVENT")

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]) == "session-42@sendresolve.example"
    assert str(event["SUMMARY"]) == "Mediation meeting (case BAR-2024-0042)"
    assert str(event["LOCATION"]) == "Hendon Library, Room 2"
    assert str(event["DESCRIPTION"]) == "Please arrive 10 minutes early.\nAsk at reception."
    assert event.decoded("DTSTAMP") == dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    assert str(event["ORGANIZER"]) == "mailto:coordinator@alpha.test"
    assert [(a.params["CN"], str(a)) for a in event["ATTENDEE"]] == [
        ("Alex Taylor", "mailto:alex@example.test"),
        ("Barnet SEN team", "mailto:sen@barnet.test"),
    ]


def test_session_after_clocks_go_forward_is_in_british_summer_time():
    # Clocks went forward on Sunday 30 March 2025: 10:00 on the Monday is 09:00 UTC.
    (event,) = invite().walk("VEVENT")
    start = event.decoded("DTSTART")

    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].to_ical() == b"20250331T100000"
    assert start.astimezone(dt.UTC) == dt.datetime(2025, 3, 31, 9, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND").astimezone(dt.UTC) == dt.datetime(
        2025, 3, 31, 11, 0, tzinfo=dt.UTC
    )


def test_utc_input_is_written_in_london_time():
    (event,) = invite(
        start=dt.datetime(2025, 3, 28, 10, 0, tzinfo=dt.UTC),
        end=dt.datetime(2025, 3, 28, 11, 0, tzinfo=dt.UTC),
    ).walk("VEVENT")

    assert event["DTSTART"].to_ical() == b"20250328T100000"  # GMT: London equals UTC


def test_vtimezone_gives_the_right_offsets_either_side_of_each_change():
    (timezone,) = invite().walk("VTIMEZONE")
    tz = timezone.to_tz()

    assert str(timezone["TZID"]) == "Europe/London"
    assert dt.datetime(2025, 3, 29, 10, 0, tzinfo=tz).utcoffset() == dt.timedelta(0)
    assert dt.datetime(2025, 3, 31, 10, 0, tzinfo=tz).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2025, 10, 25, 10, 0, tzinfo=tz).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2025, 10, 27, 10, 0, tzinfo=tz).utcoffset() == dt.timedelta(0)


@time_machine.travel(dt.datetime(2025, 2, 3, 14, 30, tzinfo=dt.UTC), tick=False)
def test_dtstamp_defaults_to_the_clock():
    (event,) = invite(dtstamp=None).walk("VEVENT")

    assert event.decoded("DTSTAMP") == dt.datetime(2025, 2, 3, 14, 30, tzinfo=dt.UTC)


def test_attendee_name_with_quotes_still_parses():
    (event,) = invite(attendees=[('Alex "Al" Taylor', "alex@example.test")]).walk("VEVENT")

    assert event["ATTENDEE"].params["CN"] == "Alex 'Al' Taylor"


@pytest.mark.parametrize(
    "overrides",
    [
        {"start": dt.datetime(2025, 3, 31, 10, 0)},  # noqa: DTZ001 (naive on purpose)
        {"end": dt.datetime(2025, 3, 31, 9, 0, tzinfo=LONDON)},
        {"uid": ""},
    ],
)
def test_invite_rejects_bad_input(overrides):
    with pytest.raises(ValueError):
        invite(**overrides)


@pytest.mark.parametrize(
    ("email", "written"),
    [
        ('"alex taylor"@example.test', "mailto:%22alex%20taylor%22@example.test"),
        ("alex@example.test\r\nX-INJECTED:1", "mailto:alex@example.test%0D%0AX-INJECTED%3A1"),
        ("a&b;c,d?e#f%g@example.test", "mailto:a%26b%3Bc%2Cd%3Fe%23f%25g@example.test"),
        ("o'brien+send@example.test", "mailto:o'brien+send@example.test"),
    ],
)
def test_any_stored_address_gives_an_invitation_with_it_percent_encoded(email, written):
    ics = session_invite_ics(
        uid="session-42@sendresolve.example",
        start=dt.datetime(2025, 3, 31, 10, 0, tzinfo=LONDON),
        end=dt.datetime(2025, 3, 31, 12, 0, tzinfo=LONDON),
        summary="Mediation meeting",
        location="Online",
        description="",
        organiser_email=email,
        attendees=[("Alex Taylor", email), ("Nobody", " ")],
        dtstamp=dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC),
    )
    assert b"X-INJECTED" not in ics.replace(b"X-INJECTED%3A1", b"")
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["ORGANIZER"]) == written
    assert str(event["ATTENDEE"]) == written  # one attendee: the blank address is left out


def test_names_and_places_lose_their_control_and_bidi_characters():
    calendar = invite(
        location="Hendon\u202e Library\x00",
        attendees=[("Alex\u2066 Taylor\x1b", "alex@example.test")],
    )
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "Hendon Library"
    assert event["ATTENDEE"].params["CN"] == "Alex Taylor"
