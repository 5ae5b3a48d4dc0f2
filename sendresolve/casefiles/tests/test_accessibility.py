"""axe-core in headless Chromium on the documents pages, at a phone's and a desktop's width:
the staff list and upload page (with its errors), and the family's documents page."""

import datetime as dt

import pytest

from sendresolve.casefiles import services
from sendresolve.casefiles.tests.conftest import EICAR, PDF, upload
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.public.family.links import token_for
from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1280)


def check(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        screenshot(page, f"documents-{name}-{width}")
        assert violations == [], describe(violations)


def test_the_documents_pages_are_accessible(world, live_server, page, tmp_path):
    from conftest import PASSWORD

    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=clock.today() - dt.timedelta(days=7))
    services.document_add(
        actor=adviser,
        case=case,
        upload=upload(PDF, "Decision letter 12 March.pdf"),
        kind="decision_letter",
        visibility="everyone",
    )
    services.document_add_by_family(case=case, upload=upload(PDF, "EHC plan.pdf"), kind="ehc_plan")
    sign_in(page, live_server.url, "adviser@alpha.test", PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{case.reference}/")
    page.click("a[data-link='documents']")
    page.wait_for_selector("table.app-documents")
    assert page.locator("table.app-documents tbody tr").count() == 2
    check(page, "staff-list")

    page.click("a[data-action='document_add']")
    page.wait_for_selector("input[type=file]")
    check(page, "staff-new")

    infected = tmp_path / "letter.txt"
    infected.write_bytes(EICAR)
    page.set_input_files("#id_file", str(infected))
    page.check("#id_kind")
    page.check("#id_visibility")
    page.click("button:has-text('Upload document')")
    page.wait_for_selector(".govuk-error-summary")
    assert "contains a virus" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    check(page, "staff-new-errors")

    report = tmp_path / "Speech therapy report.pdf"
    report.write_bytes(PDF)
    page.set_input_files("#id_file", str(report))
    page.check("#id_kind-3")
    page.check("#id_visibility-2")
    page.click("button:has-text('Upload document')")
    page.wait_for_selector("table.app-documents")
    assert "Speech therapy report.pdf" in page.locator("table.app-documents").inner_text()
    page.locator("a[data-action='document_share']").first.click()
    page.wait_for_selector("input[name=visibility]")
    check(page, "staff-share")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/your-case/{token_for(case)}/documents/")
    page.wait_for_selector("input[type=file]")
    assert "Decision letter 12 March.pdf" in page.locator(".app-documents").inner_text()
    check(page, "family")
    page.click("button:has-text('Send document')")
    page.wait_for_selector(".govuk-error-summary")
    check(page, "family-errors")
