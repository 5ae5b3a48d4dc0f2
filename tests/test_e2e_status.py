"""The family's status page in headless Chromium (issue 20): a case with a written agreement,
agreed actions and a certificate; keyboard only to "Change your contact details" and back; the
expired link's page asks for a new one right there. Axe-clean and photographed at 390 and 1280
pixels wide."""

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine

from sendresolve.cases.models import CaseEvent
from sendresolve.core import clock
from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import links
from sendresolve.public.tests.status_factories import SECRET, agreed_case
from tests.browser import axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}
# Also saved, named by width, under this folder when it is set (for a reviewer to look at).
SHOTS = os.environ.get("STATUS_SHOTS", "")


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def press_enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check(page, name: str) -> None:
    """Axe-clean at each width, photographed at each."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert not violations, f"{name} at {width}px: {describe(violations)}"
        screenshot(page, f"status-{name}-{label}")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_the_status_page_shows_the_agreement_and_the_change_form_works_by_keyboard(
    world, live_server, page
):
    base = live_server.url
    case = agreed_case(world, email="old@example.test")
    token = links.token_for(case)
    page.goto(base + f"/your-case/{token}/")
    main = page.inner_text("main")
    assert "What was agreed" in main
    assert "Carry out an EHC needs assessment" in main
    assert "Meet the family to plan support" in main
    assert "Not done yet" in main and "Done" in main
    assert SECRET not in page.content()
    assert page.locator(f"a[href='{TRIBUNAL_APPEAL_FORM}']").count() == 1
    certificate = case.certificates.get()
    assert page.locator(f"a[href$='/certificates/{certificate.number}.pdf']").count() == 1
    check(page, "page")

    # Keyboard only: to the form, and back by its back link.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, "a[data-change-contact]")
    press_enter(page)
    assert page.inner_text("h1") == "Change your contact details"
    assert page.input_value("#id_email") == "old@example.test"
    check(page, "change-details")
    tab_to(page, "a.govuk-back-link")
    press_enter(page)
    assert page.inner_text("h1") == "Your case"

    # And again, this time changing the email address and saving.
    tab_to(page, "a[data-change-contact]")
    press_enter(page)
    tab_to(page, "#id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("new@example.test")
    tab_to(page, "main button.govuk-button")
    press_enter(page)
    assert "Contact details changed" in page.inner_text("h1")
    check(page, "change-details-done")
    tab_to(page, "main a.govuk-button")
    press_enter(page)
    assert page.inner_text("h1") == "Your case"
    assert "new@example.test" in page.inner_text("main")
    assert CaseEvent.objects.filter(case=case, type="details_corrected").count() == 1
    assert OutboxMessage.objects.filter(template="family_contact_changed").count() == 1

    # An error on the form: the GOV.UK error summary, axe-clean.
    page.click("a[data-change-contact]")
    page.fill("#id_email", "not an email")
    with page.expect_navigation():
        page.click("main button.govuk-button")
    assert page.locator(".govuk-error-summary").count() == 1
    check(page, "change-details-error")


def test_an_expired_link_asks_for_a_new_one_right_there(world, live_server, page):
    base = live_server.url
    case = agreed_case(world, email="sam@example.test")
    with time_machine.travel(clock.now() - dt.timedelta(days=links.link_days() + 1)):
        old = links.token_for(case)
    response = page.goto(base + f"/your-case/{old}/")
    assert response is not None and response.status == 410
    assert page.inner_text("h1") == "This link has expired"
    check(page, "expired")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, "#id_reference")
    page.keyboard.type(case.reference)
    tab_to(page, "#id_contact")
    page.keyboard.type("sam@example.test")
    tab_to(page, "[data-way-forward]")
    press_enter(page)
    assert page.url == base + "/your-case/new-link/sent/"
    assert OutboxMessage.objects.filter(template="status_link", to="sam@example.test").exists()
