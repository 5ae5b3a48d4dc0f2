"""Venues and travel expense claims in the API (issue 22), for every persona."""

import datetime as dt

import pytest

from sendresolve.cases.venues import venue_create
from sendresolve.expenses.models import ClaimState
from sendresolve.expenses.tests.test_pages import _submitted
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue(world):
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return venue_create(
        actor=manager,
        provider=world.provider,
        serves=[world.local_authority],
        name="Online room",
        mode="online",
        joining_link="https://meet.example.com/alpha",
    )


def test_venues_are_listed_for_their_providers_staff_only(api, venue):
    body = api("provider_staff").get("/api/v1/venues").json()
    assert [v["id"] for v in body["results"]] == [venue.pk]
    (listed,) = body["results"]
    assert listed["joining_link"] == "https://meet.example.com/alpha"
    assert listed["serves"] == [{"dfe_code": "302", "name": "Barnet"}]
    for persona in ("other_provider", "la_officer", "icb_officer"):
        assert api(persona).get("/api/v1/venues").json()["results"] == [], persona
        assert api(persona).get(f"/api/v1/venues/{venue.pk}").status_code == 404, persona
    assert api("colleague").get(f"/api/v1/venues/{venue.pk}").json()["name"] == "Online room"
    assert api("anonymous").get("/api/v1/venues").status_code == 401


def test_claims_are_listed_and_read_by_the_provider_and_the_la(api, case):
    made = _submitted(case)
    for persona in ("provider_staff", "la_officer", "administrator"):
        body = api(persona).get("/api/v1/expense-claims").json()
        assert [c["id"] for c in body["results"]] == [made.pk], persona
        one = api(persona).get(f"/api/v1/expense-claims/{made.pk}").json()
        assert one["total_pence"] == 900
        assert one["lines"][0]["miles"] == "20.0"
        assert one["case"] == case.reference
    for persona in ("other_provider", "other_la", "icb_officer"):
        assert api(persona).get("/api/v1/expense-claims").json()["results"] == [], persona
        assert api(persona).get(f"/api/v1/expense-claims/{made.pk}").status_code == 404
    paid = api("la_officer").get("/api/v1/expense-claims?state=paid").json()
    assert paid["results"] == []
    assert api("la_officer").get("/api/v1/expense-claims?state=nope").status_code == 400
    assert api("la_officer").get("/api/v1/expense-claims?stat=paid").status_code == 400


def test_the_la_decides_through_the_api_once(api, case):
    made = _submitted(case)
    url = f"/api/v1/expense-claims/{made.pk}/decision"
    body = {"decision": "paid", "on": "2025-01-20"}
    assert api("provider_staff").post(url, body, format="json").status_code == 403
    assert api("icb_officer").post(url, body, format="json").status_code == 404
    assert api("other_la").post(url, body, format="json").status_code == 404
    refused = api("la_officer").post(
        url, {"decision": "refused", "on": "2025-01-20"}, format="json"
    )
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    officer = api("la_officer")
    first = officer.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="one")
    again = officer.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="one")
    assert first.status_code == again.status_code == 200
    assert first.json()["state"] == again.json()["state"] == ClaimState.PAID
    assert first.json()["decided_on"] == "2025-01-20"
    later = officer.post(
        url,
        {"decision": "refused", "on": "2025-01-20", "reason": "No."},
        format="json",
        HTTP_IDEMPOTENCY_KEY="two",
    )
    assert later.status_code == 409
    made.refresh_from_db()
    assert made.state == ClaimState.PAID and made.decided_on == dt.date(2025, 1, 20)


def test_the_openapi_document_has_venues_and_expense_claims(api):
    document = api("provider_staff").get("/api/v1/schema?format=json").json()
    operations = {
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert {
        "venues_list",
        "venues_read",
        "expense_claims_list",
        "expense_claims_read",
        "expense_claims_decide",
    } <= operations
