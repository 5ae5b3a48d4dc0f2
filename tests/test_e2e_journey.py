"""One family journey in headless Chromium, keyboard only (Tab, Enter, Space and the arrow
keys that move between radios): the route finder, its advice, the advice page's start button
into the request with the finder's answers carried over, check your answers and the
confirmation. axe-core checks every page; screenshots at phone and desktop widths."""

import pytest

from sendresolve.cases.models import Case
from sendresolve.public import wording
from sendresolve.public.tests.test_finder_scenarios import BY_ID, moment, pages_for
from tests.browser import axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key on {page.url}")


def choose_council(page, name: str, value: str, *, keyboard: bool = False) -> None:
    """Choose the council ``value`` on a council question. The page's script turns the list
    into an accessible autocomplete (the box takes the list's id, the list gets "-select");
    there the keyboard types the full name, which counts when the form is sent, and the
    pointer picks it from the suggestions. Without the script it is the plain list."""
    # The page's scripts must have run first: the autocomplete renames the list's id and hides
    # it; read too early, the plain list is chosen just as it disappears.
    page.wait_for_load_state("load")
    select = page.locator(f"select[name={name!r}]")
    select_id = select.get_attribute("id") or ""
    council = (select.locator(f"option[value={value!r}]").text_content() or "").strip()
    if select_id.endswith("-select"):
        box = "#" + select_id.removesuffix("-select")
        if keyboard:
            tab_to(page, box)
            page.keyboard.type(council)
        else:  # type part of the name, then choose it from the suggestions
            page.fill(box, council[:3])
            listbox = page.locator(f"{box}__listbox")
            listbox.get_by_role("option", name=council, exact=True).click()
    elif keyboard:
        tab_to(page, f"select[name={name!r}]")
        page.keyboard.type(council)
    else:
        page.select_option(f"select[name={name!r}]", value)


def press_continue(page) -> None:
    tab_to(page, "main form button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_radio(page, name: str, value: str) -> None:
    """Tab into the group (its first radio) and move to ``value`` with the arrow keys, which
    select as they move, as in every browser."""
    values = page.eval_on_selector_all(f"input[name={name!r}]", "els => els.map(e => e.value)")
    tab_to(page, f"input[name={name!r}]")
    for _ in range(values.index(value)):
        page.keyboard.press("ArrowDown")
    if not page.is_checked(f"input[name={name!r}][value={value!r}]"):
        page.keyboard.press("Space")
    assert page.is_checked(f"input[name={name!r}][value={value!r}]")


def enter(page, data: dict[str, list[str]]) -> None:
    for name, values in data.items():
        kind = page.locator(f"[name={name!r}]").first.evaluate(
            "e => e.tagName === 'SELECT' ? 'select' : e.type"
        )
        if kind == "radio":
            choose_radio(page, name, values[0])
        elif kind == "checkbox":
            for value in values:
                tab_to(page, f"input[name={name!r}][value={value!r}]")
                page.keyboard.press("Space")
        elif kind == "select":
            choose_council(page, name, values[0], keyboard=True)
        else:
            tab_to(page, f"input[name={name!r}]")
            page.keyboard.type(values[0])


def shots(page, name: str) -> None:
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"journey-{name}-{width_name}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_finder_to_advice_to_request_with_answers_carried_over_by_keyboard_only(
    world, live_server, page, time_machine
):
    scenario = BY_ID["seed-refused-plan"]
    time_machine.move_to(moment(scenario), tick=False)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    checked: dict[str, list] = {}

    def check(name: str) -> None:
        assert page.locator("h1").count() == 1, name
        checked[name] = axe_violations(page)

    page.goto(live_server.url + "/")
    check("start")
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for slug, data in pages_for(scenario["situation"]):
        page.wait_for_url(f"**/find/{slug}/")
        check(f"finder {slug}")
        enter(page, data)
        press_continue(page)
    page.wait_for_url("**/find/check-your-answers/")
    check("finder check your answers")
    tab_to(page, "a.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The advice: the deadlines and the next step first, then the start button.
    page.wait_for_url("**/find/what-you-can-do/")
    check("advice")
    shots(page, "advice")
    main = page.locator("main").inner_text()
    assert main.index("Your deadlines") < main.index("Your next step") < main.index("1. Talk")
    tab_to(page, "a.govuk-button--start")
    assert (
        page.evaluate("document.activeElement.innerText").strip()
        == (wording.REQUEST_START["mediation_advice"])
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The council, who is asking, the subject and the letter's date came from the finder: the
    # request asks only about the child, the family's name and how to contact them.
    asked = []
    for slug, data in (
        ("child", {"child_name": ["Robin Example"]}),
        ("your-name", {"requester_name": ["Jordan Example"]}),
        ("contact", {"email": ["jordan@example.test"], "preferred_channel": ["email"]}),
        # Taking part (issue 22): no interpreter; the optional questions left blank.
        ("interpreter", {"interpreter": ["none"]}),
        ("access", {}),
        ("times", {}),
        ("child-views", {}),
        ("supporter", {}),
    ):
        page.wait_for_url(f"**/request/{slug}/")
        asked.append(slug)
        check(f"request {slug}")
        if slug == "child":
            assert "We have used the answers you gave" in page.locator("main").inner_text()
            shots(page, "request-child")
        enter(page, data)
        press_continue(page)
    assert asked == [
        "child",
        "your-name",
        "contact",
        "interpreter",
        "access",
        "times",
        "child-views",
        "supporter",
    ]

    page.wait_for_url("**/request/check-your-answers/")
    check("request check your answers")
    shots(page, "request-check")
    summary = page.locator("main .govuk-summary-list").inner_text()
    for shown in (
        "Mediation advice",
        "Barnet",
        wording.WHO_LABELS["parent"],
        wording.SUBJECT_LABELS["refusal_to_issue_plan"],
        "31 January 2024",
        "Robin Example",
    ):
        assert shown in summary, shown
    assert page.locator("main .govuk-summary-list a:has-text('Change')").count() >= 10
    tab_to(page, "main form button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.wait_for_url("**/request/sent/")
    check("request sent")
    shots(page, "request-sent")
    case = Case.objects.get()
    assert case.provider == world.provider
    assert str(case.decision_letter_date) == "2024-01-31"
    assert list(case.issues.values_list("subject", flat=True)) == ["refusal_to_issue_plan"]
    assert case.reference in page.locator(".govuk-panel").inner_text()

    failing = {name: v for name, v in checked.items() if v}
    assert failing == {}, describe(failing)


def test_a_council_with_no_provider_gets_contacts_and_the_no_letter_path_is_accessible(
    world, live_server, page, time_machine
):
    scenario = BY_ID["seed-refused-plan"]
    time_machine.move_to(moment(scenario), tick=False)
    world.other_local_authority.commissions.all().delete()
    base = live_server.url
    checked = {}
    for slug, data in pages_for(scenario["situation"]):
        page.goto(f"{base}/find/{slug}/")
        if slug == "council":
            choose_council(page, "council", "882")
        elif slug == "letter-date":
            checked["letter date with no-letter choice"] = axe_violations(page)
            page.check("input[name='decision_letter_unknown']")
        else:
            enter(page, data)
        press_continue(page)
    page.goto(base + "/find/what-you-can-do/")
    checked["advice, no provider"] = axe_violations(page)
    shots(page, "advice-no-provider")
    main = page.locator("main").inner_text()
    assert "You do not have the decision letter" in main
    assert "You can ask by phone or email instead" in main
    assert "Southend-on-Sea SEND team" in main
    assert page.locator("a[href*='from-the-finder']").count() == 0
    failing = {name: v for name, v in checked.items() if v}
    assert failing == {}, describe(failing)
