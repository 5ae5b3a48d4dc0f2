"""The mediator booked for a meeting is "the mediator on the case" for the messages that go to
one (``notifications.sending.case_mediators``): documents sent and meeting reminders."""

from sendresolve.cases import services as case_services
from sendresolve.diary.tests.conftest import TODAY
from sendresolve.diary.tests.test_booking import book
from sendresolve.notifications.sending import case_mediators


def test_the_booked_mediator_is_on_the_case_until_the_meeting_is_cancelled(diary):
    assert case_mediators(diary.case) == []
    session = book(diary)
    user = diary.mediator.user
    assert [m.email for m in case_mediators(diary.case)] == [user.email]
    case_services.session_cancel(
        actor=diary.coordinator, session=session, on=TODAY, reason="Mediator unwell"
    )
    assert case_mediators(diary.case) == []


def test_an_assigned_mediator_who_is_also_booked_is_named_once(diary):
    book(diary)
    case_services.case_assign(
        actor=diary.coordinator, case=diary.case, assignee=diary.mediator.user
    )
    diary.case.refresh_from_db()
    assert len(case_mediators(diary.case)) == 1
