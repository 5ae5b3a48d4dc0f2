"""axe-core in headless Chromium: no WCAG 2.2 AA violations on the pages that exist so far."""

import pytest

from tests.browser import (
    assert_error_summary_focused,
    axe_violations,
    describe,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "start": "/",
    "contacts": "/contacts/",
    "contacts-barnet": "/contacts/302/",
    "contacts-none": "/contacts/882/",
    "privacy": "/privacy/",
    "cookies": "/cookies/",
    "accessibility": "/accessibility/",
    "staff-sign-in": "/staff/",
    "staff-privacy": "/staff/privacy/",
    "staff-accessibility": "/staff/accessibility/",
    "staff-cookies": "/staff/cookies/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_has_no_accessibility_violations(world, live_server, page, name):
    page.goto(live_server.url + PAGES[name])
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    screenshot(page, name)
    assert violations == [], describe(violations)


def test_sign_in_errors_are_accessible_and_focus_the_summary(world, live_server, page):
    page.goto(live_server.url + "/staff/")
    page.click("button:has-text('Sign in')")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error: ")
    assert_error_summary_focused(page)
    violations = axe_violations(page)
    screenshot(page, "staff-sign-in-errors")
    assert violations == [], describe(violations)


def test_staff_pages_after_signing_in_are_accessible(world, live_server, page):
    sign_in(page, live_server.url, "adviser@alpha.test")
    for name, path in (
        ("staff-queue", "/staff/"),
        ("staff-organisations", "/staff/organisations/"),
        ("staff-feedback", "/staff/feedback/"),
        ("api-docs", "/api/v1/docs"),
        ("staff-case-new", "/staff/cases/new/"),
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        violations = axe_violations(page)
        screenshot(page, name)
        assert violations == [], f"{name}: {describe(violations)}"


def test_the_second_sign_in_step_is_accessible(world, live_server, page):
    """Setting up an authenticator app, the backup codes, and the code page with an error."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import PASSWORD
    from sendresolve.staff.tests.otp import code_for

    def check(name):
        assert page.locator("h1").count() == 1, name
        violations = axe_violations(page)
        screenshot(page, name)
        assert violations == [], f"{name}: {describe(violations)}"

    page.goto(live_server.url + "/staff/")
    page.fill("#id_username", "mediator@alpha.test")  # no authenticator app yet
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("h1:has-text('Set up your authenticator app')")
    check("staff-two-factor-set-up")
    device = TOTPDevice.objects.get(user=world.users["colleague"])
    page.fill("#id_code", code_for(device))
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Your authenticator app is set up')")
    assert page.locator("#backup-codes li").count() == 10
    check("staff-two-factor-backup-codes")
    page.click("a:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Work queue')")

    page.click("button:has-text('Sign out')")
    page.fill("#id_username", "mediator@alpha.test")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.click("button:has-text('Continue')")  # no code: the error summary
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert_error_summary_focused(page)
    check("staff-two-factor-code-error")


def test_a_caseworkers_case_pages_are_accessible(world, live_server, page):
    """The check before issuing a certificate, the note form's error, the success banner."""
    import datetime as dt

    from sendresolve.cases import services
    from sendresolve.cases.tests.factories import open_case

    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 7))

    def check(name):
        assert page.locator("h1").count() == 1, name
        violations = axe_violations(page)
        screenshot(page, name)
        assert violations == [], f"{name}: {describe(violations)}"

    sign_in(page, live_server.url, "adviser@alpha.test")
    page.goto(f"{live_server.url}/staff/cases/{case.reference}/")
    page.click("button:has-text('Add note')")  # empty: the error links to the field
    page.wait_for_selector(".govuk-error-summary")
    assert page.get_attribute(".govuk-error-summary a", "href") == "#note-text"
    assert_error_summary_focused(page)
    check("staff-case-note-error")
    page.click("a.govuk-button:has-text('Issue the mediation certificate')")
    page.wait_for_selector("h1:has-text('Check before you issue the certificate')")
    check("staff-certificate-check")
    page.click("button:has-text('Issue certificate')")
    page.wait_for_selector(".govuk-notification-banner--success")
    check("staff-case-success-banner")


def test_triage_pages_are_accessible(world, live_server, page):
    """The queue's "New and unassigned" section with its checkboxes, the same page with the
    bulk assign's error summary, and a new request's case page."""
    from sendresolve.cases import services
    from sendresolve.cases.services import IssueInput
    from sendresolve.cases.tests.factories import open_case

    request = services.case_request_online(
        local_authority=world.local_authority,
        request="mediation_advice",
        child_name="Ola Online",
        requester="parent",
        requester_name="Kim Example",
        email="kim@example.test",
        issues=[IssueInput("refusal_to_assess")],
    )
    open_case(world, assigned_to=world.users["provider_staff"])
    sign_in(page, live_server.url, "adviser@alpha.test")

    def check(name):
        assert page.locator("h1").count() == 1, name
        violations = axe_violations(page)
        screenshot(page, name)
        assert violations == [], f"{name}: {describe(violations)}"

    page.goto(live_server.url + "/staff/")
    page.wait_for_selector("#new-and-unassigned")
    check("staff-queue-triage")
    page.click("button:has-text('Assign selected')")  # nothing selected: the error summary
    page.wait_for_selector(".govuk-error-summary")
    assert_error_summary_focused(page)
    check("staff-queue-assign-errors")
    page.goto(live_server.url + f"/staff/cases/{request.reference}/")
    check("staff-case-new-request")
