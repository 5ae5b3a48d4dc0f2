"""The decision-letter page and PDF: personas, the paragraph, and errors shown GOV.UK style."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sendresolve.audit.models import AuditEvent
from sendresolve.core import clock

PAGE = "/staff/local-authorities/302/decision-letter/"
PDF = "/staff/local-authorities/302/decision-letter.pdf"
OTHER_PAGE = "/staff/local-authorities/882/decision-letter/"
LA_PAGE = "/staff/local-authorities/302/"

VALID = {
    "letter_date_0": "31",
    "letter_date_1": "1",
    "letter_date_2": "2024",
    "decision": "plan_contents",
}


@pytest.fixture
def barnet(world):
    la = world.local_authority
    la.send_team_email = "send@barnet.example"
    la.save()
    return la


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(
    ("persona", "page", "other_page"),
    [
        ("provider_staff", 200, 404),
        ("colleague", 200, 404),
        ("other_provider", 404, 200),
        ("la_officer", 200, 404),
        ("other_la", 404, 200),
        ("icb_officer", 404, 404),
        ("administrator", 200, 200),
    ],
)
def test_page_is_for_the_las_officers_its_provider_and_administrators(
    as_persona, barnet, persona, page, other_page
):
    client = as_persona(persona)

    assert client.get(PAGE).status_code == page
    assert client.get(OTHER_PAGE).status_code == other_page
    assert client.get(PAGE, VALID).status_code == page
    assert client.get(PDF, {"date": "2024-01-31", "decision": "plan_contents"}).status_code == (
        page
    )


def test_anonymous_visitors_are_sent_to_sign_in(as_persona, barnet):
    for path in (PAGE, PDF):
        response = as_persona("anonymous").get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/?next=")


def test_form_starts_with_today_and_the_send_teams_contact(as_persona, barnet):
    html = as_persona("la_officer").get(PAGE).content.decode()
    today = clock.today()

    assert "Mediation paragraph for a decision letter" in html
    assert f'name="letter_date_0" type="text" value="{today.day}"' in html
    assert 'value="send@barnet.example"' in html
    assert "Only the school or college named in the plan (section I)" in html
    assert "No mediation certificate is needed to appeal." in html
    assert 'id="decision-letter-paragraph"' not in html


def test_own_officers_name_is_filled_in(as_persona, world, barnet):
    officer = world.users["la_officer"]
    officer.first_name, officer.last_name = "Lee", "Officer"
    officer.save()

    assert 'value="Lee Officer"' in as_persona("la_officer").get(PAGE).content.decode()
    assert 'value="Lee Officer"' not in as_persona("administrator").get(PAGE).content.decode()


def test_valid_details_show_the_paragraph_with_dates_pdf_link_and_text(as_persona, barnet):
    response = as_persona("la_officer").get(PAGE, {**VALID, "contact_person": "Lee Officer"})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="decision-letter-paragraph"' in html
    for key in "abcdef":
        assert f'id="reg32-{key}"' in html
    assert "The mediation adviser for Barnet is Alpha Mediation" in html
    assert "Contact the mediation adviser by <strong" in html
    assert "Sunday 31 March 2024" in html
    assert "Thursday 28 March 2024" in html
    assert "Tuesday 2 April 2024" in html
    assert "Download PDF" in html
    assert (
        'href="/staff/local-authorities/302/decision-letter.pdf?date=2024-01-31'
        "&amp;decision=plan_contents&amp;name=Lee+Officer" in html
    )
    assert 'readonly="readonly"' in html
    assert "- Contact the mediation adviser by Sunday 31 March 2024" in html
    assert "SEND Regulations 2014 reg 32(a)" in html
    assert "Error:" not in html


def test_placement_only_page_says_no_certificate_is_needed(as_persona, barnet):
    html = as_persona("la_officer").get(PAGE, {**VALID, "decision": "plan_placement"}).content
    html = html.decode()

    assert "You do not need a mediation certificate for this appeal" in html
    assert "You can still ask for mediation if you want to" in html
    assert "Contact the mediation adviser by" not in html


@pytest.mark.parametrize(
    ("change", "message", "href"),
    [
        (
            {"letter_date_0": "", "letter_date_1": "", "letter_date_2": ""},
            "Enter the date of the letter",
            "#id_letter_date_0",
        ),
        ({"letter_date_0": "30", "letter_date_1": "2"}, "must be a real date", "#id_letter_date_0"),
        ({"letter_date_1": ""}, "The date of the letter must include a month", "#id_letter_date_0"),
        ({"letter_date_2": "2013"}, "on or after 1 September 2014", "#id_letter_date_0"),
        ({"decision": ""}, "Choose what the decision is about", "#id_decision"),
        ({"decision": "exclusion"}, "Choose what the decision is about", "#id_decision"),
        ({"contact_email": "not-an-email"}, "Enter an email address", "#id_contact_email"),
    ],
)
def test_bad_details_show_the_error_summary(as_persona, barnet, change, message, href):
    response = as_persona("la_officer").get(PAGE, {**VALID, **change})
    html = response.content.decode()

    assert response.status_code == 400
    assert "<title>Error:" in html
    assert "There is a problem" in html
    assert message in html
    assert f'href="{href}"' in html
    assert 'id="decision-letter-paragraph"' not in html


def test_a_date_more_than_a_year_ahead_is_refused(as_persona, barnet):
    ahead = clock.today() + dt.timedelta(days=400)
    response = as_persona("la_officer").get(
        PAGE,
        {
            **VALID,
            "letter_date_0": ahead.day,
            "letter_date_1": ahead.month,
            "letter_date_2": ahead.year,
        },
    )

    assert response.status_code == 400
    assert "must be within the next year" in response.content.decode()


def test_no_provider_on_the_letter_date_is_explained(as_persona, barnet):
    # The world's commission starts on 1 April 2023.
    response = as_persona("la_officer").get(
        PAGE, {**VALID, "letter_date_0": "31", "letter_date_1": "3", "letter_date_2": "2023"}
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert "No mediation provider is recorded for Barnet on Friday 31 March 2023" in html
    assert 'href="#id_letter_date_0"' in html


def test_no_local_authority_contact_asks_for_one(as_persona, world):
    response = as_persona("la_officer").get(PAGE, VALID)
    html = response.content.decode()

    assert response.status_code == 400
    assert "None is recorded for the Barnet SEND team" in html
    assert 'href="#id_contact_phone"' in html
    assert (
        as_persona("la_officer").get(PAGE, {**VALID, "contact_phone": "020 7946 0302"}).status_code
        == 200
    )


def test_pdf_has_the_paragraph_and_is_audited(as_persona, barnet, world):
    response = as_persona("la_officer").get(
        PDF, {"date": "2024-01-31", "decision": "plan_contents", "name": "Lee Officer"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="mediation-paragraph-302-2024-01-31.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "The mediation adviser for Barnet is Alpha Mediation" in text
    assert "Contact the mediation adviser by Sunday 31 March 2024" in text
    assert "by 5pm on Tuesday 2 April 2024" in text
    assert "Lee Officer" in text
    event = AuditEvent.objects.get(action="decision_letter.download")
    assert event.actor == world.users["la_officer"]
    assert event.local_authority == barnet
    assert event.detail == {"letter_date": "2024-01-31", "decision": "plan_contents"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"decision": "plan_contents"}, "Enter the date of the letter"),
        ({"date": "2024-02-30", "decision": "plan_contents"}, "must be a real date"),
        ({"date": "31/01/2024", "decision": "plan_contents"}, "must include"),
        ({"date": "2024-01-31"}, "Choose what the decision is about"),
    ],
)
def test_pdf_with_bad_parameters_shows_the_form_with_errors(as_persona, barnet, query, message):
    response = as_persona("la_officer").get(PDF, query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action="decision_letter.download").exists()


@pytest.mark.parametrize(
    ("persona", "linked"),
    [
        ("la_officer", True),
        ("provider_staff", True),
        ("administrator", True),
        ("icb_officer", False),
    ],
)
def test_la_page_links_to_the_decision_letter_for_those_who_can_use_it(
    as_persona, barnet, persona, linked
):
    html = as_persona(persona).get(LA_PAGE).content.decode()

    assert (f'href="{PAGE}"' in html) is linked
