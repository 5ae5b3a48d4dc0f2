"""The pages: the request's questions about taking part (kept in a saved draft, shown on check
your answers, saved with the case), the staff pages, the arranging page's panel, and the
family's status page."""

import datetime as dt
import re

import pytest
from django.test import Client

from sendresolve.cases.models import Case, Party
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage
from sendresolve.participation.models import ChildViews, ParticipationNeeds
from sendresolve.participation.selectors import interpreter_language, needs_for
from sendresolve.public.family.links import token_for
from sendresolve.public.tests.test_family_request import answers_for, send, walk

pytestmark = pytest.mark.django_db

POLISH = {
    "interpreter": {"interpreter": ["spoken"], "interpreter_language": "Polish"},
    "access": {"access": ["step_free", "quiet_room"], "access_other": "Breaks every hour"},
    "times": {"times": ["weekday_mornings"], "times_note": "Not Fridays"},
    "child-views": {"child_ways": ["drawing", "advocate"], "child_note": ""},
    "supporter": {
        "supporter_name": "Pat Friend",
        "supporter_relationship": "family friend",
        "supporter_contact": "pat@example.test",
        "supporter_attends": "yes",
    },
}


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 10, tzinfo=LONDON), tick=False)


def test_the_request_asks_shows_and_saves_what_they_need_to_take_part(world, client, pinned):
    walk(client, answers_for("mediation", **POLISH))
    check = client.get("/request/check-your-answers/").content.decode()
    for shown in (
        "Polish",
        "Step-free access (no stairs); A quiet room to take a break",
        "Breaks every hour",
        "Weekday mornings",
        "Not Fridays",
        "Through a drawing or pictures; Through an advocate",
        "Pat Friend, family friend, pat@example.test (coming to the meeting)",
        'href="/request/interpreter/?change=1"',
        'href="/request/supporter/?change=1"',
    ):
        assert shown in check, shown
    case = send(client)
    needs = needs_for(case)
    assert interpreter_language(case) == "Polish"
    assert needs.access == ["step_free", "quiet_room"]
    assert needs.child_ways == ["drawing", "advocate"]
    assert needs.supporter_attends
    assert Party.objects.filter(case=case, role="supporter", email="pat@example.test").exists()


def test_the_interpreter_question_needs_an_answer_and_a_language(world, client, pinned):
    walk_to = answers_for("mediation")
    for step in ("what", "council", "who", "child", "your-name", "contact", "about"):
        client.post(f"/request/{step}/", walk_to[step])
    client.post("/request/decision-date/", walk_to["decision-date"])
    client.post("/request/health/", walk_to["health"])
    response = client.post("/request/interpreter/", {})
    assert response.status_code == 400
    assert "Select if you need an interpreter" in response.content.decode()
    response = client.post("/request/interpreter/", {"interpreter": ["spoken"]})
    assert response.status_code == 400
    assert "Enter the language you need an interpreter for" in response.content.decode()
    response = client.post("/request/interpreter/", {"interpreter": ["spoken", "none"]})
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    html = client.get("/request/interpreter/").content.decode()
    assert 'data-behaviour="exclusive"' in html
    assert "govuk-checkboxes__conditional" in html
    response = client.post("/request/child-views/", {"child_ways": ["written", "not_taking_part"]})
    assert response.status_code == 400
    response = client.post("/request/supporter/", {"supporter_contact": "pat@example.test"})
    assert "Enter your supporter" in response.content.decode()


def test_a_saved_draft_carries_the_answers_about_taking_part(world, client, pinned):
    walk(client, answers_for("mediation", **POLISH))
    client.post("/request/save/?from=check", {"email": "jordan@example.test"})
    message = OutboxMessage.objects.filter(template="request_saved").latest("pk")
    (link,) = re.findall(r"http://testserver(/saved-request/[^/\s]+/)", message.body)
    other = Client()
    assert other.get(link)["Location"] == "/request/check-your-answers/"
    for key, value in (
        ("interpreter_language", "Polish"),
        ("access", ["step_free", "quiet_room"]),
        ("supporter_name", "Pat Friend"),
    ):
        assert other.session["family_request"][key] == value
    case = send(other)
    assert interpreter_language(case) == "Polish"


def test_staff_change_the_needs_on_their_page_once_per_submission(world, case, as_persona):
    client = as_persona("provider_staff")
    url = f"/staff/cases/{case.reference}/taking-part/"
    assert client.get(url).status_code == 200
    data = {
        "interpreter_language": "Urdu",
        "access": ["hearing_loop"],
        "supporter_name": "Pat Friend",
        "supporter_attends": "on",
        "submission_key": "d" * 32,
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click
    assert case.events.filter(type="participation_needs_changed").count() == 1
    assert interpreter_language(case) == "Urdu"
    response = client.post(url, {**data, "access": ["helipad"], "submission_key": "e" * 32})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "What people need to take part" in page and "Urdu" in page
    for persona in ("la_officer", "icb_officer", "colleague"):
        status = as_persona(persona).get(url).status_code
        assert status == (200 if persona == "colleague" else 404)


def test_the_arranging_page_shows_the_needs(world, as_persona, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 10, tzinfo=LONDON), tick=False)
    from sendresolve.cases import services
    from sendresolve.cases.tests.factories import open_case
    from sendresolve.participation.services import needs_give

    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2025, 3, 3), decision_letter_date=dt.date(2025, 3, 1))
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=adviser, case=case, on=dt.date(2025, 3, 4))
    needs_give(
        case=case,
        answers={
            "interpreter_language": "Polish",
            "access": ["step_free"],
            "times_note": "Mornings",
        },
    )
    html = as_persona("provider_staff").get(f"/staff/cases/{case.reference}/meetings/new/")
    text = html.content.decode()
    assert "data-participation-needs" in text
    assert "Polish" in text and "Step-free access (no stairs)" in text and "Mornings" in text


def test_the_family_change_their_needs_and_name_a_supporter_from_their_status_page(world, case):
    client = Client()
    token = token_for(case)
    status = client.get(f"/your-case/{token}/").content.decode()
    assert "What you need to take part" in status
    url = f"/your-case/{token}/taking-part/"
    page = client.get(url)
    assert page.status_code == 200
    key = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode()).group(1)
    data = {"interpreter_language": "Polish", "bsl": "on", "submission_key": key}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click: performed once
    assert case.events.filter(type="participation_needs_changed").count() == 1
    assert needs_for(case).bsl

    url = f"/your-case/{token}/supporter/"
    page = client.get(url).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    response = client.post(url, {"supporter_name": "", "submission_key": key})
    assert response.status_code == 400
    assert "Enter your supporter" in response.content.decode()
    response = client.post(
        url,
        {
            "supporter_name": "Gran Example",
            "supporter_contact": "07700 900982",
            "supporter_attends": "yes",
            "submission_key": key,
        },
    )
    assert response.status_code == 302
    assert Party.objects.get(case=case, role="supporter").phone == "07700 900982"
    status = client.get(f"/your-case/{token}/").content.decode()
    assert "Gran Example" in status and "Polish" in status
    # A link for another case does not reach this one; a made-up one is refused.
    assert Client().get("/your-case/not-a-token/taking-part/").status_code == 404


def test_staff_record_and_share_the_childs_views_on_their_pages(
    world, role_personas, case, as_persona
):
    mediator = as_persona("colleague")
    url = f"/staff/cases/{case.reference}/child-views/new/"
    assert mediator.get(url).status_code == 200
    data = {
        "way": "drawing",
        "text": "A picture of me at school with my friend.",
        "consent_on_0": "15",
        "consent_on_1": "1",
        "consent_on_2": "2025",
        "submission_key": "a" * 32,
    }
    response = mediator.post(url, data)
    assert response.status_code == 400  # consent not ticked
    assert "Confirm that they agreed" in response.content.decode()
    assert mediator.post(url, {**data, "consent": "on"}).status_code == 302
    views = ChildViews.objects.get()
    adviser = as_persona("adviser")  # an adviser only: not a mediator, not a manager
    assert adviser.get(url).status_code == 404  # only a mediator records them
    share = f"/staff/cases/{case.reference}/child-views/{views.pk}/share/"
    assert as_persona("la_officer").get(share).status_code == 404
    adviser = as_persona("adviser")  # any of the provider's staff records the agreement
    response = adviser.post(
        share,
        {
            "agreed_by": "Alex Example",
            "on_0": "20",
            "on_1": "1",
            "on_2": "2025",
            "submission_key": "b" * 32,
        },
    )
    assert response.status_code == 302
    views.refresh_from_db()
    assert views.shared_on == dt.date(2025, 1, 20)
    assert adviser.get(share).status_code == 404  # already shared
    assert not ParticipationNeeds.objects.exists()
    assert Case.objects.count() == 1
