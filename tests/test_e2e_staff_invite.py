"""Staff self-service in headless Chromium (issue 23): the manager invites a mediator by email;
the mediator opens the link, sets a password, sets up an authenticator app (the code computed
with pyotp from the key on the page) and lands signed in, seeing actions only on the case
assigned to them. The invitation is driven with the keyboard, and every page is axe-clean."""

import re

import pyotp
import pytest

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.notifications.models import OutboxMessage
from tests.browser import axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "quiet-lantern-orchard-42"


def axe_clean(page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"


def test_a_manager_invites_a_mediator_who_signs_up_with_two_factor(
    role_personas, live_server, page
):
    world = role_personas
    manager = world.users["manager"]
    theirs = open_case(world, child_name="Tami Theirs")
    other = open_case(world, child_name="Otto Other")
    base = live_server.url

    browser_sign_in(page, base, manager.username, PASSWORD)
    page.get_by_role("link", name="Staff", exact=True).click()
    page.wait_for_selector("h1:has-text('Staff')")
    axe_clean(page, "staff list")
    page.get_by_role("button", name="Invite someone").click()
    page.wait_for_selector("h1:has-text('Invite someone')")
    # An empty form: the error summary, then the form filled in with the keyboard only.
    page.click("button:has-text('Send invitation')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter their email address" in page.inner_text(".govuk-error-summary")
    axe_clean(page, "invite with errors")
    page.focus("#id_email")
    page.keyboard.type("nia.new@alpha.test")
    page.keyboard.press("Tab")  # to the first role: adviser
    page.keyboard.press("Tab")  # mediator
    page.keyboard.press("Space")
    assert page.is_checked("input[name='roles'][value='mediator']")
    page.focus("button:has-text('Send invitation')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-notification-banner")
    assert "We emailed an invitation to nia.new@alpha.test" in page.inner_text(
        ".govuk-notification-banner"
    )
    screenshot(page, "staff-invite-sent")

    # The invitee's email holds the link: they open it signed out.
    body = OutboxMessage.objects.get(template="staff_invite", to="nia.new@alpha.test").body
    link = re.search(r"https?://\S+/staff/join/\S+/", body).group(0)
    path = link[link.index("/staff/join/") :]
    page.context.clear_cookies()
    page.goto(base + path)
    page.wait_for_selector("h1:has-text('Set up your account')")
    assert "You are joining as mediator" in page.inner_text("main")
    axe_clean(page, "accept")
    page.fill("#id_first_name", "Nia")
    page.fill("#id_last_name", "New")
    page.fill("#id_password", "short")
    page.fill("#id_password_again", "short")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    assert "too short" in page.inner_text(".govuk-error-summary")
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", NEW_PASSWORD)
    page.click("button:has-text('Continue')")

    # The second step every staff sign-in has: set up the authenticator app.
    page.wait_for_selector("#secret-key")
    axe_clean(page, "set up")
    secret = page.inner_text("#secret-key").replace(" ", "")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Continue')")
    page.wait_for_selector("text=backup codes")
    screenshot(page, "staff-invite-backup-codes")

    # Signed in as a mediator: actions on their own case only.
    from django.contrib.auth import get_user_model

    nia = get_user_model().objects.get(username="nia.new@alpha.test")
    services.case_assign(actor=manager, case=theirs, assignee=nia)
    page.goto(base + f"/staff/cases/{theirs.reference}/")
    page.wait_for_selector(f"text={theirs.reference}")
    assert page.locator("a[href*='/do/'], a[href*='/contacts/new/']").count() > 0
    page.goto(base + f"/staff/cases/{other.reference}/")
    page.wait_for_selector(f"text={other.reference}")
    assert page.locator("a[href*='/do/'], a[href*='/contacts/new/']").count() == 0
    assert page.get_by_role("link", name="Staff", exact=True).count() == 0

    # The link was used up: opening it again says so, with a way forward.
    page.context.clear_cookies()
    page.goto(base + path)
    page.wait_for_selector("h1:has-text('This invitation has been used')")
    assert page.locator("a:has-text('sign in')").count() >= 1
    axe_clean(page, "used link")
