import contextlib
import datetime as dt
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from sendresolve.cases import services as case_services
from sendresolve.cases.models import Session
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.errors import NotAllowed, ValidationError
from sendresolve.diary import services
from sendresolve.diary.models import BookedSlot, Booking, MediatorProfile
from sendresolve.diary.tests.conftest import NOW, TODAY, at, diary_make, mediator_make

DAY = dt.date(2024, 3, 28)


def book(diary, case=None, *, start=10, end=12, venue="default", mediator=None, mode="in_person"):
    return services.session_book(
        actor=diary.coordinator,
        case=case or diary.case,
        mediator=mediator or diary.mediator,
        starts_at=at(DAY, start),
        ends_at=at(DAY, end),
        mode=mode,
        venue=diary.venue if venue == "default" else venue,
    )


def second_case(world, diary):
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, child_name="Jo Other", requester_name="Pat Other")
    case_services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    case_services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    case_services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return case


def test_booking_arranges_the_meeting_and_holds_every_quarter_hour(diary):
    session = book(diary)
    assert session.case.status == "arranged"
    booking = Booking.objects.get(session=session)
    assert booking.mediator == diary.mediator and booking.venue == diary.venue
    assert BookedSlot.objects.filter(mediator=diary.mediator).count() == 8
    assert BookedSlot.objects.filter(venue=diary.venue).count() == 8


def test_the_same_mediator_at_an_overlapping_hour_is_refused_and_nothing_is_left(world, diary):
    book(diary)
    other = second_case(world, diary)
    with pytest.raises(ValidationError, match="already booked"):
        book(diary, other, start=11, end=13, venue=None, mode="online")
    assert not other.sessions.exists()
    other.refresh_from_db()
    assert other.status == "la_informed"


def test_the_same_room_with_another_mediator_is_refused(world, diary):
    book(diary)
    bea = mediator_make(world, diary.coordinator, "bea@alpha.test")
    with pytest.raises(ValidationError, match="The venue is already booked"):
        book(diary, second_case(world, diary), start=11, end=12, mediator=bea)


def test_back_to_back_meetings_are_fine(world, diary):
    book(diary)
    book(diary, second_case(world, diary), start=12, end=14)


def test_the_database_refuses_a_second_row_for_a_slot(diary):
    session = book(diary)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BookedSlot.objects.create(
            booking=session.booking, mediator=diary.mediator, slot_start=at(DAY, 10)
        )


def test_cancelling_frees_the_slots_and_rearranging_moves_them(world, diary):
    session = book(diary)
    case_services.session_rearrange(
        actor=diary.coordinator,
        session=session,
        starts_at=at(DAY, 14),
        ends_at=at(DAY, 15),
        mode="online",
        reason="The family asked",
    )
    starts = sorted(BookedSlot.objects.values_list("slot_start", flat=True))
    assert len(starts) == 4 and starts[0] == at(DAY, 14)
    assert Booking.objects.get(session=session).venue is None
    case_services.session_cancel(actor=diary.coordinator, session=session, on=TODAY)
    assert not BookedSlot.objects.exists()
    book(diary, second_case(world, diary), start=14, end=15)


def test_rearranging_onto_a_taken_slot_is_refused(world, diary):
    first = book(diary)
    second = book(diary, second_case(world, diary), start=13, end=14)
    with pytest.raises(ValidationError, match="already booked"):
        case_services.session_rearrange(
            actor=diary.coordinator,
            session=second,
            starts_at=at(DAY, 11),
            ends_at=at(DAY, 12),
            mode="in_person",
            venue=diary.venue,
            reason="Moved",
        )
    second.refresh_from_db()
    assert second.starts_at == at(DAY, 13)
    assert first.booking.slots.count() == 16


def test_a_declared_conflict_refuses_the_allocation(world, diary):
    services.conflict_declare(
        actor=diary.coordinator,
        mediator=diary.mediator,
        local_authority=world.local_authority,
        reason="Was a Barnet SEND caseworker",
    )
    with pytest.raises(ValidationError, match="conflict of interest"):
        book(diary)
    assert not Session.objects.exists()


def test_another_providers_mediator_or_a_council_not_covered_is_refused(world, diary):
    diary.mediator.local_authorities.clear()
    with pytest.raises(ValidationError, match="does not cover Barnet"):
        book(diary)


def test_only_coordinators_and_managers_edit_profiles_and_mediators_their_own_hours(
    role_personas, diary
):
    world = role_personas  # its adviser holds that role only (provider_staff also manages)
    with pytest.raises(NotAllowed):
        services.mediator_profile_save(
            actor=world.users["adviser"],
            user=diary.mediator.user,
            provider=world.provider,
            accreditation_body="cmc",
        )
    with pytest.raises(NotAllowed):
        services.availability_replace(
            actor=world.users["other_provider"], mediator=diary.mediator, hours=[]
        )
    services.availability_replace(actor=diary.mediator.user, mediator=diary.mediator, hours=[])
    assert not diary.mediator.hours.exists()


def test_profile_warnings(diary):
    profile = MediatorProfile(
        accredited_until=dt.date(2024, 4, 1), dbs_checked_on=dt.date(2020, 1, 1)
    )
    warnings = profile.warnings(dt.date(2024, 3, 20))
    assert warnings == [
        "Accreditation expires on 1 April 2024",
        "DBS check is more than 3 years old (1 January 2020)",
    ]
    assert MediatorProfile(
        accredited_until=dt.date(2024, 3, 1), dbs_checked_on=dt.date(2024, 1, 1)
    ).warnings(dt.date(2024, 3, 20)) == ["Accreditation expired on 1 March 2024"]


PARALLEL = 20


@contextlib.contextmanager
def parallel_database(tmp_path):
    """Threads that write to the database at once, on the database the suite runs on.

    PostgreSQL: as it is. SQLite: the test database is in memory with a shared cache, where a
    second writer fails with "table is locked" at once instead of waiting; the application's
    own SQLite is a file in WAL mode whose writers wait their turn (``busy_timeout``). So the
    threads get a file copy of the test database, with the application's settings, and the
    test reads the outcome back from that file."""
    if connection.vendor != "sqlite":
        yield connection
        return
    path = tmp_path / "race.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield None
    finally:
        connections.settings["default"] = original


def counted(path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_bookings_of_one_mediator_and_hour_book_once(world, time_machine, tmp_path):
    """Twenty coordinators book the same mediator at the same hour for twenty cases at once:
    one meeting is arranged, nineteen are refused with the clear error (on SQLite and, with
    DATABASE_URL, PostgreSQL)."""
    time_machine.move_to(NOW, tick=False)
    diary = diary_make(world)
    cases = [diary.case] + [second_case(world, diary) for _ in range(PARALLEL - 1)]
    barrier = Barrier(PARALLEL)

    def attempt(case):
        try:
            barrier.wait(timeout=30)
            book(diary, case, venue=None, mode="online")
            return "booked"
        except ValidationError as error:
            return str(error)
        finally:
            connections.close_all()

    with parallel_database(tmp_path) as same, ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(attempt, cases))
    assert results.count("booked") == 1, results
    refused = [r for r in results if r != "booked"]
    assert len(refused) == PARALLEL - 1
    assert all("already booked" in r for r in refused), refused
    if same is not None:  # PostgreSQL
        assert Session.objects.count() == 1
        assert BookedSlot.objects.count() == 8
    else:
        path = tmp_path / "race.sqlite3"
        assert counted(path, "cases_session") == 1
        assert counted(path, "diary_bookedslot") == 8
