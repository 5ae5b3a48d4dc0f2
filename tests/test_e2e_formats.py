"""Another format and Easy Read in headless Chromium (issue 20): the family asks for another
format, the provider's staff see it in their queue and mark it sent; the Easy Read pages show
their pictures. Every page is checked with axe-core and photographed at 390 and 1280 px."""

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import PASSWORD
from sendresolve.cases.models import Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.feedback.models import FormatRequest
from sendresolve.public.finder import answers as finder_answers
from tests.browser import SCREENSHOTS, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The screenshots go with the other browser tests' unless SHOTS_DIR names another folder.
SHOTS = Path(os.environ.get("SHOTS_DIR", str(SCREENSHOTS)))
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
FINDER = {
    "council": "302",
    "who": "parent",
    "age": 9,
    "plan": "no",
    "with": ["local_authority"],
    "about": ["refusal_to_issue_plan"],
    "decision_letter": "2026-11-20",
    "progress": ["none"],
}


def check(page, name: str) -> None:
    """One h1, axe clean, pictures loaded, no sideways scrolling on a phone; screenshots."""
    assert page.locator("h1").count() == 1, name
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"
    broken = page.evaluate(
        "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], name
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"formats-{name}-{width}.png"), full_page=True)
        if width == "390":
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => "
                "e.getBoundingClientRect().right > window.innerWidth + 1)"
                ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
            )
            assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (
                f"{name}: {wide}"
            )
    page.set_viewport_size(WIDTHS["1280"])


def follow(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def choose_council(page, name: str) -> None:
    """Pick the council in the select, or in its autocomplete once the script has enhanced it
    (the input takes the select's id)."""
    field = page.locator("#id_local_authority")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(label=name)
        return
    field.fill(name)
    page.locator("#id_local_authority__listbox li", has_text=name).first.click()


def test_easy_read_pages_link_both_ways_and_are_accessible(world, live_server, page):
    base = live_server.url
    page.goto(base + "/")
    follow(page, "a[data-easy-read]")
    assert page.locator("h1").inner_text() == "Help when you disagree"
    assert page.locator("img.app-easy-read__picture").count() >= 10
    assert "OpenMoji" in page.locator("[data-picture-credit]").inner_text()
    check(page, "easy-read-start")
    follow(page, "a:has-text('mediation and appeals')")
    check(page, "easy-read-advice")
    follow(page, "a:has-text('your mediation certificate')")
    check(page, "easy-read-certificate")
    # With the route finder's answers, the advice page links to its Easy Read version, which
    # shows the family's own dates.
    page.context.add_cookies(
        [{"name": finder_answers.COOKIE, "value": finder_answers.seal(FINDER), "url": base}]
    )
    page.goto(base + "/find/what-you-can-do/")
    follow(page, "a[data-easy-read]")
    assert page.locator("#your-dates").is_visible()
    check(page, "easy-read-advice-own-dates")
    follow(page, "a[data-standard-version]")
    assert page.url == base + "/find/what-you-can-do/"


def test_a_format_request_reaches_the_providers_queue_and_is_marked_sent(world, live_server, page):
    base = live_server.url
    page.goto(base + "/contacts/")
    follow(page, "a:has-text('Ask for this in another format')")
    assert page.locator("label:has-text('Which council?')").is_visible()
    check(page, "format-form")
    page.check("input[name='format'][value='braille']")
    page.fill("#id_name", "Pat Example")
    page.fill("#id_email", "pat@example.test")
    page.click("main form button.govuk-button")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "format-form-error")
    choose_council(page, "Barnet")
    page.click("main form button.govuk-button")
    page.wait_for_selector("h1:has-text('We have your request')")
    stored = FormatRequest.objects.get()
    assert (stored.provider, stored.page) == (world.provider, "/contacts/")

    # An older one, past its deadline, to show how overdue ones look.
    late = FormatRequest.objects.create(
        format="audio",
        name="Lee Late",
        phone="07700 900982",
        page="/",
        local_authority=world.local_authority,
        provider=world.provider,
        due_on=clock.today() - dt.timedelta(days=3),
    )

    sign_in(page, base, "adviser@alpha.test", PASSWORD)
    assert page.locator("[data-format-requests-count='2']").is_visible()
    follow(page, "[data-format-requests-count='2']")
    assert page.locator(f"tr[data-format-request='{late.pk}'] [data-overdue]").is_visible()
    row = page.locator(f"tr[data-format-request='{stored.pk}']")
    assert "Pat Example" in row.inner_text() and row.locator("[data-overdue]").count() == 0
    check(page, "staff-format-requests")
    row.locator("button:has-text('Mark sent')").click()
    page.wait_for_selector("[data-banner='success']")
    assert page.locator("[data-format-requests-count='1']").count() == 1
    check(page, "staff-format-requests-sent")
    stored.refresh_from_db()
    assert stored.state == FormatRequest.State.DONE


def test_a_certificates_easy_read_letter_prints_from_the_case_page(world, live_server, page):
    base = live_server.url
    case = open_case(world)
    # A long address has to wrap on a phone (factories number their addresses, and one with
    # more digits once pushed the letter sideways at 390 px).
    world.provider.email = "mediationanddisagreementresolutionservices@provider.test"
    world.provider.save(update_fields=["email"])
    Certificate.objects.create(
        case=case,
        number="MC-2024-ER0002",
        kind=Certificate.Kind.DECLINED,
        issued_on=dt.date(2024, 3, 11),
        issued_by=world.users["provider_staff"],
        appeal_deadline=dt.date(2024, 5, 1),
        appeal_deadline_rule="rule",
        pdf=b"%PDF-1.7 certificate",
    )
    sign_in(page, base, "adviser@alpha.test", PASSWORD)
    page.goto(f"{base}/staff/cases/{case.reference}/")
    follow(page, "a[data-easy-read-letter]")
    assert "MC-2024-ER0002" in page.locator("main").inner_text()
    check(page, "staff-certificate-easy-read")
