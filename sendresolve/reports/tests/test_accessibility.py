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


WIDE = 1280


def _regions(page):
    """For each report table's region: its columns, how many are in view, whether it scrolls,
    and what it says."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.app-table-scroll')).map((region) => {
            const table = region.querySelector('table');
            const box = region.getBoundingClientRect();
            const headers = Array.from(table.querySelectorAll('thead th'));
            const hint = document.querySelector(`[data-scroll-hint="${table.id}"]`);
            return {
              id: table.id,
              columns: headers.length,
              in_view: headers.filter((th) => th.getBoundingClientRect().right <= box.right + 1)
                .length,
              scrolls: region.scrollWidth > region.clientWidth + 1,
              hint: hint && !hint.hidden && hint.offsetParent !== null ? hint.textContent : '',
              role: region.getAttribute('role'),
              tabindex: region.getAttribute('tabindex'),
              named_by: region.getAttribute('aria-labelledby'),
              caption: table.querySelector('caption').id,
            };
        })"""
    )


def test_report_tables_fit_or_say_they_scroll_at_1280_px(world, known_cases, live_server, page):
    """At 1280 px every column is in view, or the table scrolls in a focusable region named by
    its caption that says so, and the keyboard scrolls it (issue 23: the annual return showed
    10 of its 13 columns and did not say so)."""
    page.set_viewport_size({"width": WIDE, "height": 900})
    sign_in(page, live_server.url, "admin@test.test", PASSWORD)
    for name, path in (
        ("reports-1280", f"/staff/reports/?{PERIOD}"),
        ("reports-annual-return-1280", "/staff/reports/annual-return/?year=2024"),
    ):
        page.goto(live_server.url + path)
        regions = _regions(page)
        assert regions, name
        for region in regions:
            assert region["role"] == "region" and region["tabindex"] == "0", region
            assert region["named_by"] == region["caption"], region
            if region["scrolls"]:
                assert region["hint"] == (
                    f"This table has {region['columns']} columns. Scroll sideways to see them all."
                ), region
                selector = f"#{region['id']}"
                page.locator(selector).locator("xpath=..").focus()
                page.keyboard.press("ArrowRight")
                # (The browser may scroll smoothly: wait for it, up to 3 seconds.)
                # (A function, not an expression: the page's CSP refuses ``eval``.)
                page.wait_for_function(
                    "(selector) => document.querySelector(selector).parentElement.scrollLeft > 0",
                    arg=selector,
                    timeout=3000,
                )
            else:
                assert region["in_view"] == region["columns"], region
                assert region["hint"] == "", region
        violations = axe_violations(page)
        screenshot(page, name)
        assert violations == [], f"{name}: {describe(violations)}"
        print(name, [(r["id"], r["columns"], r["in_view"], r["scrolls"]) for r in regions])
