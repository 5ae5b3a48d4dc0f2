"""Contracts and invoices in headless Chromium (issue 23): the manager sets Barnet's prices, the
month's billing run makes an invoice whose lines are the month's recorded events, approving it
locks it, and a credit note corrects one line, chosen with the keyboard. Every page is checked
with axe-core and photographed at 390 and 1280 px."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from sendresolve.billing.models import Invoice
from sendresolve.billing.tests.helpers import billing_people, mediation
from sendresolve.core.clock import LONDON
from tests.browser import SCREENSHOTS, assert_error_summary_focused, axe_violations, describe
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SHOTS_DIR", str(SCREENSHOTS / "billing")))
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}


def check(page, name: str) -> None:
    """One h1, axe clean, no sideways scrolling on a phone (tables scroll in their own
    region); screenshots at both widths."""
    assert page.locator("h1").count() == 1, name
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"billing-{name}-{width}.png"), full_page=True)
        if width == "390":
            assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (
                name
            )
    page.set_viewport_size(WIDTHS["1280"])


def follow(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def line_rows(page) -> list[list[str]]:
    """The lines table: case, date, service (first line of the cell), price."""
    rows = []
    for row in page.locator("table[data-lines] tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        if len(cells) == 5:  # with the "Credit" column
            cells = cells[1:]
        rows.append([cells[0], cells[1], cells[2].splitlines()[0], cells[3].splitlines()[0]])
    return rows


def test_prices_billing_run_approval_and_a_credit_note(world, live_server, page, time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 10, tzinfo=LONDON), tick=False)
    people = billing_people(world)
    advice_only = mediation(world, opened_on=dt.date(2024, 11, 4))
    mediated = mediation(world, opened_on=dt.date(2024, 11, 5), meetings=[dt.date(2024, 11, 19)])
    mediation(world, opened_on=dt.date(2024, 10, 28))  # October: not on November's invoice
    base = live_server.url
    browser_sign_in(page, base, people["manager"].get_username())

    # The manager sets Barnet's prices.
    follow(page, "a.govuk-service-navigation__link:has-text('Billing')")
    check(page, "invoices-empty")
    follow(page, "a:has-text('Contracts')")
    check(page, "contracts")
    follow(page, "a:has-text('Barnet')")
    check(page, "contract-no-terms")
    follow(page, "a:has-text('Set new terms from a date')")
    check(page, "terms-new")
    page.fill("#id_valid_from_0", "1")
    page.fill("#id_valid_from_1", "4")
    page.fill("#id_valid_from_2", "2023")
    for name in ("covers_advice", "covers_mediation", "covers_disagreement_resolution"):
        page.check(f"input[name=services][value={name}]")
    for name, value in (
        ("price_advice_call", "95"),
        ("price_mediation_case", "600.00"),
        ("price_additional_session", "250"),
        ("price_dr_meeting", "450"),
        ("price_cancellation", "abc"),
    ):
        page.fill(f"#id_{name}", value)
    page.fill("#id_cancellation_notice_working_days", "5")
    page.check("#id_interpreter-2")  # No
    page.fill("#id_po_number", "PO-302-2024")
    follow(page, "button:has-text('Save the new terms')")
    assert_error_summary_focused(page)
    check(page, "terms-error")
    page.fill("#id_price_cancellation", "150")
    follow(page, "button:has-text('Save the new terms')")
    check(page, "contract")
    assert "Terms in force: from 1 April 2023" in page.inner_text("main")
    covered = page.inner_text("[data-terms] .govuk-summary-list__value >> nth=0")
    assert covered.strip() == "Mediation advice, Mediation, Disagreement resolution"
    assert "£95.00" in page.inner_text("main")

    # The month's billing run.
    follow(page, "a:has-text('Billing')")
    follow(page, "a:has-text('Start a billing run')")
    check(page, "run")
    page.select_option("#id_commission", label="Barnet (Alpha Mediation)")
    page.select_option("#id_month", label="November 2024")
    follow(page, "button:has-text('Make the draft invoice')")
    check(page, "invoice-draft")
    assert line_rows(page) == [
        [advice_only.reference, "4 Nov 2024", "Mediation advice call", "£95.00"],
        [mediated.reference, "5 Nov 2024", "Mediation advice call", "£95.00"],
        [mediated.reference, "19 Nov 2024", "Mediation case", "£600.00"],
    ]
    assert "£790.00" in page.inner_text("[data-total]")

    # Approving locks it: numbered, no approve button, no re-run.
    follow(page, "button[data-approve]")
    assert page.inner_text("[data-state]").strip() == "Approved"
    assert page.locator("h1").inner_text().startswith("Invoice INV-2024-0001")
    assert page.locator("button[data-approve]").count() == 0
    assert page.locator("a:has-text('Run the month again')").count() == 0
    check(page, "invoice-approved")

    # A credit note corrects one line, with the keyboard alone: first without a line (the error
    # summary takes the focus), then the advice-only case's line.
    page.focus("#id_reason")
    page.keyboard.type("Advice given by the council's own team")
    page.keyboard.press("Tab")  # to the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_error_summary_focused(page)
    check(page, "credit-error")
    row = page.locator("table[data-lines] tbody tr", has_text=advice_only.reference)
    row.locator("input[type=checkbox]").focus()
    page.keyboard.press("Space")
    assert row.locator("input[type=checkbox]").is_checked()
    page.focus("#id_reason")
    page.keyboard.type("Advice given by the council's own team")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.match(r"Credit note CN-2024-0001", page.locator("h1").inner_text())
    assert line_rows(page) == [
        [advice_only.reference, "4 Nov 2024", "Mediation advice call", "-£95.00"]
    ]
    check(page, "credit-note")
    invoice = Invoice.objects.get(kind="invoice")
    assert invoice.state == "approved"
    assert sorted(line.amount_pence for line in invoice.lines.all()) == [9500, 9500, 60000]
    follow(page, f"a:has-text('{invoice.number}')")
    assert "£95.00\ncredited £95.00" in page.inner_text("table[data-lines]")
    check(page, "invoice-credited")
