import pytest
from rest_framework.test import APIClient

from sendresolve.cases.models import Session
from sendresolve.diary.tests.conftest import TODAY


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_mediators_and_availability(diary):
    coordinator = api(diary.coordinator)
    listed = coordinator.get("/api/v1/mediators").json()
    assert [m["id"] for m in listed] == [diary.mediator.pk]
    assert listed[0]["local_authorities"] == ["302"]
    detail = coordinator.get(f"/api/v1/mediators/{diary.mediator.pk}").json()
    assert detail["languages"] == ["English"]
    url = f"/api/v1/mediators/{diary.mediator.pk}/availability"
    assert len(coordinator.get(url).json()["hours"]) == 5
    bad = coordinator.put(
        url, {"hours": [{"weekday": 1, "starts": "12:00", "ends": "10:00"}]}, format="json"
    )
    assert bad.status_code == 400
    answer = coordinator.put(
        url, {"hours": [{"weekday": 1, "starts": "09:00", "ends": "12:00"}]}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json()["hours"] == [{"weekday": 1, "starts": "09:00", "ends": "12:00"}]


@pytest.mark.parametrize("persona", ["la_officer", "other_provider"])
def test_others_see_no_mediator_and_no_proposals(diary, persona):
    client = api(diary.world.users[persona])
    assert client.get("/api/v1/mediators").json() == []
    assert client.get(f"/api/v1/mediators/{diary.mediator.pk}").status_code == 404
    assert client.get(f"/api/v1/cases/{diary.case.reference}/slot-proposals").status_code == 404


def test_proposals_then_booking_and_a_second_booking_refused(diary):
    coordinator = api(diary.coordinator)
    proposals = coordinator.get(f"/api/v1/cases/{diary.case.reference}/slot-proposals").json()
    assert len(proposals) == 3
    assert all(p["mediator"] == diary.mediator.pk for p in proposals)
    assert (
        coordinator.get(
            f"/api/v1/cases/{diary.case.reference}/slot-proposals?colour=red"
        ).status_code
        == 400
    )
    first = proposals[0]
    body = {
        "mediator": first["mediator"],
        "starts_at": first["starts_at"],
        "ends_at": first["ends_at"],
        "mode": "in_person",
        "venue": first["venue"],
    }
    url = f"/api/v1/cases/{diary.case.reference}/bookings"
    created = coordinator.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="one")
    assert created.status_code == 201
    again = coordinator.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="two")
    assert again.status_code == 400
    assert "already booked" in again.content.decode()
    assert again["Content-Type"] == "application/problem+json"
    assert Session.objects.count() == 1


def test_the_schema_documents_the_diary(diary):
    document = api(diary.coordinator).get("/api/v1/schema?format=json").json()
    operations = {
        op["operationId"]
        for path in document["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert {
        "mediators_list",
        "mediators_detail",
        "mediators_availability",
        "mediators_availability_replace",
        "cases_slot_proposals",
        "cases_bookings_create",
    } <= operations
    assert TODAY
