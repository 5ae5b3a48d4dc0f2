"""The family route finder driven in headless Chromium: every seed scenario, accessibility of
every page kind (errors too), keyboard-only completion and screenshots at phone and desktop."""

import datetime as dt

import pytest

from sendresolve.law.dates import long_date
from sendresolve.public.tests.test_finder_scenarios import (
    BY_ID,
    expected_advice,
    moment,
    pages_for,
)
from tests.browser import assert_error_summary_focused, axe_violations, describe, screenshot
from tests.test_e2e_journey import choose_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1024, "height": 900}


def fill(page, data: dict[str, list[str]]) -> None:
    """Enter one page's answers by clicking and typing, as a family would."""
    for name, values in data.items():
        inputs = page.locator(f"[name='{name}']")
        kind = inputs.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind == "select":
            choose_council(page, name, values[0])
        elif kind in ("radio", "checkbox"):
            for value in values:
                page.check(f"input[name='{name}'][value='{value}']")
        else:
            page.fill(f"input[name='{name}']", values[0])


def continue_(page) -> None:
    page.click("main form button.govuk-button")
    page.wait_for_load_state()


def walk(page, base: str, scenario: dict) -> None:
    page.goto(base + "/")
    page.click("a.govuk-button--start")
    for slug, data in pages_for(scenario["situation"]):
        assert page.url.endswith(f"/find/{slug}/"), (page.url, slug)
        fill(page, data)
        continue_(page)
    assert page.url.endswith("/find/check-your-answers/"), page.url
    page.click("a.govuk-button:has-text('See what you can do')")
    page.wait_for_selector("h1:has-text('What you can do')")


@pytest.mark.parametrize("scenario_id", sorted(BY_ID))
def test_each_seed_scenario_walked_through_the_pages_shows_the_law_cores_advice(
    world, live_server, page, time_machine, scenario_id
):
    scenario = BY_ID[scenario_id]
    time_machine.move_to(moment(scenario), tick=False)
    walk(page, live_server.url, scenario)
    advice = expected_advice(scenario)
    main = page.locator("main")
    titles = main.locator("section.app-route h3").all_inner_texts()
    assert titles == [f"{n}. {route['title']}" for n, route in enumerate(advice["routes"], 1)]
    for route_id in scenario["expect"].get("routes_include", []):
        assert page.locator(f"h3#{route_id}").count() == 1, route_id
    for route_id in scenario["expect"].get("routes_exclude", []):
        assert page.locator(f"h3#{route_id}").count() == 0, route_id
    text = main.inner_text()
    for deadline_id, day in scenario["expect"].get("deadlines", {}).items():
        assert long_date(dt.date.fromisoformat(day)) in text, deadline_id
    for deadline in advice["deadlines"]:
        assert long_date(dt.date.fromisoformat(deadline["date"])) in text


def test_every_page_kind_is_accessible_including_errors(world, live_server, page, time_machine):
    scenario = BY_ID["seed-certificate-extends-appeal"]
    time_machine.move_to(moment(scenario), tick=False)
    base = live_server.url
    checked = {}

    def check(name):
        assert page.locator("h1").count() == 1, name
        checked[name] = axe_violations(page)

    page.goto(base + "/find/council/")
    check("select question")
    continue_(page)  # nothing chosen
    assert page.title().startswith("Error: ")
    assert_error_summary_focused(page)
    check("select error")
    pages = pages_for(scenario["situation"])
    for slug, data in pages:
        if not page.url.endswith(f"/find/{slug}/"):
            page.goto(f"{base}/find/{slug}/")
        if slug in ("who", "age", "who-with", "letter-date", "progress"):
            check(f"{slug} question")
            continue_(page)  # empty: an error
            check(f"{slug} error")
        fill(page, data)
        continue_(page)
    # A date in the future and an impossible date.
    page.goto(base + "/find/certificate-date/")
    fill(page, {"certificate_issued_0": ["30"], "certificate_issued_1": ["2"]})
    continue_(page)
    assert "must be a real date" in page.locator(".govuk-error-summary").inner_text()
    check("impossible date")
    page.goto(base + "/find/check-your-answers/")
    check("check your answers")
    page.goto(base + "/find/what-you-can-do/")
    check("advice")
    failing = {name: v for name, v in checked.items() if v}
    assert failing == {}, describe(failing)


def test_bad_dates_show_an_error_summary_and_keep_what_was_entered(
    world, live_server, page, time_machine
):
    scenario = BY_ID["seed-refused-plan"]
    time_machine.move_to(moment(scenario), tick=False)
    base = live_server.url
    pages = pages_for(scenario["situation"])
    page.goto(base + "/find/council/")
    for slug, data in pages:
        if slug == "about":
            # The browser's Back button shows the previous question with its answer.
            page.go_back()
            assert page.url.endswith("/find/who-with/")
            assert page.is_checked("input[name='with'][value='local_authority']")
            page.go_forward()
        if slug == "letter-date":
            break
        fill(page, data)
        continue_(page)
    letter = {"decision_letter_0": ["6"], "decision_letter_1": ["2"], "decision_letter_2": ["2024"]}
    fill(page, letter)
    continue_(page)
    summary = page.locator(".govuk-error-summary")
    assert "The date on the letter must be today or in the past" in summary.inner_text()
    assert page.input_value("#id_decision_letter_0") == "6"
    assert page.input_value("#id_decision_letter_2") == "2024"
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "id_decision_letter_0"
    page.click("a.govuk-back-link")
    assert page.is_checked("input[name='about'][value='refusal_to_issue_plan']")


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key on {page.url}")


def test_the_route_finder_can_be_completed_with_the_keyboard_only(
    world, live_server, page, time_machine
):
    scenario = BY_ID["seed-placement-only"]
    time_machine.move_to(moment(scenario), tick=False)
    page.goto(live_server.url + "/")
    tab_to(page, "a.govuk-button--start")
    page.keyboard.press("Enter")
    for slug, data in pages_for(scenario["situation"]):
        page.wait_for_url(f"**/find/{slug}/")
        for name, values in data.items():
            first = f"[name={name!r}]"
            kind = page.locator(first).first.evaluate(
                "e => e.tagName === 'SELECT' ? 'select' : e.type"
            )
            if kind in ("radio", "checkbox"):
                for value in values:
                    # Tab reaches only the first radio of a group; this scenario's answers
                    # (a parent; has a plan) are the first options, so Space chooses them.
                    tab_to(page, f"input[name={name!r}][value={value!r}]")
                    page.keyboard.press("Space")
            elif kind == "select":  # the list of councils, or its autocomplete
                choose_council(page, name, values[0], keyboard=True)
            else:
                tab_to(page, first)
                page.keyboard.type(values[0])
        tab_to(page, "main form button.govuk-button")
        page.keyboard.press("Enter")
    page.wait_for_url("**/find/check-your-answers/")
    tab_to(page, "a.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('What you can do')")
    assert "Monday 2 September 2024" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_of_the_main_pages(world, live_server, browser, time_machine, width):
    scenario = BY_ID["seed-refused-plan"]
    time_machine.move_to(moment(scenario), tick=False)
    context = browser.new_context(viewport=PHONE if width == "phone" else DESKTOP)
    page = context.new_page()
    try:
        base = live_server.url
        page.goto(base + "/")
        screenshot(page, f"finder-start-{width}")
        page.click("a.govuk-button--start")
        pages = pages_for(scenario["situation"])
        for slug, data in pages:
            if slug == "plan":
                screenshot(page, f"finder-question-{width}")
            if slug == "letter-date":
                continue_(page)
                screenshot(page, f"finder-error-{width}")
            fill(page, data)
            continue_(page)
        screenshot(page, f"finder-check-{width}")
        page.goto(base + "/find/what-you-can-do/")
        screenshot(page, f"finder-advice-{width}")
        # Nothing wider than the screen on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    finally:
        context.close()


# -- issue 24: the new questions ---------------------------------------------------------------

NEW_QUESTION_FLOWS = {
    # (today, answers): each reaches one or more of the new questions.
    "exclusion": (
        dt.date(2025, 12, 11),
        {
            "council": "302",
            "who": "parent",
            "age": 9,
            "plan": "yes",
            "with": ["school", "early_years"],
            "school_type": "maintained",
            "about": ["exclusion", "disability_discrimination", "draft_plan", "delay"],
            "discrimination_act": "2025-12-01",
            "early_years_setting": "maintained_nursery_school",
            "grounds_arose": "2025-11-30",
            "phase_transfer": "school",
            "board_decision": "2025-12-10",
            "review_meeting": "2025-11-14",
            "amendments_sent": "2025-11-28",
        },
    ),
}


def new_question_pages(answers):
    from sendresolve.public.finder.forms import data_for
    from sendresolve.public.finder.steps import STEPS

    return [
        (step.slug, dict(data_for(step, answers[step.key]).lists()))
        for step in STEPS
        if step.applies(answers)
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_new_questions_are_accessible_and_lead_to_the_new_clocks(
    world, live_server, browser, time_machine, width
):
    today, answers = NEW_QUESTION_FLOWS["exclusion"]
    time_machine.move_to(dt.datetime.combine(today, dt.time(12)), tick=False)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    shots = __import__("pathlib").Path("/work/shots/law")
    shots.mkdir(parents=True, exist_ok=True)
    new_slugs = {
        "nursery-type",
        "problem-date",
        "school-move",
        "exclusion-decision-date",
        "review-meeting-date",
        "proposed-changes-date",
    }
    checked = {}
    try:
        base = live_server.url
        page.goto(base + "/find/council/")
        for slug, data in new_question_pages(answers):
            assert page.url.endswith(f"/find/{slug}/"), (page.url, slug)
            if slug in new_slugs:
                checked[f"{slug} question"] = axe_violations(page)
                page.screenshot(path=str(shots / f"{slug}-{width}.png"), full_page=True)
                continue_(page)  # nothing entered: an error summary
                assert_error_summary_focused(page)
                checked[f"{slug} error"] = axe_violations(page)
            fill(page, data)
            continue_(page)
        assert page.url.endswith("/find/check-your-answers/"), page.url
        page.goto(base + "/find/what-you-can-do/")
        checked["advice"] = axe_violations(page)
        page.screenshot(path=str(shots / f"advice-{width}.png"), full_page=True)
        main = page.locator("main").inner_text()
        assert "Wednesday 14 January 2026" in main  # the independent review request
        assert "Sunday 15 February 2026" in main  # the phase transfer
        assert "Friday 12 December 2025" in main  # the decision after the review meeting
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
    failing = {name: v for name, v in checked.items() if v}
    assert failing == {}, describe(failing)
