"""Documents sent to the family, in headless Chromium (issue 21): the staff case page lists
each document sent and says plainly when one could not go (post asked for, address
incomplete), axe-clean and photographed at 390 and 1280 pixels wide."""

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from tests.browser import axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}
SHOTS = os.environ.get("SENDING_SHOTS", "")


def test_the_case_page_says_which_documents_went_and_which_could_not(
    world, live_server, page, time_machine
):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, address="14 Station Road", preferred_channel="letter")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 8))
    certificate = services.certificate_issue(actor=adviser, case=case)
    base = live_server.url
    browser_sign_in(page, base, "adviser@alpha.test", PASSWORD)
    page.goto(f"{base}/staff/cases/{case.reference}/")
    section = page.locator("#documents-sent")
    assert section.inner_text() == "Documents sent to the family"
    warning = page.inner_text("[data-sending-failed]")
    assert "1 document was not sent to the family" in warning
    row = page.inner_text(f"tr[data-sending='certificate:{certificate.number}']")
    assert "Not sent" in row and "postal address is incomplete" in row
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        section.scroll_into_view_if_needed()
        screenshot(page, f"staff-case-documents-sent-{label}")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"case-documents-sent-{width}.png"))
