import datetime as dt

from sendresolve.cases.meeting_rules import notice_by
from sendresolve.cases.models import Venue
from sendresolve.diary import services
from sendresolve.diary.proposals import proposal_window, slot_proposals
from sendresolve.diary.tests.conftest import TODAY, at, mediator_make

HELD_BY = dt.date(2024, 4, 7)


def test_three_proposals_inside_the_window_with_notice_skipping_good_friday(diary):
    proposals = slot_proposals(diary.case, today=TODAY)
    assert len(proposals) == 3
    days = [p.starts_at.date() for p in proposals]
    # Five working days' notice from Wednesday 20 March: the first day it still allows.
    first = proposal_window(diary.case, today=TODAY, shorter_notice_agreed=False).first
    assert notice_by(first) >= TODAY and notice_by(first - dt.timedelta(days=1)) < TODAY
    assert days[0] == first
    assert all(first <= day <= HELD_BY for day in days)
    assert dt.date(2024, 3, 29) not in days  # Good Friday
    assert dt.date(2024, 4, 1) not in days  # Easter Monday
    assert all(day.weekday() < 5 for day in days)
    for proposal in proposals:
        assert proposal.mediator == diary.mediator
        assert proposal.venue == diary.venue
        assert proposal.starts_at.timetz().replace(tzinfo=None) == dt.time(9, 30)


def test_shorter_notice_agreed_starts_tomorrow(diary):
    proposals = slot_proposals(diary.case, today=TODAY, shorter_notice_agreed=True)
    assert proposals[0].starts_at.date() == dt.date(2024, 3, 21)


def test_the_window_ends_at_the_stored_deadline(diary):
    window = proposal_window(diary.case, today=TODAY, shorter_notice_agreed=False)
    assert window.last == HELD_BY and window.limited_by_law
    proposals = slot_proposals(diary.case, today=dt.date(2024, 4, 3))
    assert proposals == []  # 5 working days from 3 April is after 7 April


def test_a_booked_slot_moves_the_proposal_later_that_day(diary):
    first = slot_proposals(diary.case, today=TODAY)[0]
    services.session_book(
        actor=diary.coordinator,
        case=diary.case,
        mediator=diary.mediator,
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        mode=Venue.Mode.IN_PERSON,
        venue=diary.venue,
    )
    again = slot_proposals(diary.case, today=TODAY)[0]
    assert again.starts_at == first.ends_at


def test_only_mediators_covering_the_la_without_a_conflict_are_offered(world, diary):
    elsewhere = mediator_make(world, diary.coordinator, "far@alpha.test", councils=[])
    services.conflict_declare(
        actor=diary.coordinator,
        mediator=diary.mediator,
        local_authority=world.local_authority,
        reason="Worked for Barnet's SEND team until 2023.",
    )
    assert slot_proposals(diary.case, today=TODAY) == []
    assert elsewhere.pk  # exists, but covers no council


def test_a_conflict_with_a_party_by_name_excludes_the_mediator(world, diary):
    other = mediator_make(world, diary.coordinator, "bea@alpha.test")
    services.conflict_declare(
        actor=diary.coordinator, mediator=diary.mediator, name="alex  example", reason="Neighbour"
    )
    assert {p.mediator for p in slot_proposals(diary.case, today=TODAY)} == {other}


def test_language_needed_picks_a_mediator_who_speaks_it_unless_an_interpreter_is_booked(
    world, diary
):
    polish = mediator_make(world, diary.coordinator, "pola@alpha.test", languages=["Polish"])
    found = slot_proposals(diary.case, today=TODAY, language="polish")
    assert {p.mediator for p in found} == {polish}
    both = slot_proposals(diary.case, today=TODAY, language="Polish", interpreter_booked=True)
    assert {p.mediator for p in both} <= {polish, diary.mediator} and both


def test_bank_holiday_extra_hours_make_it_a_working_day_for_the_mediator(diary):
    services.availability_exception_add(
        actor=diary.mediator.user,
        mediator=diary.mediator,
        on=dt.date(2024, 3, 29),
        kind="extra",
        starts=dt.time(10),
        ends=dt.time(13),
    )
    days = [p.starts_at for p in slot_proposals(diary.case, today=TODAY, count=5)]
    assert at(dt.date(2024, 3, 29), 10) in days


def test_a_day_away_is_skipped(diary):
    first = slot_proposals(diary.case, today=TODAY)[0].starts_at.date()
    services.availability_exception_add(
        actor=diary.coordinator, mediator=diary.mediator, on=first, kind="unavailable"
    )
    assert slot_proposals(diary.case, today=TODAY)[0].starts_at.date() > first


def test_online_meetings_need_no_venue(diary):
    Venue.objects.all().update(is_active=False)
    assert slot_proposals(diary.case, today=TODAY) == []
    online = slot_proposals(diary.case, today=TODAY, mode=Venue.Mode.ONLINE)
    assert len(online) == 3 and all(p.venue is None for p in online)
