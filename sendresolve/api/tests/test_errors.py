"""Errors are RFC 9457 problems with 4xx statuses, and invalid input changes nothing."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseEvent, Outcome
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    return open_case(world)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/docs#problem-")
    assert body["title"] and body["detail"]
    return body


def rows():
    return Case.objects.count(), CaseEvent.objects.count(), Outcome.objects.count()


def test_an_invalid_case_is_400_with_every_field_named_and_nothing_saved(api, case):
    before = rows()
    body = problem(
        api("provider_staff").post(
            "/api/v1/cases",
            {"local_authority": "999", "requester": "aunt", "issues": [{"subject": "x"}], "x": 1},
        ),
        400,
    )
    assert set(body["errors"]) == {"x"}  # unknown keys are reported first
    body = problem(
        api("provider_staff").post(
            "/api/v1/cases",
            {"local_authority": "999", "requester": "aunt", "issues": [{"subject": "x"}]},
        ),
        400,
    )
    assert set(body["errors"]) >= {
        "local_authority",
        "requester",
        "child_name",
        "requester_name",
        "issues.0.subject",
    }
    assert rows() == before


def test_a_rule_broken_in_the_service_is_400_on_its_field(api, world, case):
    before = rows()
    # Commissioned for Barnet (302), not Southend (882): the service says so.
    body = problem(
        api("provider_staff").post(
            "/api/v1/cases",
            {
                "local_authority": "882",
                "child_name": "Sam",
                "requester": "parent",
                "requester_name": "Alex",
                "email": "alex@example.test",
                "issues": [{"subject": "refusal_to_assess"}],
            },
        ),
        400,
    )
    assert list(body["errors"]) == ["local_authority"]
    future = problem(
        api("provider_staff").post(
            f"/api/v1/cases/{case.reference}/actions", {"action": "advice_give", "on": "2024-04-01"}
        ),
        400,
    )
    assert future["errors"] == {"on": ["The date cannot be in the future."]}
    assert rows() == before


VALID = {
    "local_authority": "302",
    "child_name": "Sam",
    "requester": "parent",
    "requester_name": "Alex",
    "email": "alex@example.test",
    "issues": [{"subject": "refusal_to_assess"}],
}


def test_someone_elses_provider_is_a_field_error_not_a_hint(api, world, case):
    before = rows()
    body = problem(
        api("provider_staff").post("/api/v1/cases", {**VALID, "provider": "beta-mediation"}), 400
    )
    assert body["errors"] == {"provider": ["Choose a provider you work for."]}
    # An LA officer works for no provider.
    body = problem(api("la_officer").post("/api/v1/cases", VALID), 400)
    assert list(body["errors"]) == ["provider"]
    assert rows() == before


def test_an_action_in_the_wrong_state_is_409_and_changes_nothing(api, case):
    before = rows()
    body = problem(
        api("provider_staff").post(
            f"/api/v1/cases/{case.reference}/actions",
            {"action": "mediation_request", "on": "2024-03-28"},
        ),
        409,
    )
    assert "enquiry" in body["detail"]
    assert rows() == before
    conflict = api("provider_staff").post(f"/api/v1/cases/{case.reference}/certificates", {})
    problem(conflict, 409)


def test_unknown_and_malformed_actions_are_400(api, case):
    url = f"/api/v1/cases/{case.reference}/actions"
    client = api("provider_staff")
    assert list(problem(client.post(url, {"action": "teleport"}), 400)["errors"]) == ["action"]
    assert "on" in problem(client.post(url, {"action": "advice_give"}), 400)["errors"]
    assert "non_field_errors" in problem(client.post(url, [1, 2]), 400)["errors"]
    body = problem(client.post(url, "{not json", content_type="application/json"), 400)
    assert body["type"].endswith("malformed-request")


def test_nested_errors_are_dotted_paths(api, case):
    client = api("provider_staff")
    url = f"/api/v1/cases/{case.reference}/actions"
    client.post(url, {"action": "advice_give", "on": "2024-03-28"})
    client.post(url, {"action": "mediation_request", "on": "2024-03-28"})
    before = rows()
    body = problem(
        client.post(
            url,
            {
                "action": "mediation_conclude",
                "on": "2024-03-28",
                "outcomes": [{"issue": case.issues.get().pk, "result": "maybe"}],
                "actions": [{"description": "Visit", "owner": "wizard"}],
            },
        ),
        400,
    )
    assert set(body["errors"]) == {"outcomes.0.result", "actions.0.owner"}
    assert rows() == before


def test_a_user_who_sees_the_case_but_may_not_act_gets_403(api, world, case):
    # The LA sees the case once the family asks for mediation (privacy by stage); telling
    # the LA is the provider's step.
    services.advice_give(actor=world.users["provider_staff"], case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(
        actor=world.users["provider_staff"], case=case, on=dt.date(2024, 3, 7)
    )
    body = problem(
        api("la_officer").post(
            f"/api/v1/cases/{case.reference}/actions", {"action": "la_inform", "on": "2024-03-28"}
        ),
        403,
    )
    assert body["type"].endswith("permission-denied")


def test_a_user_who_does_not_see_the_case_yet_gets_404(api, case):
    """An enquiry is between the family and the provider: the LA's officer is answered as if
    the case did not exist, whatever the action."""
    problem(
        api("la_officer").post(
            f"/api/v1/cases/{case.reference}/actions", {"action": "advice_give", "on": "2024-03-28"}
        ),
        404,
    )


def test_wrong_method_media_type_and_path_are_problems(api, case):
    client = api("provider_staff")
    response = client.delete(f"/api/v1/cases/{case.reference}")
    problem(response, 405)
    assert "GET" in response["Allow"]
    problem(client.post("/api/v1/cases", "a=b", content_type="text/plain"), 415)
    problem(client.get("/api/v1/nowhere/at/all"), 404)
    problem(client.get("/api/v1/cases/SR-NONE-NONE"), 404)


def test_bad_filters_are_400_and_pagination_links_the_next_page(api, world, case):
    client = api("provider_staff")
    assert "status" in problem(client.get("/api/v1/cases?status=lost"), 400)["errors"]
    assert (
        "local_authority" in problem(client.get("/api/v1/cases?local_authority=x"), 400)["errors"]
    )
    open_case(world)
    page = client.get("/api/v1/cases?limit=1&local_authority=302&status=enquiry").json()
    assert len(page["results"]) == 1 and "cursor=" in page["next"]
    assert len(client.get(page["next"]).json()["results"]) == 1
    assert client.get("/api/v1/cases?local_authority=882").json()["results"] == []
    no_such_la = client.get("/api/v1/cases?local_authority=999")  # a well-formed code of no LA
    assert no_such_la.status_code == 200 and no_such_la.json()["results"] == []


ODD = [
    ("post", "/api/v1/cases", {**VALID, "opened_on": "0001-01-01"}),
    ("post", "/api/v1/cases", {**VALID, "decision_letter_date": "9999-12-31"}),
    ("post", "/api/v1/cases", {**VALID, "child_name": "Sam\x00"}),
    ("post", "/api/v1/cases", {**VALID, "issues": "refusal_to_assess"}),
    ("post", "/api/v1/cases", {**VALID, "email": "x" * 300 + "@example.test"}),
    ("post", "/api/v1/cases", {**VALID, "local_authority": ["302"]}),
    ("post", "/api/v1/cases/{ref}/actions", {"action": ["advice_give"]}),
    ("post", "/api/v1/cases/{ref}/actions", {"action": "advice_give", "on": "0001-01-01"}),
    ("post", "/api/v1/cases/{ref}/actions", {"action": "case_assign", "assignee": "nobody"}),
    ("post", "/api/v1/cases/{ref}/sessions", {"mode": "online", "venue": 2**70}),
    ("post", "/api/v1/cases/{ref}/sessions", {"mode": "online", "attendees": [2**70]}),
    ("post", "/api/v1/cases/{ref}/sessions/99999999999999999999999/held", None),
    ("post", "/api/v1/cases/{ref}/agreed-actions/99999999999999999999999/complete", {}),
    ("post", "/api/v1/cases/{ref}/certificates", {"on": "not a date"}),
    ("get", "/api/v1/cases?limit=-1&cursor=x", None),
    ("get", "/api/v1/certificates/%00.pdf", None),
]


@pytest.mark.parametrize("method, url, body", ODD)
def test_odd_input_is_never_a_server_error(api, case, method, url, body):
    response = getattr(api("provider_staff"), method)(url.format(ref=case.reference), body)
    assert response.status_code < 500, response.content
    if method == "post":  # Every odd write is refused; odd list parameters fall back.
        assert 400 <= response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == PROBLEM


def test_a_pdf_client_still_gets_problems(api, case):
    response = api("provider_staff").get(
        "/api/v1/certificates/MC-2024-NONE.pdf", HTTP_ACCEPT="application/pdf"
    )
    problem(response, 404)


# Found by schemathesis (test_schemathesis.py); each stays fixed here.


def test_a_post_to_no_endpoint_is_a_404_problem_even_with_csrf_checks(world):
    # A token client sends no CSRF cookie: Django's CSRF middleware answered 403 in HTML.
    client = APIClient(enforce_csrf_checks=True)
    _, token = api_token_create(actor=None, user=world.users["provider_staff"], name="csrf")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    problem(client.post("/api/v1/cases/%C2%84/actions", {"action": "advice_give"}), 404)
    problem(client.post("/api/v1/nowhere", {}), 404)


@pytest.mark.parametrize(
    "url", ["/api/v1/cases/a%0Ab", "/api/v1/%0A", "/api/v1/cases/SR-AAAA-AAAA%0A/actions"]
)
def test_a_path_with_an_encoded_newline_is_a_404_problem_not_an_html_page(api, world, url):
    problem(api("provider_staff").get(url), 404)
    problem(api("provider_staff").post(url, {}), 404)


@pytest.mark.parametrize(
    "starts_at, ends_at, field",
    [
        ("0049-01-22T08:30:06.6-10:15", "1920-10-02T06:53:38.47-00:53", "starts_at"),
        ("2024-03-04T10:00:00+00:00", "2024-03-04T12:00:00+00:00", "starts_at"),
        # Both outside the API's years (1900 to 2100, issue 19).
        ("2300-01-05T10:00:00+00:00", "2300-01-05T12:00:00+00:00", "starts_at ends_at"),
    ],
)
def test_a_meeting_outside_the_calendar_is_400_not_a_server_error(
    api, world, case, starts_at, ends_at, field
):
    # The notice clock counts working days back from the meeting: year 49 was a 500.
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    before = rows()
    body = problem(
        api("provider_staff").post(
            f"/api/v1/cases/{case.reference}/sessions",
            {"starts_at": starts_at, "ends_at": ends_at, "mode": "online"},
        ),
        400,
    )
    assert set(body["errors"]) == set(field.split())
    assert rows() == before


@pytest.mark.parametrize(
    "body",
    [
        {"commissioning_body": "Q\x00N", "child_name": "Sam"},  # a lookup PostgreSQL cannot make
        {"child_name": "Sam", "issues": [{"subject": "plan_needs", "description": "a\x00"}]},
        {"child\x00name": "Sam"},
    ],
)
def test_text_with_a_nul_character_is_400_on_every_database_and_saves_nothing(api, case, body):
    before = rows()
    body = problem(api("provider_staff").post("/api/v1/cases", body, format="json"), 400)
    assert "NUL" in body["detail"]
    assert rows() == before


def test_a_nul_character_in_a_filter_is_400_not_a_server_error(api, case):
    problem(api("provider_staff").get("/api/v1/cases", {"local_authority": "3\x002"}), 400)
