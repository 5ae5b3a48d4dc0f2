"""Rearranging and cancelling a meeting, withdrawing and reopening a case, and undoing a step,
through the staff pages in headless Chromium (issue 18)."""

import datetime as dt

import pytest
from icalendar import Calendar

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from tests.browser import axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page, name: str) -> None:
    assert page.locator("h1").count() == 1, name
    violations = axe_violations(page)
    screenshot(page, name)
    assert violations == [], f"{name}: {describe(violations)}"


def invitation(page, base: str) -> Calendar:
    href = page.locator("a:has-text('Download calendar invitation')").first.get_attribute("href")
    response = page.request.get(base + href)
    assert response.status == 200
    return Calendar.from_ical(response.body())


def test_a_meeting_is_rearranged_then_cancelled_and_the_case_withdrawn_and_reopened(
    world, live_server, page, time_machine
):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="alex@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )
    base = live_server.url
    browser_sign_in(page, base, "adviser@alpha.test", PASSWORD)
    page.goto(f"{base}/staff/cases/{case.reference}/")
    uid = str(invitation(page, base).walk("VEVENT")[0]["UID"])

    # Rearranged past the 30 days: warned, then rearranged anyway.
    page.click("a:has-text('Rearrange meeting')")
    page.wait_for_selector("h1:has-text('Rearrange the meeting')")
    accessible(page, "meeting-rearrange")
    page.fill("#id_day_0", "9")
    page.fill("#id_start", "14:00")
    page.fill("#id_end", "16:00")
    page.fill("#id_reason", "The only day the LA officer can come.")
    page.click("main form button.govuk-button")
    page.wait_for_selector("text=is after Sunday 7 April 2024")
    accessible(page, "meeting-rearrange-warning")
    page.click("button:has-text('Rearrange anyway')")
    page.wait_for_selector("h2:has-text('Meetings')")
    (event,) = invitation(page, base).walk("VEVENT")
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == dt.datetime(2024, 4, 9, 14, tzinfo=LONDON)

    # Cancelled by the family: the invitation becomes a cancellation.
    page.click("a:has-text('Cancel meeting')")
    page.wait_for_selector("legend:has-text('Who cancelled it?')")
    page.click("main form button.govuk-button")
    page.wait_for_selector(".govuk-error-summary a[href='#id_cancelled_by']")
    accessible(page, "meeting-cancel-errors")
    page.check("input[name='cancelled_by'][value='family']")
    page.click("main form button.govuk-button")
    page.wait_for_selector("h2:has-text('Meetings')")
    cancelled = invitation(page, base)
    (event,) = cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["UID"]) == uid

    # Withdrawn, then reopened with a reason.
    page.click("a.govuk-button:has-text('Record that the family withdrew')")
    page.fill("#id_on_0", "20")
    page.fill("#id_on_1", "3")
    page.fill("#id_on_2", "2024")
    page.click("main form button.govuk-button")
    page.wait_for_selector(".app-status:has-text('Withdrawn')")
    page.click("a.govuk-button:has-text('Reopen the case')")
    page.wait_for_selector("h1:has-text('Reopen the case')")
    accessible(page, "case-reopen")
    page.fill("#id_reason", "The family came back.")
    page.click("main form button.govuk-button")
    page.wait_for_selector(".app-status:has-text('Local authority informed')")

    # The reopening cannot be undone; the last step before it has no Undo link either.
    assert page.locator("[data-action='step_undo']").count() == 0
    accessible(page, "case-reopened")
