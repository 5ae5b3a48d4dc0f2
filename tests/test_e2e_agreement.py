"""The mediation agreement in headless Chromium: the outcome is recorded on the staff page, the
mediator drafts the agreement, meets an error summary, edits it and issues the PDF; the family's
status page then shows the agreement and the issues still in dispute, and they confirm receipt
with the keyboard alone. The PDF (rendered with pdftoppm, read with pdftotext) shows the agreed
actions with their dates. Every page is axe-clean; screenshots at 390 and 1280 px wide."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PASSWORD
from sendresolve.agreements.models import AgreementDocument, AgreementReceipt
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.public.family.links import token_for
from tests.browser import assert_error_summary_focused, axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def fill_date(page, name, day: dt.date):
    for part, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{part}", str(value))


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def clean_and_shot(page, name: str) -> None:
    """axe finds nothing; screenshots at a phone's width and a desktop's."""
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    for label, size in (("390", PHONE), ("1280", WIDE)):
        page.set_viewport_size(size)
        screenshot(page, f"agreement-{name}-{label}")
    page.set_viewport_size(WIDE)


def pdf_checked(page, href: str, tmp_path: Path, name: str) -> str:
    """Download the PDF, render its pages with pdftoppm (kept beside the screenshots) and
    return its text as pdftotext reads it."""
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(response.body())
    assert shutil.which("pdftoppm") and shutil.which("pdftotext"), "install poppler-utils"
    out = Path(__file__).resolve().parents[1] / "var" / "screenshots" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out)], check=True)
    assert list(out.parent.glob(f"{name}*.png"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.fixture
def held(world, time_machine):
    """A mediation about two issues, held on 8 January 2025, waiting for its outcome, assigned
    to the mediator (the colleague)."""
    time_machine.move_to(dt.datetime(2025, 1, 8, 16, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 2),
        subjects=("plan_needs", "plan_placement"),
        decision_letter_date=dt.date(2024, 11, 29),
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        on=dt.date(2024, 12, 20),
        starts_at=dt.datetime(2025, 1, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 8, 12, tzinfo=LONDON),
    )
    services.session_hold(actor=adviser, session=session)
    # The mediator who signs in below acts only on the cases assigned to them.
    services.case_assign(actor=adviser, case=case, assignee=world.users["colleague"])
    case.refresh_from_db()
    return case


def test_outcome_then_agreement_drafted_edited_issued_and_seen_by_the_family(
    held, live_server, page, time_machine, tmp_path
):
    case = held
    base = live_server.url
    browser_sign_in(page, base, "mediator@alpha.test", PASSWORD)
    page.goto(f"{base}/staff/cases/{case.reference}/")

    # Record the outcomes on the existing staff page.
    page.click("a:has-text('Record the outcome')")
    fill_date(page, "on", dt.date(2025, 1, 8))
    needs, placement = case.issues.order_by("id")
    page.check(f"input[name='outcome_{needs.pk}'][value='agreed']")
    page.check(f"input[name='outcome_{placement.pk}'][value='not_agreed']")
    page.fill("#id_agreement_text", "Section B will describe the speech and language needs.")
    page.fill("#id_action_0_description", "Amend section B")
    page.select_option("#id_action_0_owner", "local_authority")
    page.select_option("#id_action_0_clock", "amend_plan")
    page.fill("#id_action_1_description", "Send the new therapy report")
    page.select_option("#id_action_1_owner", "school")
    page.click("button:has-text('Record outcome')")
    page.wait_for_selector("h2:has-text('Written agreement')")

    # Draft the agreement from the case page.
    page.click("a[data-link='agreement']")
    page.wait_for_selector("h1:has-text('Mediation agreement')")
    clean_and_shot(page, "staff-before-draft")
    page.click("a:has-text('Draft the agreement')")
    page.wait_for_selector("h1:has-text('Word the agreement')")
    assert "speech and language needs" in page.input_value(f"#id_section-{needs.pk}")
    page.fill(f"#id_section-{needs.pk}", "")
    page.click("button:has-text('Save draft')")
    assert_error_summary_focused(page)
    summary = page.inner_text(".govuk-error-summary")
    assert "Enter what was agreed about" in summary
    clean_and_shot(page, "staff-edit-error")
    page.fill(
        f"#id_section-{needs.pk}",
        "Section B will describe the speech and language needs in full.\n\n"
        "The therapist's report of 6 January 2025 will be attached.",
    )
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("[data-draft-preview]")
    preview = page.inner_text("[data-draft-preview]")
    assert "The therapist's report of 6 January 2025 will be attached." in preview
    assert "by 12 February 2025" in preview and "by 22 January 2025" in preview
    clean_and_shot(page, "staff-draft")

    # Issue it: version 1, a signed PDF with the agreed actions and their dates.
    page.click("button:has-text('Issue version 1')")
    page.wait_for_selector("[data-current]")
    document = AgreementDocument.objects.get(case=case)
    assert (document.version, document.state) == (1, "issued")
    clean_and_shot(page, "staff-issued")
    href = page.locator(f"a[href$='{document.number}.pdf']").first.get_attribute("href")
    text = pdf_checked(page, base + href, tmp_path, "agreement-v1")
    for expected in (
        "Mediation agreement",
        "Version 1",
        "Amend section B",
        "12 February 2025",
        "Send the new therapy report",
        "22 January 2025",
        "will be attached.",
    ):
        assert expected in text

    # The family's status page: the agreement and the issues still in dispute.
    family = page.context.browser.new_context(viewport=WIDE)
    family_page = family.new_page()
    family_page.goto(f"{base}/your-case/{token_for(case)}/")
    family_page.wait_for_selector("#agreement-document")
    assert document.number in family_page.inner_text("main")
    remaining = family_page.inner_text("[data-remaining]")
    assert "School or placement named in the plan (section I): not agreed" in remaining
    assert "section B" not in remaining
    clean_and_shot(family_page, "family-status")
    summary_href = family_page.locator("a[data-link='issues-pdf']").get_attribute("href")
    summary_text = pdf_checked(family_page, base + summary_href, tmp_path, "issues-in-dispute")
    assert "School or placement named in the plan (section I)" in summary_text
    family_text = pdf_checked(
        family_page,
        base + family_page.locator("a[data-link='agreement-pdf']").get_attribute("href"),
        tmp_path,
        "agreement-family",
    )
    assert "Amend section B" in family_text and "12 February 2025" in family_text

    # Confirm receipt with the keyboard alone.
    tab_to(family_page, "a[data-link='agreement-received']")
    family_page.keyboard.press("Enter")
    family_page.wait_for_selector("h1:has-text('Confirm you received the agreement')")
    clean_and_shot(family_page, "family-confirm")
    tab_to(family_page, "main form button")
    family_page.keyboard.press("Enter")
    family_page.wait_for_selector("[data-agreement-received]")
    assert AgreementReceipt.objects.filter(document=document, party="family").count() == 1
    clean_and_shot(family_page, "family-confirmed")
    family.close()
