"""An ordinary week of casework in headless Chromium, end to end (issue 18's acceptance).

A family's online request is under "New and unassigned" on the first page of the queue; the
adviser assigns it to themself from there, logs a call, corrects the letter date (the appeal
deadline moves and the timeline says why), rearranges the meeting and then cancels it (the
``.ics`` keeps its UID, SEQUENCE goes up, and the cancellation is METHOD:CANCEL), records that
the family withdrew and reopens the case. Each step is a page a caseworker uses; the steps the
family's own pages or other tests cover (advice, the LA told, arranging the meeting) are set up
through the services.
"""

import datetime as dt

import pytest
from icalendar import Calendar

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseDeadline, ContactEntry
from sendresolve.cases.services import IssueInput
from sendresolve.core.clock import LONDON
from tests.browser import screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def invitation(page, base: str) -> Calendar:
    href = page.locator("a:has-text('Download calendar invitation')").first.get_attribute("href")
    response = page.request.get(base + href)
    assert response.status == 200
    return Calendar.from_ical(response.body())


def banner(page) -> str:
    page.wait_for_selector(".govuk-notification-banner--success")
    return page.inner_text(".govuk-notification-banner--success")


def test_a_week_of_casework_from_a_new_request_to_a_reopened_case(
    world, live_server, page, time_machine
):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    request = services.case_request_online(
        local_authority=world.local_authority,
        request="mediation",
        child_name="Ola Online",
        requester="parent",
        requester_name="Kim Example",
        email="kim@example.test",
        decision_description="Decision not to carry out an EHC needs assessment",
        decision_letter_date=dt.date(2024, 3, 1),
        issues=[IssueInput("refusal_to_assess")],
    )
    base = live_server.url
    browser_sign_in(page, base, "adviser@alpha.test", PASSWORD)

    # Triage: on the first page, under New and unassigned, and assigned from there.
    page.goto(f"{base}/staff/")
    assert "New and unassigned (1)" in page.inner_text("#new-and-unassigned")
    row = page.locator(f"tr[data-triage-case='{request.reference}']")
    assert "Mediation" in row.inner_text()
    row.locator("input[name='cases']").check()
    page.select_option("#bulk_assignee", label="Me")
    page.click("button:has-text('Assign selected')")
    assert "1 case assigned to" in banner(page)
    assert Case.objects.get(pk=request.pk).assigned_to == adviser

    # A call with the family, logged.
    page.goto(f"{base}/staff/cases/{request.reference}/")
    page.click("a[data-action='contact_log']")
    page.check("input[name='kind'][value='call']")
    page.check("input[name='direction'][value='out']")
    page.fill("#id_with_whom", "Kim Example (parent)")
    page.fill("#id_occurred_at_0", "20")
    page.fill("#id_occurred_at_1", "3")
    page.fill("#id_occurred_at_2", "2024")
    page.fill("#id_summary", "Explained mediation; Kim wants to go ahead.")
    page.click("main form button.govuk-button")
    page.wait_for_selector("h2#contact-log")
    assert "Explained mediation" in page.inner_text(".app-contact-log")
    assert ContactEntry.objects.filter(case=request, kind="call").count() == 1

    # The letter date was wrong: corrected, with the reason; the appeal deadline moves.
    page.click("a[data-action='case_correct']:has-text('Change decision and letter date')")
    page.fill("#id_decision_letter_date_0", "8")
    page.fill("#id_reason", "The letter is dated 8 March.")
    page.click("main form button.govuk-button")
    assert "The appeal deadline moved from 1 May 2024 to 8 May 2024." in banner(page)
    timeline = page.inner_text(".app-timeline")
    assert "1 March 2024 → 8 March 2024" in timeline
    assert "Reason: The letter is dated 8 March." in timeline
    appeal = CaseDeadline.objects.get(case=request, key="appeal_registration")
    assert appeal.due_on == dt.date(2024, 5, 8)

    # Advice, the family's choice, the LA told and a meeting arranged (covered elsewhere).
    services.advice_give(actor=adviser, case=request, on=dt.date(2024, 3, 20))
    services.mediation_request(actor=adviser, case=request, on=dt.date(2024, 3, 20))
    services.la_inform(actor=adviser, case=request, on=dt.date(2024, 3, 20))
    services.session_schedule(
        actor=adviser,
        case=request,
        starts_at=dt.datetime(2024, 4, 10, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 10, 12, tzinfo=LONDON),
        mode="online",
    )
    page.goto(f"{base}/staff/cases/{request.reference}/")
    first = invitation(page, base).walk("VEVENT")[0]
    uid = str(first["UID"])
    assert int(first.get("SEQUENCE", 0)) == 0

    # Rearranged inside the 30 days: no warning; the invitation keeps its UID, SEQUENCE 1.
    page.click("a:has-text('Rearrange meeting')")
    page.fill("#id_day_0", "12")
    page.fill("#id_start", "14:00")
    page.fill("#id_end", "16:00")
    page.fill("#id_reason", "The LA officer is in court on the 10th.")
    page.click("main form button.govuk-button")
    page.wait_for_selector("h2:has-text('Meetings')")
    (event,) = invitation(page, base).walk("VEVENT")
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == dt.datetime(2024, 4, 12, 14, tzinfo=LONDON)

    # Cancelled by the family: the same UID, a cancellation.
    page.click("a:has-text('Cancel meeting')")
    page.check("input[name='cancelled_by'][value='family']")
    page.click("main form button.govuk-button")
    page.wait_for_selector("h2:has-text('Meetings')")
    cancelled = invitation(page, base)
    (event,) = cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 2

    # The family withdraws; then they come back and the case is reopened.
    page.click("a.govuk-button:has-text('Record that the family withdrew')")
    page.fill("#id_on_0", "20")
    page.fill("#id_on_1", "3")
    page.fill("#id_on_2", "2024")
    page.click("main form button.govuk-button")
    page.wait_for_selector(".app-status:has-text('Withdrawn')")
    page.click("a.govuk-button:has-text('Reopen the case')")
    page.fill("#id_reason", "Kim rang back: they want mediation after all.")
    page.click("main form button.govuk-button")
    page.wait_for_selector(".app-status:has-text('Local authority informed')")
    screenshot(page, "week-reopened")
    request.refresh_from_db()
    assert request.status == "la_informed"
    types = list(request.events.order_by("pk").values_list("type", flat=True))
    for step in (
        "assigned",
        "contact_logged",
        "details_corrected",
        "session_rearranged",
        "session_cancelled",
        "case_withdrawn",
        "case_reopened",
    ):
        assert step in types, step
