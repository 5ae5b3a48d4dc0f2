"""The route finder's question pages: validation, error summaries, keeping answers, going back
and changing answers."""

import datetime as dt

import pytest
import time_machine

from sendresolve.core.clock import LONDON
from sendresolve.public.finder import answers as kept_answers

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 2, 5, 12, tzinfo=LONDON)
REFUSED_PLAN = {
    "council": "302",
    "who": "parent",
    "age": 9,
    "plan": "no",
    "with": ["local_authority"],
    "about": ["refusal_to_issue_plan"],
    "decision_letter": "2024-01-31",
    "progress": ["none"],
}


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(TODAY, tick=False):
        yield


def answer(client, answers: dict) -> None:
    """Give the test client's browser these answers, as the question pages would."""
    client.cookies[kept_answers.COOKIE] = kept_answers.seal(answers)


def stored(client) -> dict:
    """The answers the test client's browser now holds."""
    return kept_answers.unseal(client.cookies[kept_answers.COOKIE].value)


def errors_shown(response) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="govuk-error-summary' in html
    assert "<title>Error: " in html
    return html


def test_start_page_starts_the_route_finder(client):
    html = client.get("/").content.decode()
    assert 'href="/find/council/"' in html
    assert "govuk-button--start" in html


def test_first_question_lists_councils_and_links_back_to_the_start(world, client):
    html = client.get("/find/council/").content.decode()
    assert '<option value="302">Barnet</option>' in html
    assert 'href="/" class="govuk-back-link"' in html


def test_council_missing_shows_an_error_summary(world, client):
    html = errors_shown(client.post("/find/council/", {}))
    assert "Select the council that is responsible for the child or young person" in html
    assert 'href="#id_council"' in html


def test_later_questions_send_you_back_to_the_first_unanswered_one(world, client):
    response = client.get("/find/about/")
    assert response.status_code == 302
    assert response["Location"] == "/find/council/"
    assert client.get("/find/check-your-answers/")["Location"] == "/find/council/"
    assert client.get("/find/what-you-can-do/")["Location"] == "/find/council/"
    assert client.get("/find/what-you-can-do.pdf")["Location"] == "/find/council/"


def test_unknown_question_is_not_found(client):
    assert client.get("/find/nonsense/").status_code == 404


def test_who_missing(world, client):
    answer(client, {"council": "302"})
    html = errors_shown(client.post("/find/who/", {}))
    assert "Select who is asking for help" in html
    assert 'href="#id_who"' in html
    assert 'id="id_who"' in html  # the summary link's target exists


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the age of the child or young person"),
        ("nine", "Age must be a whole number, like 9"),
        ("-1", "Age must be a whole number, like 9"),
        ("26", "Age must be 25 or under"),
    ],
)
def test_age_errors_keep_what_was_typed(world, client, typed, message):
    answer(client, {"council": "302", "who": "parent"})
    html = errors_shown(client.post("/find/age/", {"age": typed}))
    assert message in html
    assert f'value="{typed}"' in html


def test_a_young_person_must_be_16_or_over(world, client):
    answer(client, {"council": "302", "who": "young_person"})
    html = errors_shown(client.post("/find/age/", {"age": "12"}))
    assert "A young person must be 16 or over" in html


def test_checkboxes_keep_what_was_ticked_on_error(world, client):
    answer(client, {**REFUSED_PLAN, "progress": None})
    html = errors_shown(client.post("/find/progress/", {"progress": ["none", "declined"]}))
    assert "Select what you have done so far, or select None of these" in html
    assert 'value="declined" checked' in html
    assert 'data-behaviour="exclusive"' in html


def test_subjects_offered_depend_on_the_plan(world, client):
    answer(
        client,
        {
            "council": "302",
            "who": "parent",
            "age": 9,
            "plan": "no",
            "with": ["school"],
            "school_type": "academy",
        },
    )
    html = client.get("/find/about/").content.decode()
    assert 'value="refusal_to_assess"' in html
    assert 'value="plan_provision"' not in html
    assert 'value="exclusion"' in html
    assert 'value="health_services"' not in html


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date on the letter"),
        ("31", "2", "2024", "The date on the letter must be a real date"),
        ("6", "2", "2024", "The date on the letter must be today or in the past"),
        ("1", "", "2024", "The date on the letter must include a month"),
        ("1", "1", "1985", "The date on the letter must be after 1 January 1990"),
    ],
)
def test_letter_date_errors_keep_what_was_typed(world, client, day, month, year, message):
    answer(client, {k: v for k, v in REFUSED_PLAN.items() if k != "decision_letter"})
    response = client.post(
        "/find/letter-date/",
        {"decision_letter_0": day, "decision_letter_1": month, "decision_letter_2": year},
    )
    html = errors_shown(response)
    assert message in html
    assert 'href="#id_decision_letter_0"' in html
    assert f'name="decision_letter_2" type="text" value="{year}"' in html
    assert "For example, 27 3 2025" in html
    # Nothing already entered is lost.
    assert stored(client)["about"] == ["refusal_to_issue_plan"]


def test_today_is_allowed_as_the_letter_date(world, client):
    answer(client, {k: v for k, v in REFUSED_PLAN.items() if k != "decision_letter"})
    response = client.post(
        "/find/letter-date/",
        {"decision_letter_0": "5", "decision_letter_1": "2", "decision_letter_2": "2024"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/find/progress/"
    assert stored(client)["decision_letter"] == "2024-02-05"


def test_question_pages_show_the_stored_answer(world, client):
    answer(client, REFUSED_PLAN)
    assert 'value="9"' in client.get("/find/age/").content.decode()
    html = client.get("/find/letter-date/").content.decode()
    assert 'name="decision_letter_0" type="text" value="31"' in html
    assert 'value="no" checked' in client.get("/find/plan/").content.decode()


def test_back_links_follow_the_questions_that_apply(world, client):
    answer(client, REFUSED_PLAN)
    html = client.get("/find/letter-date/").content.decode()
    assert 'href="/find/about/" class="govuk-back-link"' in html
    html = client.get("/find/about/").content.decode()
    assert 'href="/find/who-with/" class="govuk-back-link"' in html  # no school, no school type
    html = client.get("/find/check-your-answers/").content.decode()
    assert 'href="/find/progress/" class="govuk-back-link"' in html


def test_questions_that_do_not_apply_are_skipped(world, client):
    answer(client, REFUSED_PLAN)
    assert client.get("/find/school-type/")["Location"] == "/find/about/"


def test_check_your_answers_lists_each_answer_with_a_change_link(world, client):
    answer(client, REFUSED_PLAN)
    html = client.get("/find/check-your-answers/").content.decode()
    assert "Barnet" in html
    assert "9 years old" in html
    assert "31 January 2024" in html
    assert "The council did an assessment but will not make an EHC plan" in html
    assert 'href="/find/age/?change=1"' in html
    assert 'href="/find/what-you-can-do/"' in html


def test_changing_an_answer_returns_to_check_your_answers(world, client):
    answer(client, REFUSED_PLAN)
    html = client.get("/find/age/?change=1").content.decode()
    assert 'href="/find/check-your-answers/" class="govuk-back-link"' in html
    assert 'action="/find/age/?change=1"' in html
    response = client.post("/find/age/?change=1", {"age": "10"})
    assert response["Location"] == "/find/check-your-answers/"
    assert stored(client)["age"] == 10


def test_a_change_that_needs_new_answers_asks_for_them_then_returns(world, client):
    answer(client, REFUSED_PLAN)
    response = client.post("/find/plan/?change=1", {"plan": "yes"})
    # The subject no longer fits a child with a plan, so it must be answered again.
    assert response["Location"] == "/find/about/?change=1"
    response = client.post("/find/about/?change=1", {"about": ["provision_not_delivered"]})
    assert response["Location"] == "/find/check-your-answers/"
    html = client.get("/find/check-your-answers/").content.decode()
    assert "Date on the decision letter" not in html  # no appealable decision now


def test_representative_and_school_type_reach_the_situation(world, client):
    from sendresolve.public.finder.steps import build_situation

    answers = {
        "council": "302",
        "who": "representative",
        "age": 19,
        "plan": "yes",
        "with": ["school"],
        "school_type": "academy",
        "about": ["exclusion", "disability_discrimination"],
        "discrimination_act": "2024-01-10",
        "board_decision": "unknown",  # the exclusion question (issue 24): not decided yet
    }
    answer(client, answers)
    assert client.get("/find/check-your-answers/").status_code == 200
    situation = build_situation(answers, today=TODAY.date())
    assert situation["requester"] == "young_person"
    assert situation["young_person_lacks_capacity"] is True
    assert situation["school_type"] == "academy"
    assert situation["dates"] == {"discrimination_act": "2024-01-10"}
    html = client.get("/find/what-you-can-do/").content.decode()
    assert 'id="disability_discrimination_claim"' in html


def test_not_sure_school_type_is_left_out(world, client):
    from sendresolve.public.finder.steps import build_situation

    answers = {
        "council": "302",
        "who": "parent",
        "age": 12,
        "plan": "no",
        "with": ["school"],
        "school_type": "not_sure",
        "about": ["support_without_plan"],
    }
    assert "school_type" not in build_situation(answers, today=TODAY.date())


def test_council_without_a_provider_says_where_to_ask(world, client):
    answer(client, {**REFUSED_PLAN, "council": "882"})
    world.other_local_authority.commissions.all().delete()
    html = client.get("/find/what-you-can-do/").content.decode()
    assert "We do not have details of the mediation service for Southend-on-Sea yet" in html
