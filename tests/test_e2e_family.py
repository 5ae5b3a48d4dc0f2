"""The family pages in headless Chromium: a request by keyboard alone, then every family page
(and its error state) checked with axe-core and photographed on a phone and a desktop."""

import datetime as dt

import pytest
import time_machine

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.models import Case, Certificate
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.public.family import links
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory
from tests.browser import axe_violations, describe, screenshot, sign_in
from tests.test_e2e_journey import choose_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1024, "height": 900}


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def test_a_family_can_request_mediation_advice_with_the_keyboard_alone(world, live_server, page):
    base = live_server.url
    page.goto(base + "/request/")

    def answer(focus: str, *, space: bool = False, text: str = "") -> None:
        tab_to(page, focus)
        if space:
            page.keyboard.press("Space")
        if text:
            page.keyboard.type(text)

    def go_on() -> None:
        tab_to(page, "main button.govuk-button")
        with page.expect_navigation():
            page.keyboard.press("Enter")

    answer("input[value='mediation_advice']", space=True)
    go_on()
    choose_council(page, "local_authority", "302", keyboard=True)
    go_on()
    answer("input[value='parent']", space=True)
    go_on()
    answer("#id_child_name", text="Robin Example")
    answer("#id_child_date_of_birth_0", text="4")
    answer("#id_child_date_of_birth_1", text="5")
    answer("#id_child_date_of_birth_2", text="2014")
    go_on()
    answer("#id_requester_name", text="Jordan Example")
    go_on()
    answer("#id_email", text="jordan@example.test")
    answer("input[name='preferred_channel'][value='email']", space=True)
    go_on()
    answer("input[name='subjects'][value='refusal_to_assess']", space=True)
    go_on()
    # An impossible date shows the error summary, with what was typed kept.
    answer("#id_decision_letter_date_0", text="30")
    answer("#id_decision_letter_date_1", text="2")
    answer("#id_decision_letter_date_2", text="2025")
    go_on()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_decision_letter_date_2") == "2025"
    tab_to(page, "#id_decision_letter_date_0")
    page.keyboard.press("Control+A")
    page.keyboard.type("14")
    go_on()
    # Tab reaches the first radio of a group ("Yes"); Space chooses it.
    answer("input[name='health_care_in_issue'][value='yes']", space=True)
    go_on()
    # Taking part (issue 22): no interpreter; the optional questions continued past.
    answer("input[name='interpreter'][value='none']", space=True)
    go_on()
    for _optional in ("access", "times", "child-views", "supporter"):
        go_on()
    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    go_on()
    page.wait_for_selector(".govuk-panel")
    case = Case.objects.get()
    assert case.reference in page.locator(".govuk-panel").inner_text()
    assert (case.provider, case.local_authority) == (world.provider, world.local_authority)
    assert case.decision_letter_date == dt.date(2025, 2, 14)
    assert case.health_care_in_issue is True

    sign_in(page, base, "adviser@alpha.test", PASSWORD)
    # New and unassigned at the top of the queue, and in the queue itself.
    assert page.locator(f"table.app-triage tr[data-triage-case='{case.reference}']").count() == 1
    row = page.locator("table.app-queue tr", has_text=case.reference)
    assert "Barnet" in row.inner_text()


def check(page, name: str, *, errors: bool = False) -> None:
    """Axe, screenshots on a phone and a desktop, one h1, and errors summarised."""
    assert page.locator("h1").count() == 1, name
    if errors:
        assert page.locator(".govuk-error-summary").is_visible(), name
        assert page.title().startswith("Error: "), name
    page.set_viewport_size(PHONE)
    # axe once (its rules do not depend on the width); the phone must not scroll sideways.
    violations = axe_violations(page)
    screenshot(page, f"family-{name}-phone")
    assert violations == [], f"{name}: {describe(violations)}"
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), name
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"family-{name}-desktop")


def fill_date(page, name: str, day: str, month: str, year: str) -> None:
    page.fill(f"#id_{name}_0", day)
    page.fill(f"#id_{name}_1", month)
    page.fill(f"#id_{name}_2", year)


def submit(page) -> None:
    page.click("main form button.govuk-button")
    page.wait_for_load_state()


def test_every_family_page_is_accessible_and_fits_a_phone(world, live_server, page):
    base = live_server.url
    LocalAuthorityFactory(dfe_code="909", gss_code="E10000006", name="Nowhere")
    page.goto(base + "/request/what/")
    date = "decision_letter_date"
    steps = [
        # (question, what makes the error, the right answer)
        ("what", None, lambda: page.check("input[value='mediation']")),
        ("council", None, lambda: choose_council(page, "local_authority", "302")),
        ("who", None, lambda: page.check("input[value='parent']")),
        (
            "child",
            lambda: fill_date(page, "child_date_of_birth", "31", "2", "2015"),
            lambda: (
                page.fill("#id_child_name", "Robin Example"),
                fill_date(page, "child_date_of_birth", "4", "5", "2014"),
            ),
        ),
        ("your-name", None, lambda: page.fill("#id_requester_name", "Jordan Example")),
        (
            "contact",
            lambda: page.check("input[name='preferred_channel'][value='sms']"),
            lambda: page.fill("#id_phone", "07700 900982"),
        ),
        ("about", None, lambda: page.check("input[value='plan_provision']")),
        (
            "decision-date",
            lambda: fill_date(page, date, "1", "1", "2099"),
            lambda: fill_date(page, date, "3", "2", "2025"),
        ),
        ("health", None, lambda: page.check("input[value='yes']")),
        # Taking part (issue 22): the interpreter question needs an answer.
        ("interpreter", None, lambda: page.check("input[name='interpreter'][value='none']")),
    ]
    for name, make_error, answer in steps:
        check(page, f"request-{name}")
        if make_error:
            make_error()
        submit(page)
        check(page, f"request-{name}-error", errors=True)
        answer()
        submit(page)
    for name in ("access", "times", "child-views", "supporter"):  # optional: continued past
        check(page, f"request-{name}")
        submit(page)
    check(page, "request-check")
    submit(page)
    check(page, "request-sent")

    page.goto(base + "/request/what/")
    page.check("input[value='mediation']")
    submit(page)
    choose_council(page, "local_authority", "909")
    submit(page)
    check(page, "request-no-service")

    status_pages(world, page, base)
    link_pages(page, base)
    feedback_pages(page, base)


def status_pages(world, page, base) -> None:
    staff = world.users["provider_staff"]
    today = clock.today()
    arranged = open_case(world, opened_on=today, decision_letter_date=today - dt.timedelta(days=10))
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=staff, case=arranged, on=today)
    starts = dt.datetime.combine(today + dt.timedelta(days=12), dt.time(10), clock.LONDON)
    services.session_schedule(
        actor=staff,
        case=arranged,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        mode="online",
    )
    services.note_add(actor=staff, case=arranged, text="CONFIDENTIAL-NOTE")
    arranged.refresh_from_db()
    page.goto(base + f"/your-case/{links.token_for(arranged)}/")
    assert "CONFIDENTIAL-NOTE" not in page.content()
    assert "Your meeting" in page.inner_text("main")
    check(page, "status-arranged")

    certified = open_case(world, child_name="Sam Example", email="sam@example.test")
    Case.objects.filter(pk=certified.pk).update(status=Status.CERTIFICATE_ISSUED)
    Certificate.objects.create(
        case=certified,
        number="MC-2024-ABCDEF",
        kind=Certificate.Kind.DECLINED,
        issued_on=dt.date(2024, 3, 11),
        issued_by=staff,
        appeal_deadline=dt.date(2024, 5, 1),
        appeal_deadline_rule="rule",
        pdf=b"%PDF-1.7",
    )
    page.goto(base + f"/your-case/{links.token_for(certified)}/")
    check(page, "status-certificate")
    page.goto(base + "/your-case/not-a-real-link/")
    check(page, "status-invalid")
    with time_machine.travel(clock.now() - dt.timedelta(days=15)):
        old = links.token_for(certified)
    page.goto(base + f"/your-case/{old}/")
    assert "This link has expired" in page.inner_text("h1")
    check(page, "status-expired")


def link_pages(page, base) -> None:
    page.goto(base + "/your-case/new-link/")
    check(page, "new-link")
    submit(page)
    check(page, "new-link-error", errors=True)
    for n in range(6):
        page.fill("#id_reference", "SR-2222-2222")
        page.fill("#id_contact", f"x{n}@example.test")
        submit(page)
        if n == 0:
            check(page, "new-link-sent")
        if n < 5:
            page.goto(base + "/your-case/new-link/")
    check(page, "new-link-too-many")


def feedback_pages(page, base) -> None:
    page.goto(base + "/request/what/")
    # Wait for the page the link opens, not the one it was clicked on (it raced once in CI).
    with page.expect_navigation():
        page.click("a:has-text('Tell us what you think')")
    check(page, "feedback")
    submit(page)
    check(page, "feedback-error", errors=True)
    page.check("input[value='satisfied']")
    submit(page)
    check(page, "feedback-sent")
    with page.expect_navigation():
        page.click("a:has-text('Ask for this in another format')")
    check(page, "format")
    page.check("input[value='language']")
    submit(page)
    check(page, "format-error", errors=True)
    page.fill("#id_detail", "Polish")
    page.fill("#id_name", "Jordan Example")
    page.fill("#id_email", "jordan@example.test")
    submit(page)
    check(page, "format-sent")
