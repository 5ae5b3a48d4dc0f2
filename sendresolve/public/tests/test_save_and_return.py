"""Save and come back later: the email, the link, the answers back, and the link's end."""

import datetime as dt
import logging
import re

import pytest
from django.test import Client

from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.drafts.models import SavedRequest
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import save_views
from sendresolve.public.tests.test_family_request import answers_for, send, walk
from sendresolve.retention.services import retention_apply

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 3, 10, 10, tzinfo=LONDON)
EMAIL = "jordan@example.test"


@pytest.fixture(autouse=True)
def pinned(time_machine):
    time_machine.move_to(TODAY, tick=False)


def answer(client, step: str, data: dict) -> None:
    response = client.post(f"/request/{step}/", data)
    assert response.status_code == 302, response.content.decode()[:1000]


def start(client) -> dict:
    """Answer the first three questions, as a family who then stops."""
    answers = answers_for("mediation")
    for step in ("what", "council", "who"):
        answer(client, step, answers[step])
    return answers


def save(client, email: str = EMAIL, origin: str = "child"):
    return client.post(f"/request/save/?from={origin}", {"email": email})


def emailed_link() -> str:
    message = OutboxMessage.objects.filter(template="request_saved").latest("pk")
    (link,) = re.findall(r"http://testserver(/saved-request/[^/\s]+/)", message.body)
    return link


def test_a_question_page_offers_save_and_come_back_later(world, client):
    start(client)
    html = client.get("/request/child/").content.decode()
    assert 'formaction="/request/save/child/"' in html
    assert "Save and come back later" in html


def test_saving_keeps_the_pages_answer_and_asks_for_an_email_prefilled(world, client):
    answers = start(client)
    answer(client, "child", answers["child"])
    answer(client, "your-name", answers["your-name"])
    answer(client, "contact", answers["contact"])
    # "Save and come back later" on the "about" page keeps what that page holds.
    response = client.post("/request/save/about/", {"subjects": ["refusal_to_assess"]})
    assert response["Location"] == "/request/save/?from=about"
    assert client.session["family_request"]["subjects"] == ["refusal_to_assess"]
    page = client.get(response["Location"]).content.decode()
    assert f'value="{EMAIL}"' in page
    assert 'href="/request/about/"' in page  # back to where they were


def test_an_invalid_page_is_not_kept_but_saving_goes_on(world, client):
    start(client)
    response = client.post("/request/save/child/", {"child_name": ""})
    assert response["Location"] == "/request/save/?from=child"
    assert "child_name" not in client.session["family_request"]


def test_the_email_needs_an_address_in_the_right_shape(world, client):
    start(client)
    response = save(client, email="not an address")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "in the correct format" in html
    assert not SavedRequest.objects.exists() and not OutboxMessage.objects.exists()


def test_nothing_to_save_goes_to_the_start_of_the_request(world, client):
    assert client.get("/request/save/")["Location"] == "/request/"


def test_the_link_is_emailed_and_brings_the_answers_back_in_another_browser(world, client):
    answers = start(client)
    response = save(client)
    assert response["Location"] == "/request/save/sent/"
    page = client.get("/request/save/sent/").content.decode()
    assert "We have sent you a link" in page
    assert EMAIL in page
    assert "10:00am on Monday 17 March 2025" in page  # 7 days, London time
    message = OutboxMessage.objects.get(template="request_saved")
    assert message.to == EMAIL and message.channel == "email"
    assert "Monday 17 March 2025" in message.body
    # Only a digest of the token is stored, and the answers are not readable in the row.
    saved = SavedRequest.objects.get()
    token = emailed_link().split("/")[2]
    assert token not in saved.token_digest and token not in saved.sealed_answers
    assert "302" not in saved.sealed_answers and "mediation" not in saved.sealed_answers

    other = Client()
    response = other.get(emailed_link())
    assert response.status_code == 302
    assert response["Location"] == "/request/child/"  # the first question not answered
    assert response["Referrer-Policy"] == "no-referrer"
    for step in ("what", "council", "who"):
        for name, value in answers[step].items():
            assert other.session["family_request"][name] == value
    assert other.session["family_request_saved"] == saved.pk


def test_a_finished_journey_comes_back_to_check_your_answers(world, client):
    walk(client, answers_for("mediation"))
    save(client, origin="check")
    other = Client()
    assert other.get(emailed_link())["Location"] == "/request/check-your-answers/"
    assert other.get("/request/check-your-answers/").status_code == 200


def test_saving_again_replaces_the_link(world, client):
    start(client)
    save(client)
    first = emailed_link()
    save(client)
    second = emailed_link()
    assert first != second
    assert SavedRequest.objects.count() == 1
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 302


def test_a_link_opened_then_saved_again_replaces_itself(world, client):
    start(client)
    save(client)
    first = emailed_link()
    other = Client()
    other.get(first)
    save(other)
    assert SavedRequest.objects.count() == 1
    assert Client().get(first).status_code == 404


def test_sending_the_request_deletes_the_saved_answers(world, client):
    walk(client, answers_for("mediation"))
    save(client, origin="check")
    link = emailed_link()
    other = Client()
    other.get(link)
    send(other)
    assert Case.objects.count() == 1
    assert not SavedRequest.objects.exists()
    response = Client().get(link)
    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()


def test_an_expired_link_shows_the_expired_page_with_a_way_forward(world, client, time_machine):
    start(client)
    save(client)
    link = emailed_link()
    time_machine.move_to(TODAY + dt.timedelta(days=7, seconds=-1), tick=False)
    assert Client().get(link).status_code == 302
    time_machine.move_to(TODAY + dt.timedelta(days=7), tick=False)
    response = Client().get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert 'href="/request/"' in html and "data-way-forward" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("token", ["nothing-like-a-token", "x" * 200, "%00"])
def test_an_unknown_link_is_the_expired_page(world, client, token):
    response = client.get(f"/saved-request/{token}/")
    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()


def test_the_daily_purge_deletes_saved_requests_once_their_link_expired(
    world, client, time_machine
):
    start(client)
    save(client)
    # On the day the link expires (at 10am) it is kept; the next day's run deletes it.
    time_machine.move_to(dt.datetime(2025, 3, 17, 23, tzinfo=LONDON), tick=False)
    retention_apply(dt.date(2025, 3, 17))
    assert SavedRequest.objects.count() == 1
    time_machine.move_to(dt.datetime(2025, 3, 18, 2, tzinfo=LONDON), tick=False)
    (line,) = [
        done for done in retention_apply(dt.date(2025, 3, 18)) if done.kind == "saved_requests"
    ]
    assert line.count == 1 and line.action == "delete"
    assert not SavedRequest.objects.exists()


def test_the_privacy_page_lists_saved_requests_from_the_policy(world, client, settings):
    html = client.get("/privacy/").content.decode()
    assert "Answers you saved to finish your request later" in html
    assert "for 7 days" in html
    settings.SENDRESOLVE_RETENTION = {"saved_requests": {"days": 3}}
    assert "for 3 days" in client.get("/privacy/").content.decode()


def test_sending_is_limited_per_client_address(world, client):
    start(client)
    for _ in range(save_views.ADDRESS_LIMIT):
        assert save(client, email="a@example.test").status_code == 302
    response = save(client, email="b@example.test")
    assert response.status_code == 429
    assert "too many links" in response.content.decode()


def test_an_inbox_gets_a_few_links_an_hour_whoever_asks(world, client):
    for number in range(save_views.SENDS_PER_HOUR + 2):
        # From different addresses, so only the per-recipient cap can stop them.
        other = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        start(other)
        response = save(other, email="victim@example.test")
        assert response["Location"] == "/request/save/sent/"  # the same page for everyone
    sent = OutboxMessage.objects.filter(template="request_saved", to="victim@example.test")
    assert sent.count() == save_views.SENDS_PER_HOUR


def test_no_email_address_or_token_reaches_the_logs(world, client, caplog, time_machine):
    caplog.set_level(logging.DEBUG)
    start(client)
    save(client)
    link = emailed_link()
    Client().get(link)
    time_machine.move_to(TODAY + dt.timedelta(days=8), tick=False)
    assert Client().get(link).status_code == 410  # Django logs it: "Gone: <path>"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Gone: /saved-request/[redacted]/" in logged
    assert EMAIL not in logged
    assert link.split("/")[2] not in logged
