"""Save and come back later in headless Chromium: answer a few questions, save, open the
emailed link in a fresh browser, find the answers back and finish to check your answers. The
save page, its confirmation and the expired link page are checked with axe-core and
photographed on a phone (390 px) and a desktop (1280 px)."""

import re

import pytest

from sendresolve.drafts.models import SavedRequest
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.wording import WHO_LABELS
from tests.browser import SCREENSHOTS, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "save-return"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
EMAIL = "jordan@example.test"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def press_enter_on(page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check(page, name: str) -> None:
    """One h1, axe clean, no sideways scrolling on a phone; screenshots at 390 and 1280."""
    assert page.locator("h1").count() == 1, name
    SHOTS.mkdir(parents=True, exist_ok=True)  # var/screenshots/save-return/
    page.set_viewport_size(PHONE)
    violations = axe_violations(page)
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    assert violations == [], f"{name}: {describe(violations)}"
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), name
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)


def test_save_and_come_back_by_the_emailed_link(world, live_server, browser, page):
    base = live_server.url
    page.goto(base + "/request/")

    def answer(focus: str, *, space: bool = False, text: str = "") -> None:
        tab_to(page, focus)
        if space:
            page.keyboard.press("Space")
        if text:
            page.keyboard.type(text)

    def go_on() -> None:
        press_enter_on(page, "main button.govuk-button:not([data-save-and-return])")

    answer("input[value='mediation_advice']", space=True)
    go_on()
    answer("#id_local_authority", text="Barnet")  # the list, or the autocomplete that enhances it
    go_on()
    answer("input[value='parent']", space=True)
    go_on()
    answer("#id_child_name", text="Robin Example")
    answer("#id_child_date_of_birth_0", text="4")
    answer("#id_child_date_of_birth_1", text="5")
    answer("#id_child_date_of_birth_2", text="2014")
    check(page, "question-child")
    # Save from the child page: what it holds is kept too.
    press_enter_on(page, "button[data-save-and-return]")
    assert page.locator("h1").inner_text() == "Save your answers and come back later"
    check(page, "save")

    # An address in the wrong shape: the error summary, then the fix.
    answer("#id_email", text="jordan at example")
    press_enter_on(page, "main button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    check(page, "save-error")
    tab_to(page, "#id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type(EMAIL)
    press_enter_on(page, "main button.govuk-button")
    assert page.locator("h1").inner_text() == "We have sent you a link"
    assert EMAIL in page.locator("main").inner_text()
    check(page, "sent")

    message = OutboxMessage.objects.get(template="request_saved")
    assert message.to == EMAIL
    (link,) = re.findall(r"https?://\S+/saved-request/\S+/", message.body)

    # A fresh browser, as on another device: the answers come back.
    context = browser.new_context(viewport=DESKTOP)
    other = context.new_page()
    other.goto(link)
    assert other.url == base + "/request/your-name/"
    other.goto(base + "/request/child/")
    assert other.input_value("#id_child_name") == "Robin Example"
    assert other.input_value("#id_child_date_of_birth_2") == "2014"
    page = other
    page.goto(base + "/request/your-name/")
    answer("#id_requester_name", text="Jordan Example")
    go_on()
    answer("#id_email", text=EMAIL)
    answer("input[name='preferred_channel'][value='email']", space=True)
    go_on()
    answer("input[name='subjects'][value='refusal_to_assess']", space=True)
    go_on()
    answer("#id_decision_letter_date_0", text="14")
    answer("#id_decision_letter_date_1", text="2")
    answer("#id_decision_letter_date_2", text="2025")
    go_on()
    answer("input[name='health_care_in_issue'][value='yes']", space=True)
    go_on()
    # Taking part (issue 22): no interpreter; the optional questions left as they are.
    answer("input[name='interpreter'][value='none']", space=True)
    go_on()
    for _optional in ("access", "times", "child-views", "supporter"):
        go_on()
    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    summary = page.locator(".govuk-summary-list").inner_text()
    for expected in ("Mediation advice", "Barnet", WHO_LABELS["parent"], "Robin Example"):
        assert expected in summary
    assert page.locator("a[data-save-and-return]").count() == 1
    check(page, "check-answers")
    context.close()
    assert SavedRequest.objects.count() == 1


def test_an_unknown_or_expired_link_has_a_way_forward(world, live_server, page):
    page.goto(live_server.url + "/saved-request/not-a-link-we-sent/")
    assert page.locator("h1").inner_text() == "This link has expired"
    check(page, "expired")
    press_enter_on(page, "[data-way-forward]")
    assert page.url.endswith("/request/what/")


def test_the_privacy_notice_lists_saved_answers_and_how_long_they_are_kept(live_server, page):
    page.goto(live_server.url + "/privacy/")
    row = page.locator("#retention tr", has_text="Answers you saved to finish your request later")
    assert "Kept, encrypted, for 7 days" in row.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.locator("#retention").screenshot(path=str(SHOTS / f"privacy-retention-{name}.png"))
