"""Checking a certificate at /verify/ in headless Chromium: the question, a made-up code (the
error summary takes focus), a genuine certificate and a replaced one, each axe-clean, at phone
and desktop widths."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.verification.models import VerificationCode
from tests.browser import SCREENSHOTS, assert_error_summary_focused, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "verify"
WIDTHS = (390, 1280)


def both_widths(page, name: str) -> None:
    """Axe at each width, and a full-page screenshot of each (var/screenshots/verify/)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def code_of(certificate: Certificate) -> str:
    return VerificationCode.objects.get(kind="certificate", number=certificate.number).code


def test_anyone_can_check_a_certificate_and_a_replaced_one_says_so(
    world, live_server, page, time_machine
):
    adviser = world.users["provider_staff"]
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    case = open_case(world, decision_letter_date=dt.date(2024, 3, 1), child_name="Sam Lee Example")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    old = services.certificate_issue(actor=adviser, case=case)
    time_machine.move_to(dt.datetime(2024, 4, 10, 9, tzinfo=LONDON), tick=False)
    services.case_correct(actor=adviser, case=case, changes={"child_name": "Sam Lee Exampel"})
    new = services.certificate_correct(actor=adviser, certificate=old)
    base = live_server.url

    page.goto(f"{base}/verify/")
    assert page.inner_text("h1") == "Check a mediation certificate"
    both_widths(page, "question")

    page.fill("#id_code", "7KQ3-MX9D-H2PW")
    page.click("main form button.govuk-button")
    assert_error_summary_focused(page)
    assert "We could not find a certificate with that code" in page.inner_text(
        ".govuk-error-summary"
    )
    assert page.title().startswith("Error: ")
    both_widths(page, "not-found")

    page.goto(f"{base}/verify/")
    page.fill("#id_code", code_of(new).lower())
    page.click("main form button.govuk-button")
    page.wait_for_selector("h1:has-text('This is a genuine certificate')")
    main = page.inner_text("main")
    assert new.number in main and "S. L. E." in main and "Sam" not in main
    assert "Alpha Mediation" in main
    both_widths(page, "answer")

    page.goto(f"{base}/verify/")
    page.fill("#id_code", code_of(old))
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('This certificate has been replaced')")
    assert f"by certificate {new.number}" in page.inner_text("main")
    both_widths(page, "replaced")
