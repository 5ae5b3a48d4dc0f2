"""The route finder's answers are kept in the family's browser, encrypted, and nowhere else."""

import base64
import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import override_settings

from sendresolve.core.clock import LONDON
from sendresolve.public.finder import answers as kept_answers
from sendresolve.public.tests.test_finder import REFUSED_PLAN, answer, stored

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 2, 5, 12, tzinfo=LONDON)
ADVICE = "/find/what-you-can-do/"


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def test_an_answer_is_kept_in_an_http_only_browser_session_cookie(world, client):
    response = client.post("/find/council/", {"council": "302"})
    assert response.status_code == 302
    cookie = response.cookies[kept_answers.COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert stored(client) == {"council": "302"}


def test_the_cookie_cannot_be_read_without_the_key(world, client):
    answer(client, REFUSED_PLAN)
    token = client.cookies[kept_answers.COOKIE].value
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"refusal_to_issue_plan" not in raw and b"2024-01-31" not in raw
    assert "refusal" not in token


def test_the_family_walks_the_finder_without_a_session(world, client):
    answer(client, {k: v for k, v in REFUSED_PLAN.items() if k != "progress"})
    assert client.post("/find/progress/", {"progress": "none"})["Location"] == (
        "/find/check-your-answers/"
    )
    assert client.get("/find/check-your-answers/").status_code == 200
    assert client.get(ADVICE).status_code == 200
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_an_altered_cookie_counts_as_no_answers(world, client):
    answer(client, REFUSED_PLAN)
    token = client.cookies[kept_answers.COOKIE].value
    client.cookies[kept_answers.COOKIE] = (
        token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    )
    assert client.get(ADVICE)["Location"] == "/find/council/"
    client.cookies[kept_answers.COOKIE] = "not a token"
    assert client.get(ADVICE)["Location"] == "/find/council/"


def test_answers_not_saved_for_longer_than_a_session_lasts_are_not_read(
    world, client, pinned, settings
):
    answer(client, REFUSED_PLAN)
    pinned.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    assert client.get(ADVICE).status_code == 200
    pinned.shift(dt.timedelta(seconds=120))
    assert client.get(ADVICE)["Location"] == "/find/council/"


def test_each_answer_saved_restarts_the_time_they_last(world, client, pinned, settings):
    answer(client, {k: v for k, v in REFUSED_PLAN.items() if k != "progress"})
    pinned.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    client.post("/find/progress/", {"progress": "none"})
    pinned.shift(dt.timedelta(seconds=120))
    assert client.get(ADVICE).status_code == 200


def test_answers_survive_a_change_of_secret_key_kept_as_a_fallback(world, client, settings):
    answer(client, REFUSED_PLAN)
    with override_settings(SECRET_KEY="a-new-key-" * 5, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert client.get(ADVICE).status_code == 200
    with override_settings(SECRET_KEY="a-new-key-" * 5, SECRET_KEY_FALLBACKS=[]):
        assert client.get(ADVICE)["Location"] == "/find/council/"


@pytest.mark.parametrize("token", ["", "x" * 50])
def test_nothing_or_rubbish_unseals_to_no_answers(token):
    assert kept_answers.unseal(token) == {}


def test_a_sealed_value_other_than_answers_is_not_taken_for_answers():
    assert kept_answers.unseal(kept_answers.seal(["council", "302"])) == {}
    assert kept_answers.unseal(kept_answers.seal(REFUSED_PLAN)) == REFUSED_PLAN
