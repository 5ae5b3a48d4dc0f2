"""axe-core in headless Chromium on the contact log and task pages, and "Your tasks"."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_a_contact_and_the_tasks_are_accessible(world, live_server, page):
    from conftest import PASSWORD

    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=clock.today() - dt.timedelta(days=7))
    services.task_add(
        actor=adviser,
        case=case,
        description="Call the LA officer back",
        owner=adviser,
        due_on=clock.today() - dt.timedelta(days=1),
    )
    sign_in(page, live_server.url, "adviser@alpha.test", PASSWORD)
    assert page.locator("table.app-my-tasks").is_visible()
    assert "Overdue" in page.locator("table.app-my-tasks").inner_text()
    violations = axe_violations(page)
    screenshot(page, "staff-queue-your-tasks")
    assert violations == [], describe(violations)

    page.goto(f"{live_server.url}/staff/cases/{case.reference}/contacts/new/")
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    screenshot(page, "staff-contact-new")
    assert violations == [], describe(violations)

    page.click("button:has-text('Log contact')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    violations = axe_violations(page)
    screenshot(page, "staff-contact-new-errors")
    assert violations == [], describe(violations)

    page.check("#id_kind")
    page.check("#id_direction")
    page.fill("#id_with_whom", "Alex Example")
    page.fill("#id_summary", "Asked about the meeting date.")
    page.click("button:has-text('Log contact')")
    page.wait_for_selector("h2#contact-log")
    assert "Asked about the meeting date." in page.locator(".app-contact-log").inner_text()
    violations = axe_violations(page)
    screenshot(page, "staff-case-contact-log")
    assert violations == [], describe(violations)

    page.goto(f"{live_server.url}/staff/cases/{case.reference}/tasks/new/")
    violations = axe_violations(page)
    screenshot(page, "staff-task-new")
    assert violations == [], describe(violations)
