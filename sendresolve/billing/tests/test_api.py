"""The billing API: commissions with terms, invoices with lines, downloads, billing runs."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.billing.tests.helpers import billing_people, commission_of, mediation, terms
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def people(world):
    return billing_people(world)


def client_for(user) -> APIClient:
    client = APIClient()
    _, token = api_token_create(actor=None, user=user, name="billing tests")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_billing_run_then_the_invoice_and_its_files(world, people):
    terms(world)
    case = mediation(world, opened_on=dt.date(2024, 11, 4), child_name="Sam Example")
    finance = client_for(people["finance"])
    first = finance.post(
        "/api/v1/billing-runs", {"local_authority": "302", "month": "2024-11"}, format="json"
    )
    assert first.status_code == 201
    body = first.json()
    assert (body["kind"], body["state"], body["month"], body["total_pence"]) == (
        "invoice",
        "draft",
        "2024-11",
        9500,
    )
    assert [
        (line["case_reference"], line["service"], line["amount_pence"]) for line in body["lines"]
    ] == [(case.reference, "advice_call", 9500)]
    assert b"Sam Example" not in first.content
    again = finance.post(
        "/api/v1/billing-runs", {"local_authority": "302", "month": "2024-11"}, format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    listed = finance.get("/api/v1/invoices").json()
    assert [item["id"] for item in listed] == [body["id"]]
    detail = finance.get(f"/api/v1/invoices/{body['id']}")
    assert detail.json()["lines"][0]["case_reference"] == case.reference
    pdf = finance.get(body["downloads"]["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = finance.get(f"/api/v1/invoices/{body['id']}.csv")
    assert csv.status_code == 200 and case.reference in csv.content.decode()
    xlsx = finance.get(f"/api/v1/invoices/{body['id']}.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_commissions_list_their_terms_history(world, people):
    terms(world)
    terms(world, valid_from=dt.date(2024, 11, 16), price_advice_call=12000)
    manager = client_for(people["manager"])
    rows = manager.get("/api/v1/commissions").json()
    assert [row["local_authority"]["dfe_code"] for row in rows] == ["302"]
    assert [(t["valid_from"], t["price_advice_call"]) for t in rows[0]["terms"]] == [
        ("2024-11-16", 12000),
        ("2023-04-01", 9500),
    ]
    one = manager.get(f"/api/v1/commissions/{commission_of(world).pk}")
    assert one.status_code == 200 and one.json()["terms"][0]["valid_to"] is None


def test_bad_runs_are_problems_not_errors(world, people):
    manager = client_for(people["manager"])
    cases = [
        ({"local_authority": "302", "month": "2024-13"}, "month"),
        ({"local_authority": "999", "month": "2024-11"}, "local_authority"),
        ({"local_authority": "882", "month": "2024-11"}, "local_authority"),  # not commissioned
        ({"local_authority": "302", "month": "2030-01"}, "month"),
        ({"local_authority": "302", "month": "2024-11", "extra": 1}, "extra"),
    ]
    for body, field in cases:
        response = manager.post("/api/v1/billing-runs", body, format="json")
        assert response.status_code == 400, body
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"], body


def test_another_providers_manager_and_case_staff_get_404(role_personas, people):
    world = role_personas  # its adviser holds that role only (provider_staff also manages)
    terms(world)
    mediation(world, opened_on=dt.date(2024, 11, 4))
    invoice = client_for(people["manager"]).post(
        "/api/v1/billing-runs", {"local_authority": "302", "month": "2024-11"}, format="json"
    )
    invoice_id = invoice.json()["id"]
    other = client_for(people["other_manager"])
    assert other.get("/api/v1/invoices").json() == []
    assert other.get(f"/api/v1/invoices/{invoice_id}").status_code == 404
    assert other.get(f"/api/v1/invoices/{invoice_id}.pdf").status_code == 404
    assert other.get(f"/api/v1/commissions/{commission_of(world).pk}").status_code == 404
    refused = other.post(
        "/api/v1/billing-runs", {"local_authority": "302", "month": "2024-11"}, format="json"
    )
    assert refused.status_code == 400  # they are not commissioned by Barnet
    adviser = client_for(world.users["adviser"])
    assert adviser.get(f"/api/v1/invoices/{invoice_id}").status_code == 404
    assert adviser.get("/api/v1/invoices").status_code == 404
