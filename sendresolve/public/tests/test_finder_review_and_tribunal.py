"""The finder asks for the annual review dates and the tribunal's decision date only where they
matter (issue 24), and the advice page and PDF show the clocks they start: the review decision
(4 weeks, EHC-06), the amended plan (8 weeks, EHC-07), and asking the tribunal to review or for
permission to appeal (28 days, TRB-01 / TRB-02)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sendresolve.public.finder.steps import STEPS, build_situation
from sendresolve.public.tests.test_finder import answer
from sendresolve.public.tests.test_finder_new_questions import BASE, at

pytestmark = pytest.mark.django_db

KEYS = {"review_meeting", "amendments_sent", "tribunal_decision"}


def asked(answers) -> set[str]:
    return {step.key for step in STEPS if step.applies(answers)} & KEYS


def pdf_text(response) -> str:
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.mark.parametrize(
    "about",
    [["refusal_to_issue_plan"], ["plan_provision"], ["provision_not_delivered"], ["other"]],
)
def test_common_disagreements_are_not_asked_these(about):
    assert asked({**BASE, "with": ["local_authority"], "about": about}) == set()


def test_no_plan_means_no_review_questions():
    answers = {**BASE, "plan": "no", "with": ["local_authority"], "about": ["refusal_to_assess"]}
    assert asked(answers) == set()


def test_proposed_changes_give_the_review_and_amended_plan_clocks(world, client):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["draft_plan"],
        "phase_transfer": "no",
        "review_meeting": "2025-12-19",
        "amendments_sent": "2026-01-09",
    }
    assert asked(answers) == {"review_meeting", "amendments_sent"}
    with at(dt.date(2026, 1, 12)):
        answer(client, answers)
        html = client.get("/find/what-you-can-do/").content.decode()
        pdf = pdf_text(client.get("/find/what-you-can-do.pdf"))

    # 4 weeks after Friday 19 December 2025, across Christmas (calendar weeks: not skipped).
    assert "Friday 16 January 2026" in html
    assert "16 January 2026" in pdf
    # 8 weeks after Friday 9 January 2026.
    assert "Friday 6 March 2026" in html
    assert "6 March 2026" in pdf


def test_no_review_meeting_yet_starts_no_clock(world, client):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["refusal_to_amend"],
        "review_meeting": "unknown",
    }
    assert asked(answers) == {"review_meeting"}
    assert "review_meeting" not in build_situation(answers, today=dt.date(2026, 1, 12))["dates"]


def test_a_tribunal_decision_gives_the_28_day_limits(world, client):
    answers = {
        **BASE,
        "with": ["local_authority"],
        "about": ["plan_provision"],
        "decision_letter": "2025-09-01",
        "progress": ["tribunal_decided"],
        "tribunal_decision": "2026-01-12",
    }
    assert asked(answers) == {"tribunal_decision"}
    with at(dt.date(2026, 1, 20)):
        answer(client, answers)
        html = client.get("/find/what-you-can-do/").content.decode()
        pdf = pdf_text(client.get("/find/what-you-can-do.pdf"))

    assert 'id="tribunal_decision_challenge"' in html
    assert "Ask for permission to appeal by 5pm on Monday 9 February 2026." in html
    assert "9 February 2026" in pdf
