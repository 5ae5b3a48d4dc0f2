"""Triage through the API: the assignment operation, referrals on case create, and the
provider's first-contact standard in the deadlines."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import CaseEvent
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 24, 10, tzinfo=LONDON), tick=False)


def assignment(case):
    return reverse("api:case-assignment", kwargs={"reference": case.reference})


def test_the_openapi_document_has_the_assignment_operation(api):
    document = json.loads(api("provider_staff").get("/api/v1/schema?format=json").content)
    operation = document["paths"]["/api/v1/cases/{reference}/assignment"]["post"]
    assert operation["operationId"] == "cases_assignment_create"
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert set(schema["properties"]) == {"assignee"}
    assert {"200", "400", "403", "404"} <= set(operation["responses"])


def test_provider_staff_assign_and_unassign_through_the_api(world, api, today):
    case = open_case(world, opened_on=dt.date(2026, 12, 24), decision_letter_date=None)
    client = api("provider_staff")
    response = client.post(assignment(case), {"assignee": "mediator@alpha.test"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assigned_to"] == "mediator@alpha.test"
    case.refresh_from_db()
    assert case.assigned_to == world.users["colleague"]
    assert AuditEvent.objects.filter(action="case.case_assign").count() == 1
    response = client.post(assignment(case), {"assignee": None}, format="json")
    assert response.status_code == 200
    assert response.json()["assigned_to"] is None
    assert CaseEvent.objects.filter(case=case, type="assigned").count() == 2


def test_a_repeated_assignment_with_the_same_key_assigns_once(world, api, today):
    case = open_case(world, opened_on=dt.date(2026, 12, 24), decision_letter_date=None)
    client = api("provider_staff")
    for _ in range(2):
        response = client.post(
            assignment(case),
            {"assignee": "mediator@alpha.test"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="assign-once",
        )
        assert response.status_code == 200
    assert CaseEvent.objects.filter(case=case, type="assigned").count() == 1


def test_only_the_providers_own_staff_may_be_assigned(world, api, today):
    case = open_case(world, opened_on=dt.date(2026, 12, 24), decision_letter_date=None)
    response = api("provider_staff").post(
        assignment(case), {"assignee": "adviser@beta.test"}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "assignee" in response.json()["errors"]


# An LA officer does not see a case before the family asks for mediation (privacy by stage):
# a 404, as for another provider. Refusing an LA officer who sees the case (403) is in the API
# persona matrix (``test_personas.py``: ``api:case-assignment``), whose case is at that stage.
@pytest.mark.parametrize(("persona", "status"), [("la_officer", 404), ("other_provider", 404)])
def test_others_may_not_assign(world, api, today, persona, status):
    case = open_case(world, opened_on=dt.date(2026, 12, 24), decision_letter_date=None)
    response = api(persona).post(assignment(case), {"assignee": None}, format="json")
    assert response.status_code == status
    assert not CaseEvent.objects.filter(case=case, type="assigned").exists()


CREATE = {
    "local_authority": "302",
    "child_name": "Ola Example",
    "requester": "parent",
    "requester_name": "Kim Example",
    "email": "kim@example.test",
    "issues": [{"subject": "refusal_to_assess"}],
    "referred_by": "sendiass",
    "referrer_organisation": "Barnet SENDIASS",
}


def test_a_referral_without_the_familys_consent_is_refused(api, today):
    response = api("provider_staff").post(reverse("api:cases"), CREATE, format="json")
    assert response.status_code == 400
    assert "referral_consent_on" in response.json()["errors"]


def test_a_referrer_without_a_kind_is_refused(api, today):
    body = {**CREATE, "referred_by": "", "referral_consent_on": "2026-12-23"}
    response = api("provider_staff").post(reverse("api:cases"), body, format="json")
    assert response.status_code == 400
    assert "referred_by" in response.json()["errors"]


def test_a_referral_with_consent_opens_a_case_awaiting_first_contact(api, today):
    body = {**CREATE, "referral_consent_on": "2026-12-23", "referral_consent_note": "By phone"}
    client = api("provider_staff")
    response = client.post(reverse("api:cases"), body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["referred_by"] == "sendiass"
    assert data["referrer_organisation"] == "Barnet SENDIASS"
    assert data["referral_consent_on"] == "2026-12-23"
    deadlines = client.get(
        reverse("api:case-deadlines", kwargs={"reference": data["reference"]})
    ).json()
    standard = [row for row in deadlines if row["service_standard"]]
    assert [(row["key"], row["due_on"], row["legal_basis"]) for row in standard] == [
        ("first_contact", "2026-12-30", [])
    ]
    assert standard[0]["rule"] == (
        "Provider's service standard: first contact within 2 working days"
    )
    assert not any(row["service_standard"] for row in deadlines if row["key"] != "first_contact")
