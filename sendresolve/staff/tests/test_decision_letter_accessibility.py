"""axe-core in headless Chromium on the decision-letter page: the form, the paragraph, errors."""

import pytest

from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/staff/local-authorities/302/decision-letter/"


def test_decision_letter_page_is_accessible(world, live_server, page):
    world.local_authority.send_team_email = "send@barnet.example"
    world.local_authority.save()
    sign_in(page, live_server.url, "officer@barnet.test")

    page.goto(live_server.url + PAGE)
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    screenshot(page, "staff-decision-letter")
    assert violations == [], describe(violations)

    page.fill("#id_letter_date_0", "31")
    page.fill("#id_letter_date_1", "1")
    page.fill("#id_letter_date_2", "2024")
    page.check("#id_decision-3")  # a final or amended plan
    page.click("button:has-text('Show the paragraph')")
    page.wait_for_selector("#decision-letter-paragraph")
    assert "Sunday 31 March 2024" in page.inner_text("#reg32-d")
    violations = axe_violations(page)
    screenshot(page, "staff-decision-letter-paragraph")
    assert violations == [], describe(violations)

    page.fill("#id_letter_date_0", "")
    page.fill("#id_letter_date_1", "")
    page.fill("#id_letter_date_2", "")
    page.click("button:has-text('Show the paragraph')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    violations = axe_violations(page)
    screenshot(page, "staff-decision-letter-errors")
    assert violations == [], describe(violations)
