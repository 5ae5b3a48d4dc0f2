"""The mediators' diary in headless Chromium (issue 22): a coordinator opens a case whose family
needs Polish, asks for free slots, gets three inside the 30 days with a mediator who speaks
Polish, and books one; the diary's pages are axe clean. Screenshots at 390 and 1280 px wide go
to /work/shots/diary/ when that folder can be made (and to the suite's screenshot folder)."""

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import PASSWORD
from sendresolve.cases.models import Session
from sendresolve.diary.models import Booking
from sendresolve.diary.tests.conftest import NOW, diary_make, mediator_make
from sendresolve.participation.services import needs_give
from tests.browser import axe_violations, describe, screenshot
from tests.browser import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SENDRESOLVE_DIARY_SHOTS", "/work/shots/diary"))


def accessible(page, name: str) -> None:
    assert page.locator("h1").count() == 1, name
    violations = axe_violations(page)
    screenshot(page, name)
    assert violations == [], f"{name}: {describe(violations)}"
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_coordinator_books_one_of_three_free_slots_with_a_polish_speaking_mediator(
    world, live_server, page, time_machine
):
    time_machine.move_to(NOW, tick=False)
    diary = diary_make(world)
    polish = mediator_make(world, diary.coordinator, "pola@alpha.test", languages=["Polish"])
    # The family asked for a Polish interpreter in their request.
    needs_give(case=diary.case, answers={"interpreter_language": "Polish"})
    diary.coordinator.set_password(PASSWORD)
    diary.coordinator.save()
    base = live_server.url
    browser_sign_in(page, base, "coordinator@alpha.test", PASSWORD)

    page.goto(f"{base}/staff/cases/{diary.case.reference}/")
    page.click("a:has-text('Arrange a meeting')")
    page.wait_for_selector("h1:has-text('Arrange a mediation meeting')")
    page.click("a[data-diary='find-slots']")
    page.wait_for_selector("h1:has-text('Find free slots')")
    page.wait_for_selector("text=The family needs Polish")
    accessible(page, "diary-slots")
    proposals = page.locator("[data-proposal]")
    assert proposals.count() == 3
    days = [
        dt.datetime.fromisoformat(proposals.nth(n).get_attribute("data-proposal")).date()
        for n in range(3)
    ]
    assert all(dt.date(2024, 3, 21) <= day <= dt.date(2024, 4, 7) for day in days)
    assert page.locator("[data-diary='proposals']").inner_text().count("Pola (Polish)") == 3

    proposals.nth(1).locator("button").click()
    page.wait_for_selector("text=a meeting with a mediator")
    session = Session.objects.get(case=diary.case)
    assert session.starts_at.date() == days[1]
    assert Booking.objects.get(session=session).mediator == polish

    # The mediator's week shows the booking; the list, record and hours pages are accessible.
    page.goto(f"{base}/staff/diary/mediators/{polish.pk}/week/?week={days[1].isoformat()}")
    page.wait_for_selector(f"a:has-text('{diary.case.reference}')")
    accessible(page, "diary-week")
    page.goto(f"{base}/staff/diary/")
    accessible(page, "diary-mediators")
    page.goto(f"{base}/staff/diary/mediators/{polish.pk}/")
    page.click("button:has-text('Make a feed address')")
    page.wait_for_selector("[data-feed-url]")
    accessible(page, "diary-mediator")
    page.goto(f"{base}/staff/diary/mediators/{polish.pk}/hours/")
    page.fill("#id_starts_5", "10:00")
    page.click("button:has-text('Save weekly hours')")
    page.wait_for_selector(".govuk-error-summary")
    accessible(page, "diary-hours-errors")
    page.goto(f"{base}/staff/diary/venues/{diary.venue.pk}/week/?week={days[1].isoformat()}")
    accessible(page, "diary-venue-week")
