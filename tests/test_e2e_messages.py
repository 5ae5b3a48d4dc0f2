"""A provider's messages in headless Chromium (issue 23): the manager opens "Messages and
branding", changes the "case opened" email, is told about an unknown merge field, previews the
corrected text with a made-up case, saves it, sees it tagged "Changed", reads the versions, and
the next family is sent the new words. Every page is checked with axe-core and photographed at
390 and 1280 px."""

import os
from pathlib import Path

import pytest

from sendresolve.branding.tests.helpers import managers
from sendresolve.cases.tests.factories import open_case
from sendresolve.notifications.models import OutboxMessage
from tests.browser import SCREENSHOTS, assert_error_summary_focused, axe_violations, describe
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SHOTS_DIR", str(SCREENSHOTS / "messages")))
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
NEW_TEXT = (
    "Hello ((name)),\n\nThank you for asking us about mediation. Your case reference is "
    "((case_reference)).\n\n((provider_name))"
)


def check(page, name: str) -> None:
    assert page.locator("h1").count() == 1, name
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"messages-{name}-{width}.png"), full_page=True)
        if width == "390":
            assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (
                name
            )
    page.set_viewport_size(WIDTHS["1280"])


def follow(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_edit_preview_save_and_the_next_message(world, live_server, page):
    people = managers(world)
    browser_sign_in(page, live_server.url, people["manager"].get_username())

    follow(page, "a.govuk-service-navigation__link:has-text('Messages and branding')")
    check(page, "list")
    row = page.locator('tr[data-kind="case_opened.email"]')
    assert "Default" in row.inner_text()
    follow(page, 'tr[data-kind="case_opened.email"] a')
    check(page, "edit")

    page.fill("#id_body", NEW_TEXT.replace("((name))", "((child_name))"))
    follow(page, "button:has-text('Save and send this from now on')")
    assert_error_summary_focused(page)
    check(page, "edit-error")
    assert "((child_name)) is not a merge field" in page.inner_text(".govuk-error-summary")

    page.fill("#id_body", NEW_TEXT)
    follow(page, "button:has-text('Preview')")
    check(page, "preview")
    preview = page.inner_text("[data-preview]")
    assert "Hello Jo Sample," in preview and "SR-0000-0000" in preview

    follow(page, "button:has-text('Save and send this from now on')")
    check(page, "saved")
    assert "Message saved" in page.inner_text("[data-banner]")
    assert "Changed" in page.locator('tr[data-kind="case_opened.email"]').inner_text()

    follow(page, 'tr[data-kind="case_opened.email"] a')
    follow(page, "a:has-text('Earlier versions')")
    check(page, "versions")
    follow(page, "a:has-text('Version 1')")
    check(page, "version")

    case = open_case(world, requester_name="Robin Parent")
    body = OutboxMessage.objects.get(template="case_opened", reference=case.reference).body
    assert body.startswith("Hello Robin Parent,\n\nThank you for asking us about mediation.")


def test_the_letterhead_page(world, live_server, page):
    people = managers(world)
    browser_sign_in(page, live_server.url, people["manager"].get_username())
    page.goto(live_server.url + "/staff/provider/branding/")
    check(page, "branding")
    page.fill("#id_email", "not an email")
    follow(page, "button:has-text('Save contact details')")
    assert_error_summary_focused(page)
    check(page, "branding-error")
    page.fill("#id_email", "hello@alpha.example")
    page.fill("#id_address", "Alpha House\n1 Mediation Street\nLondon\nN1 9GU")
    follow(page, "button:has-text('Save contact details')")
    assert "Alpha House" in page.inner_text("[data-letterhead]")
    check(page, "branding-saved")
