"""The success banner after a staff action: what was done, and who was sent what."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.staff.banners import done_heading, sent_sentences

pytestmark = pytest.mark.django_db


def banner(html: str) -> list[str]:
    """The success banner's heading and sentences, as text."""
    match = re.search(
        r'<div class="govuk-notification-banner govuk-notification-banner--success".*?'
        r'<div class="govuk-notification-banner__content">(.*?)</div>',
        html,
        re.S,
    )
    assert match, "no success banner"
    assert 'id="govuk-notification-banner-title"> Success </h2>' in re.sub(r"\s+", " ", html)
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r">([^<]+)<", match[1])]


@pytest.fixture
def april(time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)


def post_date(client, case, action, day="2"):
    url = reverse("staff:case-action", args=[case.reference, action])
    return client.post(
        url,
        {"on_0": day, "on_1": "4", "on_2": "2024", "submission_key": "a" * 31 + action[0]},
        follow=True,
    )


def test_the_banner_says_what_was_done_and_that_nothing_was_sent(world, as_persona, april):
    case = open_case(world)
    response = post_date(as_persona("provider_staff"), case, "advice_give")
    assert response.redirect_chain[-1][0] == reverse("staff:case", args=[case.reference])
    assert banner(response.content.decode()) == [
        "Recorded that mediation advice was given",
        "No message was sent.",
    ]
    # Shown once: the next page has no banner.
    again = as_persona("provider_staff").get(reverse("staff:case", args=[case.reference]))
    assert "govuk-notification-banner" not in again.content.decode()


def test_the_banner_names_the_officer_the_local_authority_was_told_through(
    world, as_persona, april
):
    adviser = world.users["provider_staff"]
    case = open_case(world)
    case.parties.create(name="Jo Officer", role="la_officer", email="jo@barnet.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    response = post_date(as_persona("provider_staff"), case, "la_inform", day="3")
    assert banner(response.content.decode()) == [
        "Recorded that the local authority was told",
        "Jo Officer (local authority officer with authority to agree) was sent an email.",
    ]


def test_a_repeated_form_says_it_was_done_once(world, as_persona, april):
    case = open_case(world)
    client = as_persona("provider_staff")
    post_date(client, case, "advice_give")
    response = post_date(client, case, "advice_give")
    assert banner(response.content.decode()) == [
        "Recorded that mediation advice was given",
        "This form had already been sent, so it was done only once.",
    ]
    assert case.events.filter(type="advice_given").count() == 1


def test_a_button_on_the_case_page_gets_a_banner_too(world, as_persona, april):
    case = open_case(world)
    response = as_persona("provider_staff").post(
        reverse("staff:note-add", args=[case.reference]),
        {"text": "Called the parent.", "submission_key": "b" * 32},
        follow=True,
    )
    assert banner(response.content.decode()) == [
        "Added a confidential note",
        "No message was sent.",
    ]


def test_headings_come_from_the_catalogue_titles():
    assert done_heading("Issue the mediation certificate") == "Issued the mediation certificate"
    assert done_heading("Cancel the meeting") == "Cancelled the meeting"
    assert done_heading("Frobnicate the case") == "Done: frobnicate the case"


class Message:
    def __init__(self, to, channel="email", status="queued"):
        self.to, self.channel, self.status = to, channel, status


def test_sentences_group_messages_by_recipient_and_channel():
    names = {"alex@example.test": "the family", "07700900123": "the family"}
    queued = [
        Message("alex@example.test"),
        Message("ALEX@example.test"),
        Message("07700900123", channel="sms"),
        Message("send@barnet.test"),
        Message("1 High St\nTown\nAB1 2CD", channel="letter", status="to_post"),
    ]
    assert sent_sentences(queued, names) == [
        "The family was sent 2 emails.",
        "The family was sent a text message.",
        "send@barnet.test was sent an email.",
        "A letter for another recipient is ready to print and post.",
    ]
    assert sent_sentences([], names) == ["No message was sent."]


def test_opening_a_case_says_the_family_was_sent_an_email(world, as_persona, april):
    response = as_persona("provider_staff").post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": "Robin Example",
            "requester": "parent",
            "requester_name": "Alex Example",
            "email": "alex@example.test",
            "preferred_channel": "email",
            "subjects": ["refusal_to_assess"],
            "opened_on_0": "10",
            "opened_on_1": "4",
            "opened_on_2": "2024",
        },
        follow=True,
    )
    assert banner(response.content.decode()) == [
        "Opened the case",
        "The family was sent an email.",
    ]


def test_the_case_pages_note_form_error_links_to_its_field(world, as_persona, april):
    """The case page's one inline form with a field: its error comes back on the case page,
    the error summary linking to the field's id. (The other inline forms are single buttons.)"""
    case = open_case(world)
    response = as_persona("provider_staff").post(
        reverse("staff:note-add", args=[case.reference]), {"text": "", "submission_key": "e" * 32}
    )
    html = response.content.decode()
    assert response.status_code == 400
    hrefs = re.findall(r'<div class="govuk-error-summary".*?href="#([^"]+)"', html, re.S)
    assert hrefs == ["note-text"]
    assert re.search(r'<textarea[^>]*id="note-text"', html)
    assert "Enter the note" in html
    assert html.count("govuk-error-summary__list") == 1
    assert not case.confidential_notes.exists()
