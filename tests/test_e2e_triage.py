"""Triage driven through the staff pages in headless Chromium: a family's online request is
at the top of the first page under "New and unassigned", is assigned from the queue, and the
first-contact standard is met once the adviser records the advice."""

import pytest

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseEvent
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from tests.browser import screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_online_request_is_assigned_from_the_queue(world, live_server, page):
    colleague = world.users["colleague"]
    colleague.first_name, colleague.last_name = "Sam", "Adviser"
    colleague.save()
    for n in range(3):  # cases someone already has
        open_case(world, child_name=f"Child {n}", assigned_to=world.users["provider_staff"])
    request = services.case_request_online(
        local_authority=world.local_authority,
        request="mediation",
        child_name="Ola Online",
        requester="parent",
        requester_name="Kim Example",
        email="kim@example.test",
        issues=[IssueInput("refusal_to_assess")],
    )
    browser_sign_in(page, live_server.url, "adviser@alpha.test", PASSWORD)
    page.goto(live_server.url + "/staff/")
    assert "New and unassigned (1)" in page.inner_text(".govuk-service-navigation")
    row = page.locator(f"tr[data-triage-case='{request.reference}']")
    assert "Mediation" in row.inner_text()
    assert "Provider's service standard: first contact within 2 working days" in row.inner_text()
    row.locator("input[name='cases']").check()
    page.select_option("#bulk_assignee", label="Sam Adviser")
    page.click("button:has-text('Assign selected')")
    page.wait_for_selector(".govuk-notification-banner")
    screenshot(page, "triage-assigned")
    assert "1 case assigned to Sam Adviser." in page.inner_text(".govuk-notification-banner")
    assert "New and unassigned (0)" in page.inner_text("#new-and-unassigned")
    assert Case.objects.get(pk=request.pk).assigned_to == colleague
    assert CaseEvent.objects.filter(case=request, type="assigned").count() == 1
