"""The council contacts pages in headless Chromium (issue 20): the council picker as an
accessible autocomplete used with the keyboard alone, the same form with JavaScript off, and
the contacts, "no online service" and provider contact pages axe clean at phone and desktop
widths (screenshots in var/screenshots/)."""

from importlib import import_module

import pytest
from django.conf import settings

from sendresolve.public.family import journey
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory
from tests.browser import axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def councils(world):
    LocalAuthorityFactory(dfe_code="370", gss_code="E08000038", name="Barnsley")
    LocalAuthorityFactory(dfe_code="874", gss_code="E06000031", name="Peterborough")
    barnet = world.local_authority
    barnet.send_team_phone, barnet.send_team_email = "020 8359 0000", "send@barnet.example"
    barnet.sendiass_name, barnet.sendiass_phone = "Barnet SENDIASS", "020 8359 1111"
    barnet.save()
    provider = world.provider
    provider.phone, provider.email = "020 7946 0000", "sen@alpha.example"
    provider.opening_hours = "Monday to Friday, 9am to 5pm"
    provider.save()
    return world


def clean(page, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, f"contacts-{name}")
    assert not violations, describe(violations)


def test_pick_a_council_with_the_keyboard_in_the_autocomplete(councils, live_server, page):
    page.goto(live_server.url + "/contacts/")
    box = page.locator("input#local_authority")
    box.wait_for()
    assert page.locator("select#local_authority-select").is_hidden()
    clean(page, "picker-enhanced")

    for _ in range(20):  # Tab from the top of the page to the box, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "local_authority":
            break
    assert page.evaluate("document.activeElement.id") == "local_authority"
    page.keyboard.type("Barn")
    options = page.locator("#local_authority__listbox li")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Barnet", "Barnsley"]
    clean(page, "picker-open")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert box.input_value() == "Barnet"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Continue"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/contacts/302/"
    assert page.inner_text("h1") == "Who to contact about mediation and disagreement resolution"


def test_a_council_name_is_shown_as_text_never_as_markup(councils, live_server, page):
    LocalAuthorityFactory(dfe_code="998", gss_code="E06000998", name="Barn <b>Owl</b>")
    page.goto(live_server.url + "/contacts/")
    page.locator("input#local_authority").fill("Barn")
    options = page.locator("#local_authority__listbox li")
    options.first.wait_for()
    assert "Barn <b>Owl</b>" in options.all_inner_texts()
    assert page.locator("#local_authority__listbox li b").count() == 0


def test_a_name_that_is_not_a_council_is_asked_again_with_an_error(councils, live_server, page):
    page.goto(live_server.url + "/contacts/")
    box = page.locator("input#local_authority")
    box.fill("Narnia")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Choose the council" in page.inner_text(".govuk-error-summary")
    # The error summary's link leads to the enhanced box, and it shows the error style.
    page.click(".govuk-error-summary a")
    assert page.evaluate("document.activeElement.id") == "local_authority"
    assert "govuk-input--error" in (box.get_attribute("class") or "")
    clean(page, "picker-error")


def test_the_picker_works_without_javascript(councils, live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/contacts/")
        assert page.locator("input#local_authority").count() == 0
        page.select_option("select#local_authority", "302")
        with page.expect_navigation():
            page.click("button:has-text('Continue')")
        assert page.url == live_server.url + "/contacts/302/"
    finally:
        context.close()


def with_session(context, base: str, answers: dict) -> None:
    """Give the browser a session holding request answers, as the request pages keep them."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[journey.SESSION_KEY] = answers
    store.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base}]
    )


PAGES = {
    "picker": "/contacts/",
    "barnet": "/contacts/302/",
    "none-held": "/contacts/874/",
    "provider": "/contact/alpha-mediation/",
    "no-service": "/request/no-online-service/",
}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_contacts_pages_are_accessible_at_phone_and_desktop_widths(
    councils, live_server, browser, width
):
    context = browser.new_context(viewport=PHONE if width == "phone" else DESKTOP)
    with_session(context, live_server.url, {"request": "mediation", "local_authority": "874"})
    page = context.new_page()
    try:
        for name, path in PAGES.items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, name
            clean(page, f"{name}-{width}")
        page.goto(live_server.url + "/contacts/")
        page.locator("input#local_authority").fill("Bar")
        page.locator("#local_authority__listbox li").first.wait_for()
        clean(page, f"picker-open-{width}")
    finally:
        context.close()
