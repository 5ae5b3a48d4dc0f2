"""axe-core in headless Chromium on the export page: reached from the navigation, and its
errors."""

import pytest

from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_page_is_accessible(world, live_server, page):
    sign_in(page, live_server.url, "officer@barnet.test")

    page.click("a:has-text('Exports')")
    page.wait_for_selector("h1:has-text('Export cases for a local authority')")
    violations = axe_violations(page)
    screenshot(page, "staff-exports")
    assert violations == [], describe(violations)

    page.check("#id_kind")
    page.fill("#id_date_from_0", "31")
    page.fill("#id_date_from_1", "2")
    page.fill("#id_date_from_2", "2025")
    page.click("button:has-text('Download')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    violations = axe_violations(page)
    screenshot(page, "staff-exports-errors")
    assert violations == [], describe(violations)
