"""The report page, its CSV and XLSX downloads and the API show the same figures."""

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.audit.models import AuditEvent
from sendresolve.reports.figures import ReportFilters, mediation_report
from sendresolve.reports.tables import display, page_display
from sendresolve.reports.tests.test_figures import TODAY, YEAR

pytestmark = pytest.mark.django_db

QUERY = {
    "date_from_0": "1",
    "date_from_1": "1",
    "date_from_2": "2024",
    "date_to_0": "31",
    "date_to_1": "12",
    "date_to_2": "2024",
}


def api_for(user):
    client = APIClient()
    _, token = api_token_create(actor=None, user=user, name="reports")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.parametrize("persona", ["provider_staff", "administrator", "other_la"])
def test_page_csv_xlsx_and_api_agree(as_persona, world, known_cases, persona):
    expected = mediation_report(world.users[persona], YEAR, today=TODAY)
    client = as_persona(persona)

    page = client.get("/staff/reports/", QUERY)
    assert page.status_code == 200
    html = page.content.decode()
    for table in expected.tables:
        for row in table.all_rows():
            for column in table.columns:
                assert page_display(row.get(column.key), column.kind) in html

    body = client.get("/staff/reports/report.csv", QUERY)
    assert body["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(body.content.decode())))
    csv_rows = [line for line in lines if line and line[0] != "table" and len(line) > 3]
    want = [
        [table.key, *[display(row.get(c.key), c.kind) for c in table.columns]]
        for table in expected.tables
        for row in table.all_rows()
    ]
    assert csv_rows == want

    workbook = load_workbook(io.BytesIO(client.get("/staff/reports/report.xlsx", QUERY).content))
    # Sheets are named in words, not by the tables' keys (issue 23).
    assert workbook.sheetnames == [
        "By local authority",
        "Late certificates",
        "Mediation outcomes by issue",
        "Disagreement resolution by kind",
        "Agreed actions done on time",
        "Days to certificate",
        "Overdue certificates",
    ]
    for table in expected.tables:
        sheet = workbook[table.sheet_name]
        values = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
        for got, row in zip(values, table.all_rows(), strict=True):
            for cell, column in zip(got, table.columns, strict=True):
                value = row.get(column.key)
                if column.kind == "percent" and value is not None:
                    assert cell == pytest.approx(value / 100)
                elif column.kind == "date" and value is not None:
                    assert cell.date() == value
                else:
                    assert cell == (None if value == "" else value)

    api = api_for(world.users[persona]).get(
        "/api/v1/reports/mediation", {"date_from": "2024-01-01", "date_to": "2024-12-31"}
    )
    assert api.status_code == 200
    data = {t["key"]: t for t in api.json()["tables"]}
    for table in expected.tables:
        assert data[table.key]["total"] == (
            {c.key: table.shown_total.get(c.key) for c in table.columns}
            if table.shown_total
            else None
        )
        assert len(data[table.key]["rows"]) == len(table.rows)
        for got, row in zip(data[table.key]["rows"], table.rows, strict=True):
            for column in table.columns:
                value = row.get(column.key)
                assert got[column.key] == (
                    value.isoformat() if column.kind == "date" and value else value
                )


def test_downloads_are_audited_without_personal_data(as_persona, known_cases):
    as_persona("provider_staff").get("/staff/reports/report.csv", QUERY)
    event = AuditEvent.objects.get(action="report.export.csv")
    assert event.detail == {
        "report": "mediation",
        "from": "2024-01-01",
        "to": "2024-12-31",
        "scope": "Every local authority you can see",
    }


def test_bad_filters_show_an_error_summary_and_no_figures(as_persona, known_cases):
    client = as_persona("provider_staff")
    bad = client.get("/staff/reports/", {**QUERY, "date_to_2": "2023"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "govuk-error-summary" in html
    assert "The end date must be the same as or after the start date" in html
    assert "Mediation by local authority" not in html
    other_la = client.get("/staff/reports/", {**QUERY, "local_authority": "882"})
    assert other_la.status_code == 400  # Southend is not this provider's
    assert "Choose a local authority from the list" in other_la.content.decode()
    assert (
        client.get("/staff/reports/report.csv", {**QUERY, "date_from_1": "13"}).status_code == 400
    )


def test_api_rejects_bad_parameters_with_a_problem(world, known_cases):
    client = api_for(world.users["provider_staff"])
    response = client.get(
        "/api/v1/reports/mediation", {"date_from": "2024-12-31", "date_to": "2024-01-01"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "date_to" in response.json()["errors"]
    assert client.get("/api/v1/reports/mediation", {"local_authority": "882"}).status_code == 400
    assert client.get("/api/v1/reports/mediation", {"surprise": "1"}).status_code == 400
    annual = client.get("/api/v1/reports/annual-return", {"year": "2024"})
    assert annual.status_code == 200
    (table,) = annual.json()["tables"]
    assert [r["local_authority"] for r in table["rows"]] == ["Barnet"]
    assert table["rows"][0]["certificates"] == 5


def test_annual_return_page_and_csv(as_persona, known_cases):
    client = as_persona("administrator")
    page = client.get("/staff/reports/annual-return/", {"year": "2024"})
    assert page.status_code == 200
    assert "Southend-on-Sea" in page.content.decode()
    lines = list(
        csv.reader(
            io.StringIO(
                client.get("/staff/reports/annual-return.csv", {"year": "2024"}).content.decode()
            )
        )
    )
    barnet = next(line for line in lines if "Barnet" in line)
    assert barnet[:6] == ["annual_return", "302", "Barnet", "2024", "5", "5"]
    bad = client.get("/staff/reports/annual-return/", {"year": "1999"})
    assert bad.status_code == 400
    assert "Enter a year from 2014" in bad.content.decode()


def test_filter_by_provider(as_persona, world, known_cases):
    beta = mediation_report(
        world.users["administrator"],
        ReportFilters(YEAR.date_from, YEAR.date_to, provider="beta-mediation"),
        today=TODAY,
    )
    html = (
        as_persona("administrator")
        .get("/staff/reports/", {**QUERY, "provider": "beta-mediation"})
        .content.decode()
    )
    assert "Beta Mediation" in html
    assert [r["local_authority"] for r in beta.table("by_local_authority").rows] == [
        "Southend-on-Sea"
    ]


def test_the_page_lists_the_first_late_certificates_and_downloads_list_them_all(
    as_persona, known_cases, monkeypatch
):
    # Barnet has two late certificates (B, due Thu 4 Apr 2024, issued Fri 5 Apr; D).
    monkeypatch.setattr("sendresolve.reports.views.PAGE_ROWS", 1)
    client = as_persona("provider_staff")
    html = client.get("/staff/reports/", QUERY).content.decode()
    late = html[html.index('id="table-late_certificates"') :]
    late = late[: late.index("</table>")]
    assert late.count(f'href="/staff/cases/{known_cases["B"].reference}/"') == 1
    assert known_cases["D"].reference not in late
    assert "Showing the first 1 of 2." in html
    body = client.get("/staff/reports/report.csv", QUERY).content.decode()
    assert known_cases["B"].reference in body and known_cases["D"].reference in body


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("9" * 20, "The to must include a year with 4 numbers"),
        ("9999", "The to must be between 1900 and 2100"),
    ],
)
def test_a_filter_with_an_impossible_year_is_explained(as_persona, world, year, message):
    client = as_persona("provider_staff")
    query = {**QUERY, "date_to_2": year}
    page = client.get("/staff/reports/", query)
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html and message in html
    for download in ("/staff/reports/report.csv", "/staff/reports/report.xlsx"):
        assert client.get(download, query).status_code == 400
