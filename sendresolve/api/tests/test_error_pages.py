"""Every error under /api/ is a problem, including the ones Django answers before or outside
DRF; family and staff pages keep their own error pages (issue 19)."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from sendresolve.api.errors import PROBLEMS
from sendresolve.api.services import api_token_create

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def problem(response, status, slug):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == f"/api/v1/docs#problem-{slug}"
    assert body["title"] and body["detail"]
    return body


@pytest.fixture
def anon():
    """An anonymous client that gets the 500 page rather than the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/api/", "/api/v2/cases", "/api", "/api/v1"])
def test_an_unknown_api_url_outside_v1_is_a_404_problem(anon, url):
    response = anon.get(url)
    if response.status_code == 301:  # /api and /api/v1 gain a slash (APPEND_SLASH) first
        response = anon.get(response["Location"])
    problem(response, 404, "not-found")


def test_a_host_the_site_does_not_serve_is_a_400_problem_under_api(anon):
    body = problem(anon.get("/api/v1/cases", HTTP_HOST="evil.example"), 400, "malformed-request")
    assert "evil.example" not in body["detail"]


def test_the_reference_page_answers_a_wrong_method_with_a_405_problem(anon):
    response = anon.put("/api/v1/docs")
    problem(response, 405, "method-not-allowed")
    assert response["Allow"] == "GET, HEAD"


def test_a_csrf_failure_under_api_is_a_403_problem(world):
    # The reference page is the one non-DRF view that is not CSRF-exempt.
    client = APIClient(enforce_csrf_checks=True)
    problem(client.post("/api/v1/docs", {}), 403, "permission-denied")


def test_a_token_client_still_meets_no_csrf_check(world):
    client = APIClient(enforce_csrf_checks=True)
    _, token = api_token_create(actor=None, user=world.users["provider_staff"], name="csrf")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/v1/cases", {}, format="json")
    problem(response, 400, "validation-error")


@override_settings(ROOT_URLCONF="sendresolve.api.tests.error_urls")
@pytest.mark.parametrize(
    "failure, status, slug",
    [
        ("bad-request", 400, "malformed-request"),
        ("suspicious", 400, "malformed-request"),
        ("too-big", 413, "payload-too-large"),
        ("forbidden", 403, "permission-denied"),
        ("missing", 404, "not-found"),
        ("broken", 500, "server-error"),
    ],
)
def test_every_error_django_answers_is_a_problem_under_api(anon, failure, status, slug):
    body = problem(anon.get(f"/api/test-failures/{failure}"), status, slug)
    assert body["instance"] == f"/api/test-failures/{failure}"
    # The exception's own words never reach the client.
    for words in ("a broken request", "something odd", "too big", "a bug"):
        assert words not in body["detail"]


@override_settings(ROOT_URLCONF="sendresolve.api.tests.error_urls")
@pytest.mark.parametrize(
    "failure, status",
    [
        ("bad-request", 400),
        ("suspicious", 400),
        ("forbidden", 403),
        ("missing", 404),
        ("broken", 500),
    ],
)
def test_family_and_staff_pages_keep_their_html_error_pages(anon, failure, status):
    response = anon.get(f"/test-failures/{failure}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")


def test_the_reference_lists_every_problem_type(client, world):
    client.force_login(world.users["provider_staff"])
    html = client.get("/api/v1/docs").content.decode()
    for slug in ("payload-too-large", "server-error"):
        assert slug in PROBLEMS
        assert f'id="problem-{slug}"' in html


def test_every_operation_that_takes_a_body_documents_413(api):
    document = api("provider_staff").get("/api/v1/schema?format=json").json()
    bodies = [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if "requestBody" in op
    ]
    assert len(bodies) >= 13
    for path, method, op in bodies:
        assert "413" in op["responses"], (method, path)
        assert "application/problem+json" in op["responses"]["413"]["content"]
