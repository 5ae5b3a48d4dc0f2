"""The report pages in headless Chromium: no axe-core violations, charts and errors included."""

import pytest

from conftest import PASSWORD
from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "date_from_0=1&date_from_1=1&date_from_2=2024&date_to_0=31&date_to_1=12&date_to_2=2024"


def test_report_pages_are_accessible(world, known_cases, live_server, page):
    sign_in(page, live_server.url, "admin@test.test", PASSWORD)
    for name, path in (
        ("reports", f"/staff/reports/?{PERIOD}"),
        ("reports-errors", "/staff/reports/?date_from_0=31&date_from_1=2&date_from_2=2024"),
        ("reports-annual-return", "/staff/reports/annual-return/?year=2024"),
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        violations = axe_violations(page)
        screenshot(page, name)
        assert violations == [], f"{name}: {describe(violations)}"
        if name == "reports":
            assert page.locator("svg.app-chart").count() == 2
            assert "60.0%" in page.locator("#table-by_local_authority").inner_text()
        if name == "reports-errors":
            assert page.locator(".govuk-error-summary").is_visible()
