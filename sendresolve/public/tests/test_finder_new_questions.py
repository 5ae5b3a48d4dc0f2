"""The route finder's questions for issue 24: asked only where they change the advice, and
what they change on the advice page (nursery type, the problem's date, a school move next
September, the governors' exclusion decision)."""

import datetime as dt
import io

import pytest
import time_machine
from pypdf import PdfReader

from sendresolve.core.clock import LONDON
from sendresolve.public.finder.steps import STEPS, build_situation
from sendresolve.public.tests.test_finder import answer

pytestmark = pytest.mark.django_db

NEW_KEYS = {"early_years_setting", "grounds_arose", "phase_transfer", "board_decision"}
BASE = {"council": "302", "who": "parent", "age": 9, "plan": "yes", "progress": ["none"]}


def asked(answers) -> set[str]:
    return {step.key for step in STEPS if step.applies(answers)} & NEW_KEYS


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), LONDON), tick=False)


@pytest.mark.parametrize(
    "about",
    [["refusal_to_issue_plan"], ["plan_provision"], ["provision_not_delivered"], ["other"]],
)
def test_common_disagreements_are_not_asked_the_new_questions(about):
    assert asked({**BASE, "with": ["local_authority"], "about": about}) == set()


def test_maintained_nursery_school_discrimination_goes_to_the_tribunal(world, client):
    answers = {
        **BASE,
        "age": 3,
        "plan": "no",
        "with": ["early_years"],
        "about": ["disability_discrimination"],
        "discrimination_act": "2025-03-10",
        "early_years_setting": "maintained_nursery_school",
    }
    assert asked(answers) == {"early_years_setting"}
    with at(dt.date(2025, 4, 1)):
        answer(client, answers)
        html = client.get("/find/what-you-can-do/").content.decode()

    assert 'id="disability_discrimination_claim"' in html
    assert 'id="county_court_discrimination_claim"' not in html


def test_not_sure_nursery_type_is_left_out_of_the_situation():
    answers = {
        **BASE,
        "with": ["early_years"],
        "about": ["disability_discrimination"],
        "early_years_setting": "not_sure",
    }
    assert "early_years_setting" not in build_situation(answers, today=dt.date(2025, 4, 1))


def test_the_problems_date_gives_the_judicial_review_limit(world, client):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["personal_budget"],
        "grounds_arose": "2025-11-30",
    }
    assert asked(answers) == {"grounds_arose"}
    with at(dt.date(2025, 12, 10)):
        answer(client, answers)
        html = client.get("/find/what-you-can-do/").content.decode()

    assert 'id="judicial_review"' in html
    assert "Friday 27 February 2026" in html  # promptly, and by then at the latest
    assert "Monday 30 November 2026" in html  # the Ombudsman's 12 months


@pytest.mark.parametrize(
    ("today", "move", "year", "post16"),
    [
        (dt.date(2025, 11, 3), "school", 2026, False),
        (dt.date(2026, 1, 20), "post16", 2026, True),
        (dt.date(2026, 9, 1), "school", 2027, False),
    ],
)
def test_a_move_next_september_sets_the_phase_transfer_year(today, move, year, post16):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["draft_plan"],
        "phase_transfer": move,
    }
    situation = build_situation(answers, today=today)

    assert situation["phase_transfer_year"] == year
    assert situation["phase_transfer_to_post16"] is post16


def test_no_move_gives_no_phase_transfer():
    answers = {**BASE, "with": ["local_authority"], "about": ["draft_plan"], "phase_transfer": "no"}
    assert "phase_transfer_year" not in build_situation(answers, today=dt.date(2025, 11, 3))


def test_phase_transfer_date_is_on_the_advice_page(world, client):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["draft_plan"],
        "phase_transfer": "school",
        "review_meeting": "unknown",
        "amendments_sent": "unknown",
    }
    with at(dt.date(2025, 11, 3)):
        answer(client, answers)
        html = client.get("/find/what-you-can-do/").content.decode()

    assert "Sunday 15 February 2026" in html


def test_the_governors_decision_counts_school_days_in_the_councils_term_dates(world, client):
    answers = {
        **BASE,
        "with": ["school"],
        "school_type": "maintained",
        "about": ["exclusion"],
        "board_decision": "2025-12-10",
    }
    assert asked(answers) == {"board_decision"}
    with at(dt.date(2025, 12, 11)):
        answer(client, answers)
        html = client.get("/find/what-you-can-do/").content.decode()
        check = client.get("/find/check-your-answers/").content.decode()

    assert "Ask for the independent review by Wednesday 14 January 2026." in html
    assert "decision on the exclusion" in check


def test_not_decided_yet_is_shown_as_such_and_is_not_a_missing_letter(world, client):
    answers = {
        **BASE,
        "with": ["school"],
        "school_type": "maintained",
        "about": ["exclusion"],
        "board_decision": "unknown",
    }
    with at(dt.date(2025, 12, 11)):
        answer(client, answers)
        check = client.get("/find/check-your-answers/").content.decode()

    assert "They have not decided yet" in check


def test_the_pdf_shows_the_new_clocks(world, client):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["personal_budget"],
        "grounds_arose": "2025-11-30",
    }
    with at(dt.date(2025, 12, 10)):
        answer(client, answers)
        response = client.get("/find/what-you-can-do.pdf")

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "27 February 2026" in " ".join(text.split())
