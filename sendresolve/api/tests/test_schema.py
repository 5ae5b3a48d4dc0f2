"""The OpenAPI document lists every operation, and real answers validate against it."""

import json
import re

import pytest
from django.urls import URLPattern
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sendresolve.api import urls as api_urls
from sendresolve.api.tests.factories import CONFIDENTIAL

pytestmark = pytest.mark.django_db

NOT_IN_SCHEMA = {"schema", "docs", "not-found"}
OPERATIONS = {
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{reference}"),
    ("patch", "/api/v1/cases/{reference}"),  # corrections
    ("get", "/api/v1/cases/{reference}/actions"),
    ("post", "/api/v1/cases/{reference}/actions"),
    ("get", "/api/v1/cases/{reference}/deadlines"),
    ("get", "/api/v1/cases/{reference}/events"),
    ("post", "/api/v1/cases/{reference}/notes"),
    ("get", "/api/v1/cases/{reference}/sessions"),
    ("post", "/api/v1/cases/{reference}/sessions"),
    ("post", "/api/v1/cases/{reference}/sessions/{session_id}/held"),
    ("post", "/api/v1/cases/{reference}/sessions/{session_id}/notice-sent"),
    ("post", "/api/v1/cases/{reference}/sessions/{session_id}/rearrangement"),
    ("post", "/api/v1/cases/{reference}/sessions/{session_id}/cancellation"),
    ("post", "/api/v1/cases/{reference}/agreed-actions/{action_id}/complete"),
    ("get", "/api/v1/cases/{reference}/certificates"),
    ("post", "/api/v1/cases/{reference}/certificates"),
    ("get", "/api/v1/certificates/{number}.pdf"),
    ("get", "/api/v1/reports/mediation"),
    ("get", "/api/v1/reports/annual-return"),
    # The contact log and tasks (issue 18).
    ("get", "/api/v1/cases/{reference}/contacts"),
    ("post", "/api/v1/cases/{reference}/contacts"),
    ("get", "/api/v1/cases/{reference}/tasks"),
    ("post", "/api/v1/cases/{reference}/tasks"),
    ("post", "/api/v1/cases/{reference}/tasks/{task_id}/done"),
    ("post", "/api/v1/cases/{reference}/tasks/{task_id}/reopen"),
    # Documents on a case (issue 21).
    ("get", "/api/v1/cases/{reference}/documents"),
    ("post", "/api/v1/cases/{reference}/documents"),
    ("get", "/api/v1/cases/{reference}/documents/{document_id}/file"),
    # triage
    ("post", "/api/v1/cases/{reference}/assignment"),
    # Checking a certificate by its verification code (issue 21): public.
    ("post", "/api/v1/verify"),
    # Mediators' diary (issue 22).
    ("get", "/api/v1/mediators"),
    ("get", "/api/v1/mediators/{mediator_id}"),
    ("get", "/api/v1/mediators/{mediator_id}/availability"),
    ("put", "/api/v1/mediators/{mediator_id}/availability"),
    ("get", "/api/v1/cases/{reference}/slot-proposals"),
    ("post", "/api/v1/cases/{reference}/bookings"),
    # The agreement document and the issues still in dispute (issue 21).
    ("get", "/api/v1/cases/{reference}/agreement"),
    ("get", "/api/v1/cases/{reference}/agreement/{agreement_number}.pdf"),
    ("get", "/api/v1/cases/{reference}/issues-in-dispute.pdf"),
    # Contracts and invoices (issue 23).
    ("get", "/api/v1/commissions"),
    ("get", "/api/v1/commissions/{commission_id}"),
    ("get", "/api/v1/invoices"),
    ("get", "/api/v1/invoices/{invoice_id}"),
    ("get", "/api/v1/invoices/{invoice_id}.pdf"),
    ("get", "/api/v1/invoices/{invoice_id}.csv"),
    ("get", "/api/v1/invoices/{invoice_id}.xlsx"),
    ("post", "/api/v1/billing-runs"),
    # Venues and travel expense claims (issue 22).
    ("get", "/api/v1/venues"),
    ("get", "/api/v1/venues/{venue_id}"),
    ("get", "/api/v1/expense-claims"),
    ("get", "/api/v1/expense-claims/{claim_id}"),
    ("post", "/api/v1/expense-claims/{claim_id}/decision"),
    # Exports for local authorities (issue 25).
    ("get", "/api/v1/exports/sen2.csv"),
    ("get", "/api/v1/exports/sen2.jsonl"),
    ("get", "/api/v1/exports/case-events.csv"),
    ("get", "/api/v1/exports/case-events.jsonl"),
    # Targets and quality (issue 23).
    ("get", "/api/v1/commissions/{commission_id}/targets"),
    # Webhooks (issue 25).
    ("get", "/api/v1/webhooks/endpoints"),
    ("post", "/api/v1/webhooks/endpoints"),
    ("get", "/api/v1/webhooks/endpoints/{endpoint_id}"),
    ("delete", "/api/v1/webhooks/endpoints/{endpoint_id}"),
    ("post", "/api/v1/webhooks/endpoints/{endpoint_id}/secret-rotation"),
    ("get", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries"),
    ("post", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/replay"),
    # Staff and roles (issue 23): the provider's managers.
    ("get", "/api/v1/staff"),
    ("post", "/api/v1/staff/invitations"),
    ("put", "/api/v1/staff/{user_id}/roles"),
    ("post", "/api/v1/staff/{user_id}/suspension"),
}


@pytest.fixture
def document(api):
    response = api("provider_staff").get("/api/v1/schema?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_openapi_3_with_every_operation(document):
    assert document["openapi"].startswith("3.1")
    found = {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert found == OPERATIONS
    assert document["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_every_api_route_is_in_the_schema(document):
    routes = set()
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in NOT_IN_SCHEMA:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        routes.add("/api/v1/" + path)
    assert routes == {path for _, path in OPERATIONS}


def test_the_schema_is_for_signed_in_users_only(api, client, world):
    assert api("anonymous").get("/api/v1/schema").status_code == 401
    client.force_login(world.users["la_officer"])
    assert client.get("/api/v1/schema").status_code == 200  # staff may browse it


def validator(document, path, method, status):
    content = document["paths"][path][method]["responses"][str(status)]["content"]
    schema = next(iter(content.values()))["schema"]
    registry = Registry().with_resource(
        "urn:api", Resource(contents=document, specification=DRAFT202012)
    )
    schema = json.loads(json.dumps(schema).replace('"#/', '"urn:api#/'))
    return Draft202012Validator(schema, registry=registry)


def test_real_answers_validate_against_the_schema(api, document, full_case):
    ref = full_case.reference
    checks = [
        ("provider_staff", f"/api/v1/cases/{ref}", "/api/v1/cases/{reference}", 200),
        ("la_officer", f"/api/v1/cases/{ref}", "/api/v1/cases/{reference}", 200),
        ("la_officer", "/api/v1/cases", "/api/v1/cases", 200),
        (
            "la_officer",
            f"/api/v1/cases/{ref}/deadlines",
            "/api/v1/cases/{reference}/deadlines",
            200,
        ),
        ("la_officer", f"/api/v1/cases/{ref}/events", "/api/v1/cases/{reference}/events", 200),
        ("la_officer", f"/api/v1/cases/{ref}/sessions", "/api/v1/cases/{reference}/sessions", 200),
        (
            "la_officer",
            f"/api/v1/cases/{ref}/certificates",
            "/api/v1/cases/{reference}/certificates",
            200,
        ),
        ("other_la", f"/api/v1/cases/{ref}", "/api/v1/cases/{reference}", 404),
    ]
    for persona, url, path, status in checks:
        response = api(persona).get(url)
        assert response.status_code == status
        errors = list(validator(document, path, "get", status).iter_errors(response.json()))
        assert errors == [], (url, persona, [e.message for e in errors])


def test_the_docs_page_lists_every_operation_from_local_assets_only(client, world):
    assert client.get("/api/v1/docs").status_code == 302
    client.force_login(world.users["provider_staff"])
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    for method, path in OPERATIONS:
        assert f"{method.upper()} {path}" in html
    assert 'id="problem-conflict"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no CDN or external assets"
    assert CONFIDENTIAL not in html


def test_the_annual_return_documents_year_as_required_from_2014(document):
    # Found by schemathesis: the document offered "no year" and 1999, which always answer 400.
    parameters = document["paths"]["/api/v1/reports/annual-return"]["get"]["parameters"]
    year = next(p for p in parameters if p["name"] == "year")
    assert year["required"] is True
    assert year["schema"] == {"type": "integer", "minimum": 2014}


def test_request_bodies_refuse_unknown_keys_as_the_server_does(document):
    # Found by schemathesis: bodies with extra keys matched the document but answered 400.
    schemas = document["components"]["schemas"]
    # (CaseActionRequest is a oneOf of the action bodies, each of them strict.)
    requests = [n for n in schemas if n.endswith("Request") and "oneOf" not in schemas[n]]
    assert "CaseCreateRequest" in requests and "AdviceGiveActionRequest" in requests
    assert [n for n in requests if schemas[n].get("additionalProperties") is not False] == []
