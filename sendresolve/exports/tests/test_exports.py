"""The SEN2-shaped and case-event exports: scope, fields, nothing confidential, one audit event
each, on the staff page and through the API."""

import csv
import datetime as dt
import io
import json

import pytest
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.api.tests.factories import CONFIDENTIAL, case_in_follow_up
from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.exports.rows import EVENT_FIELDS, SEN2_FIELDS
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

RANGE = {"date_from": "2024-01-01", "date_to": "2025-12-31"}
PAGE = {
    "date_from_0": "1",
    "date_from_1": "1",
    "date_from_2": "2024",
    "date_to_0": "31",
    "date_to_1": "12",
    "date_to_2": "2025",
}


@pytest.fixture
def cases(world, time_machine):
    """Barnet: a mediation followed up (LA-visible) and an advice-only enquiry (not yet the
    LA's business); Southend: another provider's case, mediation requested."""
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    world.users["manager"] = manager
    followed = case_in_follow_up(world)
    enquiry = open_case(world, opened_on=dt.date(2025, 1, 6), child_name="Enquiry Child")
    southend = services.case_open(
        actor=world.users["other_provider"],
        provider=world.other_provider,
        local_authority=world.other_local_authority,
        issues=[IssueInput(subject="refusal_to_issue_plan")],
        opened_on=dt.date(2025, 1, 6),
        decision_letter_date=dt.date(2025, 1, 2),
        child_name="Southend Child",
        requester="parent",
        requester_name="Jo Example",
        email="jo@example.test",
    )
    beta = world.users["other_provider"]
    services.advice_give(actor=beta, case=southend, on=dt.date(2025, 1, 7))
    services.mediation_request(actor=beta, case=southend, on=dt.date(2025, 1, 8))
    return {"followed": followed, "enquiry": enquiry, "southend": southend}


def api_for(user) -> APIClient:
    client = APIClient()
    _, token = api_token_create(actor=None, user=user, name="export tests")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response))))


def export(world, persona, kind, fmt, la="302", **params):
    client = api_for(world.users[persona])
    return client.get(f"/api/v1/exports/{kind}.{fmt}", {"local_authority": la, **RANGE, **params})


def test_the_la_officer_gets_the_sen2_row_of_their_la_in_the_return_s_fields(world, cases):
    response = export(world, "la_officer", "sen2", "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = csv_rows(response)  # not the enquiry the LA does not see yet, nor Southend's case
    assert list(row) == [field.key for field in SEN2_FIELDS]
    assert row == {
        "LA": "302",
        "CaseReference": cases["followed"].reference,
        "ChildName": "Sam Example",
        "PersonBirthDate": "",
        "Stage": "plan",
        "DecisionDate": "2024-11-29",
        "MediationAdviceDate": "2024-12-02",
        "MediationCertificate": "Y",
        "CertificateDate": "2025-01-10",
        "CertificateKind": "mediation_concluded",
        "Mediation": "Y",
        "MediationDate": "2025-01-08",
        "Tribunal": "N",
        "RequestMediation": "",
        "RequestTribunal": "",
        "AssessmentMediation": "",
        "AssessmentTribunal": "",
    }


def test_the_provider_manager_gets_every_case_of_their_provider_for_the_la(world, cases):
    rows = csv_rows(export(world, "manager", "sen2", "csv"))
    assert {r["CaseReference"]: r["Stage"] for r in rows} == {
        cases["followed"].reference: "plan",
        cases["enquiry"].reference: "request",
    }
    enquiry = next(r for r in rows if r["Stage"] == "request")
    assert (enquiry["RequestMediation"], enquiry["RequestTribunal"]) == ("N", "N")
    assert enquiry["MediationCertificate"] == "N"


@pytest.mark.parametrize("persona", ["la_officer", "manager"])
def test_an_la_never_gets_another_la_s_cases(world, cases, persona):
    for kind in ("sen2", "case-events"):
        text = body(export(world, persona, kind, "csv"))
        assert cases["southend"].reference not in text
        assert "Southend Child" not in text
        # Another LA's code answers 404, as if it did not exist.
        refused = export(world, persona, kind, "csv", la="882")
        assert refused.status_code == 404
        assert refused["Content-Type"] == "application/problem+json"


def test_the_other_la_gets_only_its_own_case(world, cases):
    rows = csv_rows(export(world, "other_la", "sen2", "csv", la="882"))
    assert [r["CaseReference"] for r in rows] == [cases["southend"].reference]
    assert rows[0]["Stage"] == "assessment"
    assert (rows[0]["AssessmentMediation"], rows[0]["RequestMediation"]) == ("N", "")


def test_the_case_event_export_has_one_line_per_event_and_nothing_confidential(world, cases):
    followed = cases["followed"]
    csv_text = body(export(world, "la_officer", "case-events", "csv"))
    lines = list(csv.DictReader(io.StringIO(csv_text)))
    jsonl = [
        json.loads(line)
        for line in body(export(world, "la_officer", "case-events", "jsonl")).splitlines()
    ]
    assert list(lines[0]) == [field.key for field in EVENT_FIELDS]
    assert len(jsonl) == len(lines) == followed.events.exclude(type="assigned").count()
    assert {row["reference"] for row in jsonl} == {followed.reference}
    held = next(row for row in jsonl if row["event_type"] == "session_held")
    assert held["occurred_on"] == "2025-01-08"
    assert held["local_authority"] == "302"
    assert held["case_status"] == followed.status
    certificate = next(row for row in jsonl if row["event_type"] == "certificate_issued")
    assert certificate["to_status"] == "certificate_issued"
    dt.datetime.fromisoformat(certificate["recorded_at"])
    for text in (csv_text, json.dumps(jsonl)):
        for secret in (
            CONFIDENTIAL,
            "Sam Example",
            "Alex Example",
            "alex@example.test",
            "Section B will be amended",
        ):
            assert secret not in text


def test_each_export_is_audited_once_with_its_range_and_count(world, cases):
    before = AuditEvent.objects.filter(action__startswith="export.").count()
    response = export(world, "la_officer", "case-events", "jsonl")
    lines = body(response).splitlines()
    [event] = AuditEvent.objects.filter(action__startswith="export.")[before:]
    assert event.action == "export.case-events"
    assert event.local_authority == world.local_authority
    assert event.detail == {
        "format": "jsonl",
        "from": "2024-01-01",
        "to": "2025-12-31",
        "rows": len(lines),
        "via": "api",
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
        ({"date_from": "2025-02-30"}, "date_from"),
        ({"local_authority": ""}, "local_authority"),
        ({"surprise": "1"}, "surprise"),
    ],
)
def test_bad_input_is_a_problem_and_audits_nothing(world, cases, params, field):
    client = api_for(world.users["la_officer"])
    query = {"local_authority": "302", **RANGE, **params}
    response = client.get("/api/v1/exports/sen2.csv", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


@pytest.mark.parametrize("persona", ["adviser", "icb_officer"])
def test_those_who_may_not_export_are_refused(world, role_personas, cases, persona):
    assert export(world, persona, "sen2", "csv").status_code == 403


def test_the_page_downloads_the_export_for_the_la_officer(world, cases, client):
    client.force_login(world.users["la_officer"])
    page = client.get("/staff/exports/")
    assert page.status_code == 200
    assert "Barnet" in page.content.decode() and "Southend" not in page.content.decode()
    response = client.get(
        "/staff/exports/",
        {"kind": "sen2", "local_authority": "302", "format": "csv", **PAGE},
    )
    assert response.status_code == 200
    assert [r["CaseReference"] for r in csv_rows(response)] == [cases["followed"].reference]
    assert AuditEvent.objects.get(action="export.sen2").detail["via"] == "page"


def test_the_page_shows_an_error_summary_for_bad_input(world, cases, client):
    client.force_login(world.users["la_officer"])
    response = client.get(
        "/staff/exports/",
        {"kind": "sen2", "local_authority": "882", "format": "csv", **PAGE, "date_to_0": "40"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose a local authority from the list" in html
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


@pytest.mark.parametrize("persona", ["adviser", "icb_officer"])
def test_the_page_is_not_found_for_those_who_may_not_export(
    world, role_personas, cases, client, persona
):
    client.force_login(world.users[persona])
    assert client.get("/staff/exports/").status_code == 404


@pytest.mark.parametrize("kind", ["sen2", "case-events"])
def test_the_number_of_queries_does_not_grow_with_the_cases(world, cases, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sendresolve.exports.services import export_run

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            export = export_run(
                actor=world.users["manager"],
                kind=kind,
                fmt="csv",
                local_authority=world.local_authority,
                date_from=dt.date(2024, 1, 1),
                date_to=dt.date(2025, 12, 31),
                via="api",
            )
            lines = "".join(export.body).count("\n")
        return len(captured), lines

    few, few_lines = queries()
    for n in range(5):
        open_case(world, opened_on=dt.date(2025, 1, 6), child_name=f"Child {n}")
    many, many_lines = queries()
    assert many_lines > few_lines
    assert many == few
