"""Correcting a case through the staff pages in headless Chromium: the letter date is
corrected, the appeal deadline moves, and the banner and the timeline say why."""

import datetime as dt

import pytest

from conftest import PASSWORD
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from tests.browser import assert_error_summary_focused, axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_correcting_the_letter_date_moves_the_appeal_deadline_and_says_why(
    world, live_server, page, time_machine
):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    case = open_case(world, decision_letter_date=dt.date(2024, 3, 1))
    base = live_server.url
    browser_sign_in(page, base, "adviser@alpha.test", PASSWORD)
    page.goto(f"{base}/staff/cases/{case.reference}/")
    page.click("a[data-action='case_correct']:has-text('Change decision and letter date')")
    page.wait_for_selector("h1:has-text('Correct the decision')")
    assert page.input_value("#id_decision_letter_date_0") == "1"
    page.fill("#id_decision_letter_date_0", "8")
    page.click("main form button.govuk-button")
    # No reason: the error summary links to the reason, and nothing changed.
    assert_error_summary_focused(page)
    assert "Enter why the date is being corrected" in page.inner_text(".govuk-error-summary")
    violations = axe_violations(page)
    screenshot(page, "staff-correct-decision-error")
    assert violations == [], describe(violations)
    page.fill("#id_reason", "The letter is dated 8 March; 1 March was the meeting.")
    page.click("main form button.govuk-button")
    page.wait_for_selector(".govuk-notification-banner--success")
    banner = page.inner_text(".govuk-notification-banner--success")
    assert "Corrected: Date of the decision letter." in banner
    assert "The appeal deadline moved from 1 May 2024 to 8 May 2024." in banner
    timeline = page.inner_text(".app-timeline")
    assert "Date of the decision letter: 1 March 2024 → 8 March 2024" in timeline
    assert "Reason: The letter is dated 8 March; 1 March was the meeting." in timeline
    violations = axe_violations(page)
    screenshot(page, "staff-case-after-correction")
    assert violations == [], describe(violations)
    appeal = CaseDeadline.objects.get(case=case, key="appeal_registration")
    assert appeal.due_on == dt.date(2024, 5, 8)
