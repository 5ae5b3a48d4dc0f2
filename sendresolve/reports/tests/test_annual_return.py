"""The annual return's totals row and the spreadsheet's sheet names in words (issue 23)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from sendresolve.reports.figures import annual_return
from sendresolve.reports.tables import Column, Table

pytestmark = pytest.mark.django_db


def test_the_annual_return_has_a_totals_row(world, known_cases):
    (table,) = annual_return(world.users["administrator"], year=2024).tables
    total = table.shown_total
    assert total is not None
    assert (total["dfe_code"], total["local_authority"], total["year"]) == (
        "Total",
        "All local authorities",
        "2024",
    )
    # Barnet 5 + Southend-on-Sea 1 certificates; Barnet's one disagreement resolution.
    assert (total["certificates"], total["dr_requests"], total["mediations_held"]) == (6, 1, 2)
    for column in table.columns:
        if column.kind == "number":
            assert total[column.key] == sum(row[column.key] for row in table.rows)


def test_the_annual_return_downloads_carry_the_total_and_a_named_sheet(as_persona, known_cases):
    client = as_persona("administrator")
    body = client.get("/staff/reports/annual-return.csv", {"year": "2024"}).content.decode()
    total = next(line for line in csv.reader(io.StringIO(body)) if "Total" in line)
    assert total[:6] == ["annual_return", "Total", "All local authorities", "2024", "6", "6"]
    xlsx = client.get("/staff/reports/annual-return.xlsx", {"year": "2024"}).content
    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["Annual return"]
    last = [cell.value for cell in workbook["Annual return"][workbook["Annual return"].max_row]]
    assert last[:3] == ["Total", "All local authorities", "2024"]
    html = client.get("/staff/reports/annual-return/", {"year": "2024"}).content.decode()
    assert "All local authorities" in html and "app-total-row" in html


def _table(title, sheet=""):
    return Table(key="k", title=title, sheet=sheet, columns=(Column("a", "A"),), rows=())


def test_sheet_names_are_words_within_excels_limit():
    assert _table("Certificates issued late", sheet="Late certificates").sheet_name == (
        "Late certificates"
    )
    long = _table("Days from first contact to certificate, by kind of certificate")
    assert long.sheet_name == "Days from first contact to"
    assert len(long.sheet_name) <= 31
    assert _table("Outcomes: agreed/not [2024]?").sheet_name == "Outcomes agreed not 2024"
