"""Issue 22 in headless Chromium: a family asks for an interpreter by keyboard alone in their
online request (every question about taking part axe-clean, on a phone and a desktop), sees it
on check your answers and sends the request; the coordinator then sees it on the arranging page.
"""

from pathlib import Path

import pytest

from sendresolve.cases.models import Case
from sendresolve.participation.selectors import interpreter_language
from tests.browser import axe_violations, describe, sign_in
from tests.test_e2e_family import tab_to
from tests.test_e2e_journey import choose_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/participation")
WIDTHS = {"phone": 390, "desktop": 1280}


def look(page, name: str) -> None:
    """Axe-clean, one h1, nothing sideways on a phone; photographed at both widths."""
    assert page.locator("h1").count() == 1, name
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), name
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def go_on(page) -> None:
    tab_to(page, "main button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_polish_interpreter_asked_for_by_keyboard_shows_on_the_arranging_page(
    world, live_server, page
):
    base = live_server.url
    page.goto(base + "/request/what/")
    # The main questions, quickly (test_e2e_family walks them by keyboard).
    page.check("input[value='mediation']")
    page.click("main button.govuk-button")
    choose_council(page, "local_authority", "302")
    page.click("main button.govuk-button")
    page.check("input[value='parent']")
    page.click("main button.govuk-button")
    page.fill("#id_child_name", "Robin Example")
    page.click("main button.govuk-button")
    page.fill("#id_requester_name", "Jordan Example")
    page.click("main button.govuk-button")
    page.fill("#id_email", "jordan@example.test")
    page.check("input[name='preferred_channel'][value='email']")
    page.click("main button.govuk-button")
    page.check("input[value='plan_provision']")
    page.click("main button.govuk-button")
    page.check("#id_decision_letter_unknown")
    page.click("main button.govuk-button")
    page.check("input[value='no']")
    page.click("main button.govuk-button")

    # Taking part, by keyboard alone.
    page.wait_for_url("**/request/interpreter/")
    look(page, "request-interpreter")
    go_on(page)  # nothing chosen: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    look(page, "request-interpreter-error")
    tab_to(page, "input[name='interpreter'][value='spoken']")
    page.keyboard.press("Space")
    # The language box is revealed under the choice, and is next in the tab order.
    assert page.locator("#id_interpreter_language").is_visible()
    tab_to(page, "#id_interpreter_language")
    page.keyboard.type("Polish")
    look(page, "request-interpreter-polish")
    go_on(page)

    page.wait_for_url("**/request/access/")
    look(page, "request-access")
    tab_to(page, "input[name='access'][value='step_free']")
    page.keyboard.press("Space")
    # "None of these" is exclusive: choosing it clears the others.
    tab_to(page, "input[name='access'][value='none']")
    page.keyboard.press("Space")
    assert not page.is_checked("input[name='access'][value='step_free']")
    tab_to(page, "input[name='access'][value='step_free']")
    page.keyboard.press("Space")
    assert not page.is_checked("input[name='access'][value='none']")
    go_on(page)

    page.wait_for_url("**/request/times/")
    look(page, "request-times")
    tab_to(page, "input[name='times'][value='weekday_mornings']")
    page.keyboard.press("Space")
    go_on(page)

    page.wait_for_url("**/request/child-views/")
    look(page, "request-child-views")
    tab_to(page, "input[name='child_ways'][value='drawing']")
    page.keyboard.press("Space")
    go_on(page)

    page.wait_for_url("**/request/supporter/")
    look(page, "request-supporter")
    go_on(page)  # none: optional

    page.wait_for_url("**/request/check-your-answers/")
    look(page, "request-check")
    summary = page.locator("main .govuk-summary-list").inner_text()
    assert "Polish" in summary
    assert "Step-free access (no stairs)" in summary
    assert "Through a drawing or pictures" in summary
    go_on(page)
    page.wait_for_selector(".govuk-panel")
    case = Case.objects.get()
    assert interpreter_language(case) == "Polish"

    # The coordinator arranging the meeting sees it.
    sign_in(page, base, "adviser@alpha.test")
    page.goto(base + f"/staff/cases/{case.reference}/meetings/new/")
    panel = page.locator("[data-participation-needs]")
    assert "Polish" in panel.inner_text()
    assert "Step-free access (no stairs)" in panel.inner_text()
    assert "Weekday mornings" in panel.inner_text()
    look(page, "staff-arranging")
    page.goto(base + f"/staff/cases/{case.reference}/")
    assert "Polish" in page.locator("[data-participation-needs]").inner_text()
    look(page, "staff-case")
    page.goto(base + f"/staff/cases/{case.reference}/taking-part/")
    look(page, "staff-needs-form")


def test_the_family_change_their_needs_and_name_a_supporter_and_the_mediator_records_views(
    world, live_server, page
):
    from sendresolve.cases.models import Party
    from sendresolve.cases.tests.factories import open_case
    from sendresolve.participation.models import ChildViews
    from sendresolve.public.family.links import token_for

    base = live_server.url
    case = open_case(world)
    page.goto(base + f"/your-case/{token_for(case)}/")
    look(page, "family-status")
    page.click("[data-change-taking-part]")
    page.wait_for_url("**/taking-part/")
    look(page, "family-taking-part")
    page.fill("#id_interpreter_language", "Polish")
    page.check("input[name='access'][value='hearing_loop']")
    page.click("main form button.govuk-button")
    page.wait_for_url("**/your-case/**")
    assert "Polish" in page.locator("main").inner_text()
    page.click("[data-name-supporter]")
    page.wait_for_url("**/supporter/")
    page.click("main form button.govuk-button")  # no name: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    look(page, "family-supporter-error")
    page.fill("#id_supporter_name", "Gran Example")
    page.fill("#id_supporter_contact", "gran@example.test")
    page.check("input[name='supporter_attends'][value='yes']")
    page.click("main form button.govuk-button")
    page.wait_for_url("**/your-case/**")
    assert Party.objects.filter(case=case, role="supporter", name="Gran Example").exists()
    assert interpreter_language(case) == "Polish"

    # The mediator acts only on the cases assigned to them: the manager assigns this one.
    from sendresolve.cases import services

    services.case_assign(
        actor=world.users["provider_staff"], case=case, assignee=world.users["colleague"]
    )
    sign_in(page, base, "mediator@alpha.test")
    page.goto(base + f"/staff/cases/{case.reference}/child-views/new/")
    look(page, "staff-child-views-new")
    page.check("input[name='way'][value='drawing']")
    page.fill("#id_text", "A picture of my class. I want to stay with my friends.")
    page.check("#id_consent")
    page.click("main form button.govuk-button")
    page.wait_for_selector("[data-child-views]")
    assert ChildViews.objects.filter(case=case).count() == 1
    look(page, "staff-case-with-views")
