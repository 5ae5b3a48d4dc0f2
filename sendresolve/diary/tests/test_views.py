import datetime as dt
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from sendresolve.cases.models import Session
from sendresolve.diary import services
from sendresolve.diary.models import Booking
from sendresolve.diary.proposals import slot_proposals
from sendresolve.diary.tests.conftest import TODAY

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def coordinator(client, diary):
    client.force_login(diary.coordinator)
    return client


def test_mediators_list_shows_the_record_and_its_warnings(coordinator, diary):
    diary.mediator.dbs_checked_on = dt.date(2020, 1, 1)
    diary.mediator.save()
    page = coordinator.get(reverse("staff:diary")).content.decode()
    assert diary.mediator.name in page
    assert "DBS check is more than 3 years old" in page
    assert "Barnet Family Centre" in page


@pytest.mark.parametrize("persona", ["la_officer", "icb_officer", "other_provider"])
def test_no_diary_for_officers_or_other_providers(client, diary, persona):
    client.force_login(diary.world.users[persona])
    pk = diary.mediator.pk
    for name, args in [
        ("staff:diary-mediator", [pk]),
        ("staff:diary-week", [pk]),
        ("staff:diary-hours", [pk]),
        ("staff:diary-venue-week", [diary.venue.pk]),
        ("staff:diary-slots", [diary.case.reference]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    if persona != "other_provider":
        assert client.get(reverse("staff:diary")).status_code == 404


def test_the_coordinator_finds_slots_and_books_one(coordinator, diary):
    url = reverse("staff:diary-slots", args=[diary.case.reference])
    page = coordinator.get(url).content.decode()
    starts = re.findall(r'name="starts_at" value="([^"]+)"', page)
    assert len(starts) == 3
    proposal = slot_proposals(diary.case, today=TODAY)[0]
    data = {
        "mediator": proposal.mediator.pk,
        "venue": diary.venue.pk,
        "starts_at": starts[0],
        "hours": "2",
        "mode": "in_person",
        "submission_key": KEY,
    }
    response = coordinator.post(url, data)
    assert response.status_code == 302
    coordinator.post(url, data)  # sent twice: booked once
    session = Session.objects.get()
    assert session.starts_at == proposal.starts_at
    assert Booking.objects.get().mediator == diary.mediator
    week = coordinator.get(
        reverse("staff:diary-week", args=[diary.mediator.pk]) + f"?week={proposal.starts_at.date()}"
    ).content.decode()
    assert diary.case.reference in week
    assert (
        "Good Friday" in week or "Easter" in week or proposal.starts_at.date().isoformat() in week
    )


def test_a_taken_slot_comes_back_as_an_error_on_the_page(coordinator, diary):
    url = reverse("staff:diary-slots", args=[diary.case.reference])
    proposal = slot_proposals(diary.case, today=TODAY)[0]
    services.session_book(
        actor=diary.coordinator,
        case=diary.case,
        mediator=diary.mediator,
        starts_at=proposal.starts_at,
        ends_at=proposal.ends_at,
        mode="online",
    )
    response = coordinator.post(
        url,
        {
            "mediator": diary.mediator.pk,
            "starts_at": proposal.starts_at.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "hours": "2",
            "mode": "online",
        },
    )
    assert response.status_code == 400
    assert "already booked" in response.content.decode()


def test_the_feed_parses_shows_the_meeting_and_stops_when_revoked(coordinator, client, diary):
    proposal = slot_proposals(diary.case, today=TODAY)[0]
    services.session_book(
        actor=diary.coordinator,
        case=diary.case,
        mediator=diary.mediator,
        starts_at=proposal.starts_at,
        ends_at=proposal.ends_at,
        mode="in_person",
        venue=diary.venue,
    )
    coordinator.post(reverse("staff:diary-feed-manage", args=[diary.mediator.pk, "create"]))
    page = coordinator.get(reverse("staff:diary-mediator", args=[diary.mediator.pk])).content
    feed_url = re.search(r"<code>(http[^<]+)</code>", page.decode()).group(1)
    path = feed_url.split("testserver", 1)[1]
    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert diary.case.reference in str(events[0]["summary"])
    assert "Barnet Family Centre" in str(events[0]["location"])
    assert events[0].decoded("dtstart") == proposal.starts_at
    assert b"Sam" not in response.content and b"Alex" not in response.content
    coordinator.force_login(diary.coordinator)
    coordinator.post(reverse("staff:diary-feed-manage", args=[diary.mediator.pk, "revoke"]))
    client.logout()
    assert client.get(path).status_code == 404


def test_a_mediator_edits_their_own_hours(client, diary):
    client.force_login(diary.mediator.user)
    url = reverse("staff:diary-hours", args=[diary.mediator.pk])
    data = {"form": "hours", "starts_0": "10:00", "ends_0": "12:00", "starts_2": "13:00"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Enter both times for Wednesday" in response.content.decode()
    data["ends_2"] = "15:00"
    assert client.post(url, data).status_code == 302
    assert [(h.weekday, h.starts) for h in diary.mediator.hours.all()] == [
        (0, dt.time(10)),
        (2, dt.time(13)),
    ]


def test_the_coordinator_edits_the_record_and_declares_a_conflict(coordinator, diary):
    url = reverse("staff:diary-edit", args=[diary.mediator.user_id])
    response = coordinator.post(
        url,
        {
            "accreditation_body": "college",
            "registration_number": "COM-9",
            "accredited_until_0": "1",
            "accredited_until_1": "6",
            "accredited_until_2": "2026",
            "local_authorities": [diary.world.local_authority.pk],
            "languages": "English, Polish",
        },
    )
    assert response.status_code == 302
    diary.mediator.refresh_from_db()
    assert diary.mediator.languages == ["English", "Polish"]
    assert diary.mediator.accreditation_body == "college"
    detail = reverse("staff:diary-mediator", args=[diary.mediator.pk])
    assert coordinator.post(detail, {"name": "", "reason": ""}).status_code == 400
    assert (
        coordinator.post(detail, {"name": "Hill School", "reason": "Governor"}).status_code == 302
    )
    assert diary.mediator.conflicts.get().name == "Hill School"


def test_an_adviser_may_not_edit_a_record(client, role_personas, diary):
    client.force_login(role_personas.users["adviser"])  # provider_staff also manages
    assert client.get(reverse("staff:diary-edit", args=[diary.mediator.user_id])).status_code == 404
