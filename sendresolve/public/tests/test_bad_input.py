"""Family pages given what an attacker would type: a 400 with a GOV.UK error summary, never a
server error, and names kept without control or bidi characters."""

import datetime as dt

import pytest
from django.core.cache import cache

from sendresolve.core.clock import LONDON
from sendresolve.public.finder import answers as kept_answers

pytestmark = pytest.mark.django_db

HUGE_YEAR = "9" * 20


@pytest.fixture(autouse=True)
def pinned(time_machine):
    cache.clear()
    time_machine.move_to(dt.datetime(2025, 3, 10, 10, tzinfo=LONDON), tick=False)


@pytest.fixture
def asking(client):
    session = client.session
    session["family_request"] = {"request": "mediation_advice", "requester": "parent"}
    session.save()
    return client


def error_page(response) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "<title>Error: " in html
    return html


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (HUGE_YEAR, "The date of birth must include a year with 4 numbers"),
        ("9999", "The date of birth must be between 1900 and 2100"),
    ],
)
def test_a_huge_year_of_birth_is_explained(world, asking, year, message):
    response = asking.post(
        "/request/child/",
        {
            "child_name": "Robin Example",
            "child_date_of_birth_0": "4",
            "child_date_of_birth_1": "5",
            "child_date_of_birth_2": year,
        },
    )
    html = error_page(response)
    assert message in html
    assert f'value="{year}"' in html  # what was typed is kept


def test_a_huge_year_on_the_decision_letter_is_explained(world, asking):
    response = asking.post(
        "/request/decision-date/",
        {
            "decision_letter_date_0": "14",
            "decision_letter_date_1": "2",
            "decision_letter_date_2": HUGE_YEAR,
        },
    )
    assert "The date on the decision letter must include a year with 4 numbers" in error_page(
        response
    )


def test_the_route_finder_explains_a_huge_year(world, client):
    client.cookies[kept_answers.COOKIE] = kept_answers.seal(
        {
            "council": "302",
            "who": "parent",
            "age": 9,
            "plan": "no",
            "with": ["local_authority"],
            "about": ["refusal_to_issue_plan"],
        }
    )
    response = client.post(
        "/find/letter-date/",
        {"decision_letter_0": "1", "decision_letter_1": "1", "decision_letter_2": HUGE_YEAR},
    )
    assert "The date on the letter must include a year with 4 numbers" in error_page(response)


def test_a_childs_name_is_kept_without_overrides_or_controls(world, asking):
    response = asking.post("/request/child/", {"child_name": "Robin \u202eelpmaxE\u2069\x00"})
    assert response.status_code == 302
    assert asking.session["family_request"]["child_name"] == "Robin elpmaxE"


def test_an_email_address_no_invitation_can_hold_is_refused(world, asking):
    response = asking.post(
        "/request/contact/",
        {"email": '"jordan example"@example.test', "preferred_channel": "email"},
    )
    assert "Enter an email address in the correct format" in error_page(response)
