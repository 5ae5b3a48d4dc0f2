"""axe-core in headless Chromium on an LA's term-date pages: the list, the form, its errors."""

import pytest

from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/staff/local-authorities/302/term-dates/"


def test_term_date_pages_are_accessible(world, live_server, page):
    sign_in(page, live_server.url, "officer@barnet.test")

    page.goto(live_server.url + PAGE)
    assert page.locator("h1").inner_text() == "School term dates"
    violations = axe_violations(page)
    screenshot(page, "staff-term-dates")
    assert violations == [], describe(violations)

    page.click("text=Add a term")
    page.click("button:has-text('Add term')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    violations = axe_violations(page)
    screenshot(page, "staff-term-dates-errors")
    assert violations == [], describe(violations)

    for field, value in {
        "#id_starts_on_0": "3",
        "#id_starts_on_1": "9",
        "#id_starts_on_2": "2026",
        "#id_ends_on_0": "18",
        "#id_ends_on_1": "12",
        "#id_ends_on_2": "2026",
        "#id_half_term_starts_on_0": "26",
        "#id_half_term_starts_on_1": "10",
        "#id_half_term_starts_on_2": "2026",
        "#id_half_term_ends_on_0": "30",
        "#id_half_term_ends_on_1": "10",
        "#id_half_term_ends_on_2": "2026",
    }.items():
        page.fill(field, value)
    page.click("button:has-text('Add term')")
    page.wait_for_selector("text=Thursday 3 September 2026")
    violations = axe_violations(page)
    screenshot(page, "staff-term-dates-with-a-term")
    assert violations == [], describe(violations)
