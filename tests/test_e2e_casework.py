"""The casework journeys driven through the staff pages in headless Chromium."""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from conftest import PASSWORD
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.core.clock import LONDON
from sendresolve.law.dates import long_date
from tests.browser import axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username="adviser@alpha.test"):
    browser_sign_in(page, base, username, PASSWORD)


def fill_date(page, name, day: dt.date):
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


def do_action(page, label, day: dt.date):
    page.click(f"a.govuk-button:has-text('{label}')")
    fill_date(page, "on", day)
    page.click("main form button.govuk-button")
    try:
        page.wait_for_selector("h2:has-text('Deadlines')", timeout=5000)
    except Exception:
        screenshot(page, "action-failed")
        raise


def issue_certificate(page, day: dt.date):
    """Issue the certificate through "Check before you issue", dated ``day``."""
    page.click("a.govuk-button:has-text('Issue the mediation certificate')")
    page.wait_for_selector("h1:has-text('Check before you issue the certificate')")
    page.click("summary:has-text('Change the date of issue')")
    fill_date(page, "on", day)
    page.click("button:has-text('Show the certificate for this date')")
    page.wait_for_selector(f"#certificate-preview:has-text('{long_date(day)}')")
    page.click("button:has-text('Issue certificate')")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert "Issued the mediation certificate" in page.inner_text(".govuk-notification-banner")


def come_back(page, base, case, when: dt.datetime, time_machine):
    """Move the clock on; the staff session has expired by then, so sign in again."""
    time_machine.move_to(when, tick=False)
    sign_in(page, base)
    page.goto(f"{base}/staff/cases/{case.reference}/")


def open_case_in_browser(page, base, *, subjects, letter: dt.date, opened: dt.date):
    page.click("a:has-text('Open a case')")
    page.select_option("#id_local_authority", "302")
    page.fill("#id_child_name", "Robin Example")
    page.check("#id_requester")  # parent
    page.fill("#id_requester_name", "Jordan Example")
    page.fill("#id_email", "jordan@example.test")
    page.fill("#id_decision_description", "Decision not to carry out an EHC needs assessment")
    fill_date(page, "decision_letter_date", letter)
    for subject in subjects:
        page.check(f"input[name='subjects'][value='{subject}']")
    fill_date(page, "opened_on", opened)
    page.click("button:has-text('Open case')")
    try:
        page.wait_for_selector("h2:has-text('Deadlines')", timeout=5000)
    except Exception:
        screenshot(page, "open-case-failed")
        raise
    return Case.objects.get(child_name="Robin Example")


def pdf_text(page, href):
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    return " ".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)


def test_declined_journey_certificate_on_time_with_the_right_appeal_deadline(
    world, live_server, page, time_machine
):
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    base = live_server.url
    sign_in(page, base)
    case = open_case_in_browser(
        page,
        base,
        subjects=["refusal_to_assess"],
        letter=dt.date(2024, 3, 1),
        opened=dt.date(2024, 3, 5),
    )
    do_action(page, "Record that mediation advice was given", dt.date(2024, 3, 28))
    do_action(page, "Record that the family does not want mediation", dt.date(2024, 3, 28))
    # The certificate is due after Good Friday, the weekend and Easter Monday.
    row = page.locator("tr", has_text="Issue the certificate (mediation declined)")
    assert "Thursday 4 April 2024" in row.inner_text()
    assert "Alpha Mediation" in row.inner_text()
    assert "Open" in row.inner_text()
    violations = axe_violations(page)
    screenshot(page, "case-declined")
    assert violations == [], describe(violations)

    come_back(page, base, case, dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), time_machine)
    issue_certificate(page, dt.date(2024, 4, 4))
    row = page.locator("tr", has_text="Issue the certificate (mediation declined)")
    assert "Met" in row.inner_text()
    link = page.locator("a:has-text('Certificate MC-')[href$='.pdf']")
    text = pdf_text(page, base + link.get_attribute("href"))
    # 1 month from 4 April is Sat 4 May; Mon 6 May is a bank holiday: Tue 7 May 2024.
    assert "Tuesday 7 May 2024" in text
    assert CaseDeadline.objects.get(case=case, key="certificate_after_declining").state == "met"


def test_mediation_journey_partly_agreed_with_actions_tracked(
    world, live_server, page, time_machine
):
    time_machine.move_to(dt.datetime(2024, 12, 10, 15, tzinfo=LONDON), tick=False)
    base = live_server.url
    sign_in(page, base)
    case = open_case_in_browser(
        page,
        base,
        subjects=["plan_needs", "plan_provision"],
        letter=dt.date(2024, 11, 29),
        opened=dt.date(2024, 12, 2),
    )
    do_action(page, "Record that mediation advice was given", dt.date(2024, 12, 3))
    do_action(page, "Record that the family wants mediation", dt.date(2024, 12, 9))
    do_action(page, "Record that the local authority was told", dt.date(2024, 12, 10))
    row = page.locator("tr", has_text="Hold the mediation")
    assert "Thursday 9 January 2025" in row.inner_text()  # Christmas is not skipped

    page.click("a:has-text('Arrange a meeting')")
    fill_date(page, "day", dt.date(2025, 1, 8))
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "13:00")
    page.check("input[name='mode'][value='online']")
    page.click("button:has-text('Arrange meeting')")
    page.wait_for_selector("h2:has-text('Meetings')")
    page.click("button:has-text('Record notice sent today')")
    page.wait_for_selector("h2:has-text('Meetings')")

    come_back(page, base, case, dt.datetime(2025, 1, 8, 16, tzinfo=LONDON), time_machine)
    page.click("button:has-text('Record as held')")
    page.wait_for_selector("a:has-text('Record the outcome')")
    page.click("a:has-text('Record the outcome')")
    fill_date(page, "on", dt.date(2025, 1, 8))
    needs, provision = case.issues.order_by("id")
    page.check(f"input[name='outcome_{needs.pk}'][value='agreed']")
    page.check(f"input[name='outcome_{provision.pk}'][value='not_agreed']")
    page.fill("#id_agreement_text", "Section B will describe the speech and language needs.")
    page.fill("#id_action_0_description", "Educational psychologist to visit")
    page.select_option("#id_action_0_owner", "local_authority")
    page.fill("#id_action_1_description", "Amend section B")
    page.select_option("#id_action_1_owner", "local_authority")
    page.select_option("#id_action_1_clock", "amend_plan")
    page.click("button:has-text('Record outcome')")
    page.wait_for_selector("h2:has-text('Written agreement')")

    come_back(page, base, case, dt.datetime(2025, 1, 10, 9, tzinfo=LONDON), time_machine)
    issue_certificate(page, dt.date(2025, 1, 10))
    text = pdf_text(
        page,
        base + page.locator("a:has-text('Certificate MC-')[href$='.pdf']").get_attribute("href"),
    )
    assert "Monday 10 February 2025" in text

    actions = page.locator("table", has_text="Agreed actions").inner_text()
    assert "22 Jan 2025" in actions  # 2 weeks (reg 42(3))
    assert "12 Feb 2025" in actions  # 5 weeks (reg 44 via reg 42(2))
    violations = axe_violations(page)
    screenshot(page, "case-concluded")
    assert violations == [], describe(violations)
