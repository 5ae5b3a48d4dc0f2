"""Meeting reminders (issue 22): 2 working days and 1 day before, to everyone taking part,
once, with the law core's bank holidays."""

import datetime as dt
import logging

import pytest

from sendresolve.cases.models import Party, Session
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import Channel, OutboxMessage
from sendresolve.reminders import tasks
from sendresolve.reminders.meetings import (
    meeting_participants,
    meeting_reminder_send,
    meeting_reminders_send,
    reminder_dates,
)
from sendresolve.reminders.models import MeetingReminder

pytestmark = pytest.mark.django_db

TWO = MeetingReminder.Kind.TWO_WORKING_DAYS
ONE = MeetingReminder.Kind.ONE_DAY


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def reminders():
    return OutboxMessage.objects.filter(template__in=["meeting_reminder", "meeting_reminder_party"])


@pytest.fixture
def meeting(world):
    """A case whose family prefers texts, with an LA officer and a supporter invited and the
    case assigned to a mediator; the meeting is arranged for the given time."""

    def arrange(starts_at, **case_fields):
        mediator = world.users["colleague"]
        mediator.email = "mediator@alpha.test"
        mediator.save()
        today = clock.today()
        case = open_case(
            world,
            opened_on=today,
            decision_letter_date=today - dt.timedelta(days=5),
            phone="07700 900982",
            preferred_channel="sms",
            assigned_to=mediator,
            **case_fields,
        )
        officer = Party.objects.create(
            case=case, role="la_officer", name="Pat Officer", email="pat@barnet.test"
        )
        supporter = Party.objects.create(
            case=case, role="supporter", name="Sky Supporter", phone="07700 900123"
        )
        nobody = Party.objects.create(case=case, role="school", name="No Contact School")
        session = Session.objects.create(
            case=case, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), mode="online"
        )
        session.attendees.set([officer, supporter, nobody])
        return session

    return arrange


@pytest.mark.parametrize(
    ("meeting_on", "two_working_days", "one_day"),
    [
        # Christmas Day is a Friday in 2026, so Boxing Day's bank holiday is Monday 28th.
        (dt.date(2026, 12, 29), dt.date(2026, 12, 23), dt.date(2026, 12, 28)),
        # New Year's Day 2027 is a Friday: a Monday meeting is reminded the Wednesday before.
        (dt.date(2027, 1, 4), dt.date(2026, 12, 30), dt.date(2027, 1, 3)),
        # An ordinary Thursday: Tuesday, and Wednesday.
        (dt.date(2024, 3, 21), dt.date(2024, 3, 19), dt.date(2024, 3, 20)),
        # After Easter 2024 (Good Friday 29 March, Easter Monday 1 April).
        (dt.date(2024, 4, 2), dt.date(2024, 3, 27), dt.date(2024, 4, 1)),
    ],
)
def test_reminder_days_count_the_bank_holidays(meeting_on, two_working_days, one_day):
    assert reminder_dates(meeting_on) == {TWO: two_working_days, ONE: one_day}


def test_an_extra_bank_holiday_moves_the_reminder(settings):
    settings.SENDRESOLVE_EXTRA_BANK_HOLIDAYS = [dt.date(2024, 3, 19)]
    assert reminder_dates(dt.date(2024, 3, 21))[TWO] == dt.date(2024, 3, 18)


def test_a_meeting_after_christmas_is_reminded_on_the_right_days_once(world, meeting, pinned_clock):
    pinned_clock.move_to(at(2026, 12, 1, 9), tick=False)
    session = meeting(at(2026, 12, 29, 10))
    sent_on = {}
    day = dt.date(2026, 12, 20)
    while day <= dt.date(2026, 12, 30):
        pinned_clock.move_to(at(day.year, day.month, day.day, 7), tick=False)
        sent_on[day] = meeting_reminders_send(today=day)
        # The job runs again the same day (a restart): nothing new.
        assert meeting_reminders_send(today=day) == 0
        day += dt.timedelta(days=1)
    # Family, officer, supporter and mediator; the school has no address.
    assert {day: n for day, n in sent_on.items() if n} == {
        dt.date(2026, 12, 23): 4,
        dt.date(2026, 12, 28): 4,
    }
    officer, supporter = session.attendees.filter(role__in=["la_officer", "supporter"])
    mediator = world.users["colleague"]
    who = {"family", f"party:{officer.pk}", f"party:{supporter.pk}", f"user:{mediator.pk}"}
    assert set(
        MeetingReminder.objects.filter(session=session).values_list("kind", "participant")
    ) == {(kind, key) for kind in (TWO, ONE) for key in who}
    rows = MeetingReminder.objects.filter(session=session)
    assert rows.count() == 8
    family = reminders().filter(template="meeting_reminder")
    assert {(m.channel, m.to) for m in family} == {(Channel.SMS, "07700900982")}
    text = family.first().body
    assert "Tuesday 29 December 2026" in text and "10:00am" in text and "Online" in text
    party = reminders().filter(template="meeting_reminder_party")
    assert sorted({(m.channel, m.to) for m in party}) == [
        (Channel.EMAIL, "mediator@alpha.test"),
        (Channel.EMAIL, "pat@barnet.test"),
        (Channel.SMS, "07700900123"),
    ]
    assert all("Sam" not in m.body for m in reminders())  # no child's name


def test_a_monday_meeting_after_a_friday_bank_holiday(meeting, pinned_clock):
    pinned_clock.move_to(at(2026, 12, 1, 9), tick=False)
    meeting(at(2027, 1, 4, 14))
    assert meeting_reminders_send(today=dt.date(2026, 12, 29)) == 0
    assert meeting_reminders_send(today=dt.date(2026, 12, 30)) == 4
    assert meeting_reminders_send(today=dt.date(2026, 12, 31)) == 0
    assert meeting_reminders_send(today=dt.date(2027, 1, 1)) == 0
    assert meeting_reminders_send(today=dt.date(2027, 1, 2)) == 0
    assert meeting_reminders_send(today=dt.date(2027, 1, 3)) == 4
    assert meeting_reminders_send(today=dt.date(2027, 1, 4)) == 0


def test_a_missed_run_catches_up_with_the_latest_reminder_only(meeting, pinned_clock):
    pinned_clock.move_to(at(2024, 3, 1, 9), tick=False)
    session = meeting(at(2024, 3, 21, 10))
    # No run on Tuesday 19th; Wednesday's run sends the day-before reminder only.
    assert meeting_reminders_send(today=dt.date(2024, 3, 20)) == 4
    assert set(session.meeting_reminders.values_list("kind", flat=True)) == {ONE}


def test_a_rearranged_meeting_is_reminded_for_its_new_time(meeting, pinned_clock):
    pinned_clock.move_to(at(2024, 3, 1, 9), tick=False)
    session = meeting(at(2024, 3, 21, 10))
    assert meeting_reminders_send(today=dt.date(2024, 3, 19)) == 4
    # Rearranged on the 19th to Tuesday 26 March, as session_rearrange does (a new sequence).
    session.starts_at = at(2024, 3, 26, 10)
    session.ends_at = at(2024, 3, 26, 12)
    session.sequence += 1
    session.save()
    assert meeting_reminders_send(today=dt.date(2024, 3, 20)) == 0  # the old day-before
    assert meeting_reminders_send(today=dt.date(2024, 3, 22)) == 4  # 2 working days before
    assert meeting_reminders_send(today=dt.date(2024, 3, 25)) == 4
    assert session.meeting_reminders.filter(sequence=1).count() == 8
    assert "Tuesday 26 March 2024" in reminders().order_by("-id").first().body


@pytest.mark.parametrize("state", [Session.State.CANCELLED, Session.State.HELD])
def test_a_cancelled_or_held_meeting_gets_no_reminders(meeting, pinned_clock, state):
    pinned_clock.move_to(at(2024, 3, 1, 9), tick=False)
    session = meeting(at(2024, 3, 21, 10))
    session.state = state
    session.save()
    assert meeting_reminders_send(today=dt.date(2024, 3, 19)) == 0
    assert meeting_reminders_send(today=dt.date(2024, 3, 20)) == 0
    assert not reminders().exists()


def test_a_reminder_recorded_by_a_parallel_run_is_not_sent_again(meeting, pinned_clock):
    pinned_clock.move_to(at(2024, 3, 1, 9), tick=False)
    session = meeting(at(2024, 3, 21, 10))
    [family, *_] = meeting_participants(session)
    assert meeting_reminder_send(session=session, kind=ONE, person=family) is not None
    assert meeting_reminder_send(session=session, kind=ONE, person=family) is None
    assert reminders().count() == 1


def test_the_family_by_email_and_an_address_shared_with_a_party_gets_one(world, pinned_clock):
    pinned_clock.move_to(at(2024, 3, 10, 9), tick=False)
    case = open_case(world)  # email alex@example.test, preferred email
    parent = Party.objects.create(
        case=case, role="parent", name="Alex Example", email="ALEX@example.test"
    )
    session = Session.objects.create(
        case=case, starts_at=at(2024, 3, 21, 10), ends_at=at(2024, 3, 21, 11), mode="telephone"
    )
    session.attendees.set([parent])
    [only] = meeting_participants(session)
    assert (only.key, only.channel, only.to) == ("family", Channel.EMAIL, "alex@example.test")


def test_the_daily_job_sends_meeting_reminders_too(meeting, pinned_clock):
    pinned_clock.move_to(at(2024, 3, 1, 9), tick=False)
    meeting(at(2024, 3, 21, 10))
    pinned_clock.move_to(at(2024, 3, 19, 7), tick=False)
    assert tasks.reminders_send.call()["meeting_reminders"] == 4


def test_no_personal_data_in_the_logs(meeting, pinned_clock, caplog):
    caplog.set_level(logging.DEBUG)
    pinned_clock.move_to(at(2024, 3, 1, 9), tick=False)
    meeting(at(2024, 3, 21, 10))
    meeting_reminders_send(today=dt.date(2024, 3, 19))
    for personal in ("07700", "pat@barnet", "mediator@alpha", "Alex", "Pat", "Sky", "Sam"):
        assert personal not in caplog.text
    assert "Meeting reminders sent: 4" in caplog.text
