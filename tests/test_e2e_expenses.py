"""Travel expenses in headless Chromium (issue 22): the family claims for a bus fare with one
receipt from their status page, keyboard only; Barnet's officer marks the claim paid, keyboard
only; the family sees "Paid" on their status page. Then a provider manager adds a venue. Every
page axe-clean, photographed at 390 and 1280 pixels wide."""

import datetime as dt
import os
from pathlib import Path

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import Session
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.expenses.models import ClaimState, ExpenseClaim
from sendresolve.public.family import links
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory
from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}
SHOTS = Path(os.environ.get("EXPENSES_SHOTS", "/work/shots/venues"))
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def tab_to(page, selector: str, limit: int = 150) -> None:
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
        screenshot(page, f"expenses-{name}-{label}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.evaluate("document.activeElement && document.activeElement.blur()")


@pytest.fixture
def met(world):
    """A mediation case of Barnet's whose meeting was held two days ago."""
    today = clock.today()
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=today - dt.timedelta(days=20),
        decision_letter_date=today - dt.timedelta(days=25),
    )
    services.advice_give(actor=adviser, case=case, on=today - dt.timedelta(days=19))
    services.mediation_request(actor=adviser, case=case, on=today - dt.timedelta(days=18))
    services.la_inform(actor=adviser, case=case, on=today - dt.timedelta(days=17))
    starts = clock.now() - dt.timedelta(days=2)
    Session.objects.create(
        case=case,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        mode="online",
        state=Session.State.HELD,
    )
    return case, (today - dt.timedelta(days=2))


def test_a_family_claims_with_a_receipt_and_the_la_marks_it_paid(
    world, live_server, page, met, tmp_path
):
    case, day = met
    base = live_server.url
    token = links.token_for(case)
    page.goto(base + f"/your-case/{token}/")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, "a[data-link='expenses']")
    press_enter(page)
    assert page.inner_text("h1") == "Claim travel expenses"
    check(page, "family-claim")

    # An error first: sending with nothing filled in gives the GOV.UK error summary.
    tab_to(page, "[data-send-claim]")
    press_enter(page)
    assert page.locator(".govuk-error-summary").count() == 1
    check(page, "family-claim-error")

    # Keyboard only: the date, the kind of cost, what for and the fare.
    tab_to(page, "#id_line-1-travelled_on_0")
    page.keyboard.type(str(day.day))
    tab_to(page, "#id_line-1-travelled_on_1")
    page.keyboard.type(str(day.month))
    tab_to(page, "#id_line-1-travelled_on_2")
    page.keyboard.type(str(day.year))
    tab_to(page, "input[name='line-1-mode']")
    for _ in range(4):  # arrows move through a radio group; stop on the fare
        if page.evaluate("document.activeElement.value") == "public_transport":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "#id_line-1-description")
    page.keyboard.press("Control+A")
    page.keyboard.type("Bus to the meeting and back")
    tab_to(page, "#id_line-1-amount")
    page.keyboard.press("Control+A")
    page.keyboard.type("6.40")
    # A browser's file chooser is the operating system's, out of the page's reach: choose the
    # receipt the way Playwright can, then carry on with the keyboard.
    receipt = tmp_path / "bus-ticket.pdf"
    receipt.write_bytes(PDF)
    page.set_input_files("#id_receipts", str(receipt))
    tab_to(page, "[data-send-claim]")
    press_enter(page)
    assert "Claim sent" in page.inner_text("h1")
    assert "£6.40" in page.inner_text("main")
    check(page, "family-claim-sent")
    claim = ExpenseClaim.objects.get()
    assert claim.total_pence == 640 and claim.receipts.count() == 1

    # Barnet's officer: the list of claims to decide, the claim, "Paid" today.
    sign_in(page, base, world.users["la_officer"].username)
    page.goto(base + "/staff/travel-expenses/")
    check(page, "la-claims")
    tab_to(page, f"[data-expense-claim='{claim.pk}'] a")
    press_enter(page)
    assert page.inner_text("h1") == "Travel expense claim"
    assert "bus-ticket.pdf" in page.inner_text("main")
    check(page, "la-claim")
    tab_to(page, "input[name='decision'][value='paid']")
    page.keyboard.press("Space")
    tab_to(page, "main form button.govuk-button")
    press_enter(page)
    assert page.inner_text("h1").startswith(case.reference) or case.reference in page.url
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID and claim.decided_on == clock.today()
    assert "paid on" in page.inner_text("[data-case-expenses]")

    # The family sees the decision.
    page.goto(base + f"/your-case/{token}/")
    assert "Paid by Barnet" in page.inner_text("#travel-expenses + div, main")
    check(page, "family-status-paid")


def test_a_provider_manager_adds_a_venue_with_the_keyboard(world, live_server, page):
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    base = live_server.url
    sign_in(page, base, manager.username)
    page.goto(base + "/staff/venues/")
    check(page, "venues-empty")
    tab_to(page, "main a.govuk-button")
    press_enter(page)
    assert page.inner_text("h1") == "Add a venue"
    # A bad joining link is an error summary.
    tab_to(page, "#id_name")
    page.keyboard.type("Alpha online room")
    tab_to(page, "input[name='mode']")
    for _ in range(3):
        if page.evaluate("document.activeElement.value") == "online":
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "input[name='serves']")
    page.keyboard.press("Space")
    tab_to(page, "#id_joining_link")
    page.keyboard.type("http://meet.example.com/alpha")
    tab_to(page, "main form button.govuk-button")
    press_enter(page)
    assert page.locator(".govuk-error-summary").count() == 1
    check(page, "venue-error")
    tab_to(page, "#id_joining_link")
    page.keyboard.press("Control+A")
    page.keyboard.type("https://meet.example.com/alpha")
    tab_to(page, "main form button.govuk-button")
    press_enter(page)
    assert page.inner_text("h1") == "Venues"
    assert "Alpha online room" in page.inner_text("main")
    check(page, "venues")
