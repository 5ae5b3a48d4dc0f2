"""'Tell us what you think' and 'Ask for this in another format', from every page."""

import pytest

from sendresolve.cases.tests.factories import open_case
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.public.family import links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/contacts/", "/request/what/", "/your-case/new-link/"])
def test_every_family_page_links_to_feedback_and_formats_with_its_path(world, client, path):
    html = client.get(path).content.decode()
    assert "Tell us what you think" in html
    assert "Ask for this in another format" in html
    assert "/feedback/?page=" in html and "/another-format/?page=" in html


def test_the_status_page_never_passes_its_link_on(world, client):
    case = open_case(world)
    token = links.token_for(case)
    html = client.get(f"/your-case/{token}/").content.decode()
    footer = html.split('class="govuk-footer"')[1]
    assert token not in footer
    assert "/feedback/?page=/your-case/" in footer


def test_feedback_is_stored_with_the_page(world, client):
    page = client.get("/feedback/", {"page": "/request/about/"}).content.decode()
    assert 'value="/request/about/"' in page
    response = client.post(
        "/feedback/",
        {"satisfaction": "satisfied", "improvement": "More examples", "page": "/request/about/"},
    )
    assert response["Location"] == "/feedback/sent/"
    feedback = Feedback.objects.get()
    assert (feedback.satisfaction, feedback.page) == ("satisfied", "/request/about/")
    assert feedback.provider is None
    assert "Thank you for your feedback" in client.get("/feedback/sent/").content.decode()


def test_feedback_from_a_status_page_is_linked_to_its_provider_without_the_token(world, client):
    case = open_case(world)
    token = links.token_for(case)
    client.get(f"/your-case/{token}/")
    client.post("/feedback/", {"satisfaction": "very_satisfied", "page": f"/your-case/{token}/"})
    feedback = Feedback.objects.get()
    assert feedback.page == "/your-case/"
    assert feedback.provider == world.provider
    assert feedback.local_authority == world.local_authority


def test_feedback_during_a_request_is_linked_to_the_chosen_council(world, client):
    client.post("/request/what/", {"request": "mediation"})
    client.post("/request/council/", {"local_authority": "302"})
    client.post("/feedback/", {"satisfaction": "dissatisfied", "page": "/request/who/"})
    feedback = Feedback.objects.get()
    assert (feedback.local_authority, feedback.provider) == (world.local_authority, world.provider)


def test_feedback_without_an_answer_shows_an_error_and_keeps_the_text(world, client):
    response = client.post("/feedback/", {"improvement": "Keep this text", "page": "/"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Select how you feel about the service" in html
    assert "Keep this text" in html
    assert not Feedback.objects.exists()


def test_a_format_request_is_stored(world, client):
    response = client.post(
        "/another-format/",
        {
            "format": "language",
            "detail": "Polish",
            "name": "Jordan Example",
            "email": "jordan@example.test",
            "page": "/request/what/",
            "local_authority": "302",
        },
    )
    assert response["Location"] == "/another-format/sent/"
    stored = FormatRequest.objects.get()
    assert (stored.format, stored.detail, stored.page) == ("language", "Polish", "/request/what/")
    assert (stored.local_authority, stored.provider) == (world.local_authority, world.provider)
    assert "We have your request" in client.get("/another-format/sent/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "A", "email": "a@example.test"}, "Select the format you need"),
        ({"format": "language", "name": "A", "email": "a@example.test"}, "Enter the language"),
        ({"format": "other", "name": "A", "phone": "0161 496 0000"}, "Tell us what you need"),
        ({"format": "braille", "name": "A"}, "Enter an email address or a phone number"),
        ({"format": "braille", "email": "a@example.test"}, "Enter your name"),
    ],
)
def test_a_format_request_with_errors_keeps_what_was_typed(world, client, data, message):
    response = client.post("/another-format/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and message in html
    for name, value in data.items():
        if name != "format":
            assert f'value="{value}"' in html
    assert not FormatRequest.objects.exists()


def test_the_error_summary_lists_errors_in_the_order_of_the_page(world, client):
    html = client.post("/another-format/", {"format": "language"}).content.decode()
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    language = summary.index("Enter the language you need")
    assert language < summary.index("Enter your name") < summary.index("Enter an email address")
