"""Rearranging and cancelling an arranged meeting (issue 18): the meeting changes in place, its
calendar invitation keeps its UID with a higher SEQUENCE, everyone invited is told once, and the
30-day and notice rules are re-checked (warned about, not enforced)."""

import datetime as dt

import pytest
from icalendar import Calendar

from sendresolve.cases import services
from sendresolve.cases.documents import session_invite
from sendresolve.cases.meeting_rules import AFTER_TIME_LIMIT, SHORT_NOTICE, meeting_warnings
from sendresolve.cases.models import CaseEvent, Session
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.notifications.models import OutboxMessage
from sendresolve.tenancy.actors import actor_build

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
KEY = "0123456789abcdef0123456789abcdef"


def at(day: int, hour: int, month: int = 4) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def meeting(world, time_machine):
    """A meeting on Tuesday 2 April 2024, the LA told on 8 March (so the mediation must be held
    by Sunday 7 April), with the family and an LA officer invited."""
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="alex@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    parent = services.party_add(
        actor=adviser, case=case, role="parent", name="Alex Example", email="alex@example.test"
    )
    officer = services.party_add(
        actor=adviser, case=case, role="la_officer", name="Lee Officer", email="lee@barnet.test"
    )
    return services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=at(2, 10),
        ends_at=at(2, 12),
        mode="online",
        attendees=[parent, officer],
    )


def ics(session: Session) -> Calendar:
    session.refresh_from_db()
    return Calendar.from_ical(session_invite(session, domain="sendresolve.test"))


def the_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_a_new_meeting_invitation_is_sequence_0(meeting):
    calendar = ics(meeting)
    event = the_event(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"session-{meeting.pk}@sendresolve.test"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"


def test_rearranging_moves_the_meeting_and_updates_the_same_invitation(world, meeting):
    before = the_event(ics(meeting))
    services.session_notice_send(
        actor=world.users["provider_staff"], session=meeting, on=NOW.date()
    )
    services.session_rearrange(
        actor=world.users["provider_staff"],
        session=meeting,
        starts_at=at(4, 14),
        ends_at=at(4, 16),
        mode="online",
        reason="The mediator is ill.",
    )
    calendar = ics(meeting)
    event = the_event(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == str(before["UID"])
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == at(4, 14)
    assert meeting.state == Session.State.SCHEDULED
    # The family must be sent the new date and place: the notice is due again, 5 clear working
    # days before Thursday 4 April (Good Friday and Easter Monday do not count).
    assert meeting.case.deadlines.get(key=f"mediation_notice:{meeting.pk}").due_on == dt.date(
        2024, 3, 25
    )
    assert meeting.notice_sent_on is None
    event_row = CaseEvent.objects.get(case=meeting.case, type="session_rearranged")
    assert event_row.detail["reason"] == "The mediator is ill."
    assert dt.datetime.fromisoformat(event_row.detail["from_starts_at"]) == at(2, 10)
    assert event_row.detail["warnings"] == []
    assert (event_row.from_status, event_row.to_status) == ("arranged", "arranged")


def test_everyone_invited_is_told_of_the_new_date_once(world, meeting):
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    actor = actor_build(world.users["provider_staff"])
    for _ in range(2):  # the same form sent twice
        action_perform(
            "session_rearrange",
            actor=actor,
            case=meeting.case,
            submission_key=KEY,
            session=meeting,
            starts_at=at(4, 14),
            ends_at=at(4, 16),
            mode="online",
            reason="The mediator is ill.",
        )
    sent = OutboxMessage.objects.exclude(pk__in=before)
    # The family once (the parent party shares their address), the LA officer once.
    assert sorted(sent.values_list("template", "to")) == [
        ("session_rearranged", "alex@example.test"),
        ("session_rearranged_party", "lee@barnet.test"),
    ]
    family = sent.get(template="session_rearranged")
    assert "Tuesday 2 April 2024 at 10:00am has been rearranged" in family.body
    assert "New date: Thursday 4 April 2024" in family.body
    assert "Time: 2:00pm" in family.body
    assert "Dear Lee Officer" in sent.get(template="session_rearranged_party").body
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert CaseEvent.objects.filter(case=meeting.case, type="session_rearranged").count() == 1


def test_a_date_past_the_30_days_is_warned_about_not_refused(world, meeting):
    warnings = meeting_warnings(
        meeting.case, starts_at=at(9, 10), shorter_notice_agreed=False, today=NOW.date()
    )
    assert [w.code for w in warnings] == [AFTER_TIME_LIMIT]
    assert warnings[0].text.startswith(
        "Tuesday 9 April 2024 is after Sunday 7 April 2024, the last day to hold the mediation"
    )
    assert "Barnet would miss this time limit" in warnings[0].text
    # The day itself is within the limit.
    assert (
        meeting_warnings(
            meeting.case, starts_at=at(7, 10), shorter_notice_agreed=False, today=NOW.date()
        )
        == []
    )
    services.session_rearrange(
        actor=world.users["provider_staff"],
        session=meeting,
        starts_at=at(9, 10),
        ends_at=at(9, 12),
        mode="online",
        reason="The only day the LA officer can come.",
    )
    meeting.refresh_from_db()
    assert meeting.starts_at == at(9, 10)
    event = CaseEvent.objects.get(case=meeting.case, type="session_rearranged")
    assert event.detail["warnings"] == [AFTER_TIME_LIMIT]


def test_too_little_notice_is_warned_about_unless_the_family_agreed(meeting):
    # Monday 25 March: the 5 clear working days before it start on Monday 18 March, so notice
    # was due by Friday 15 March; for Thursday 28 March it is due today (Wednesday 20 March).
    case = meeting.case
    late = meeting_warnings(
        case, starts_at=at(25, 10, 3), shorter_notice_agreed=False, today=NOW.date()
    )
    assert [w.code for w in late] == [SHORT_NOTICE]
    assert "by Friday 15 March 2024" in late[0].text
    agreed = meeting_warnings(
        case, starts_at=at(25, 10, 3), shorter_notice_agreed=True, today=NOW.date()
    )
    assert agreed == []
    assert (
        meeting_warnings(
            case, starts_at=at(28, 10, 3), shorter_notice_agreed=False, today=NOW.date()
        )
        == []
    )


def test_rearranging_needs_a_reason_a_change_and_an_arranged_meeting(world, meeting):
    adviser = world.users["provider_staff"]
    same = {"starts_at": at(2, 10), "ends_at": at(2, 12), "mode": "online"}
    with pytest.raises(ValidationError, match="Enter why") as error:
        services.session_rearrange(actor=adviser, session=meeting, reason=" ", **same)
    assert error.value.field == "reason"
    with pytest.raises(ValidationError, match="Change the date, the time or the place"):
        services.session_rearrange(actor=adviser, session=meeting, reason="No change", **same)
    with pytest.raises(ValidationError, match="end after it starts"):
        services.session_rearrange(
            actor=adviser,
            session=meeting,
            starts_at=at(4, 12),
            ends_at=at(4, 10),
            mode="online",
            reason="Later",
        )
    with pytest.raises(NotFound):
        services.session_rearrange(
            actor=world.users["la_officer"],
            session=meeting,
            starts_at=at(4, 10),
            ends_at=at(4, 12),
            mode="online",
            reason="Later",
        )
    services.session_cancel(actor=adviser, session=meeting, on=NOW.date(), cancelled_by="family")
    with pytest.raises(ValidationError, match="not arranged any more"):
        services.session_rearrange(
            actor=adviser,
            session=meeting,
            starts_at=at(4, 10),
            ends_at=at(4, 12),
            mode="online",
            reason="Later",
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 1  # only the cancellation counted


def test_cancelling_records_who_and_sends_a_cancellation_with_a_higher_sequence(world, meeting):
    adviser = world.users["provider_staff"]
    services.session_rearrange(
        actor=adviser,
        session=meeting,
        starts_at=at(4, 14),
        ends_at=at(4, 16),
        mode="online",
        reason="The mediator is ill.",
    )
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    services.session_cancel(
        actor=adviser,
        session=meeting,
        on=NOW.date(),
        cancelled_by="local_authority",
        reason="The officer is away.",
    )
    calendar = ics(meeting)
    event = the_event(calendar)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["UID"]) == f"session-{meeting.pk}@sendresolve.test"
    assert meeting.cancelled_by == "local_authority"
    cancelled = CaseEvent.objects.get(case=meeting.case, type="session_cancelled")
    assert cancelled.detail["cancelled_by"] == "local_authority"
    assert cancelled.detail["reason"] == "The officer is away."
    sent = OutboxMessage.objects.exclude(pk__in=before)
    assert sorted(sent.values_list("template", "to")) == [
        ("session_cancelled", "alex@example.test"),
        ("session_cancelled_party", "lee@barnet.test"),
    ]
    assert (
        "on Thursday 4 April 2024 at 2:00pm is cancelled"
        in sent.get(template="session_cancelled").body
    )
    assert "session_rearrange" not in actions_offered(adviser, meeting.case)


def test_cancelling_refuses_an_unknown_who(world, meeting):
    with pytest.raises(ValidationError) as error:
        services.session_cancel(
            actor=world.users["provider_staff"], session=meeting, on=NOW.date(), cancelled_by="x"
        )
    assert error.value.field == "cancelled_by"


def test_a_repeated_cancellation_performs_once(world, meeting):
    actor = actor_build(world.users["provider_staff"])
    kwargs = {"session": meeting, "on": NOW.date(), "cancelled_by": "family"}
    first = action_perform(
        "session_cancel", actor=actor, case=meeting.case, submission_key=KEY, **kwargs
    )
    again = action_perform(
        "session_cancel", actor=actor, case=meeting.case, submission_key=KEY, **kwargs
    )
    assert isinstance(again, Replayed) and again.result == first
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert OutboxMessage.objects.filter(template__startswith="session_cancelled").count() == 2
