"""The family's status page, issue 20: what they asked for in their words, the written
agreement and its actions (never the confidential note), and the certificate with the
tribunal's appeal form and guidance, in the page and in the certificate email."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.core.cache import cache

from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseEvent
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM, TRIBUNAL_GUIDANCE
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import links
from sendresolve.public.family.status import family_agreement, requested_label
from sendresolve.public.tests.status_factories import AGREEMENT, SECRET, agreed_case

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 5, 21, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned(time_machine):
    cache.clear()
    time_machine.move_to(NOW, tick=False)


def status_html(client, case) -> str:
    response = client.get(f"/your-case/{links.token_for(case)}/")
    assert response.status_code == 200
    return response.content.decode()


def asked_for(html: str) -> str:
    found = re.search(r"You asked for\s*</dt>\s*<dd[^>]*>\s*(.*?)\s*</dd>", html, re.S)
    assert found, "no 'You asked for' row"
    return found.group(1)


def online(world, request: str, subject: str = "refusal_to_assess"):
    return services.case_request_online(
        local_authority=world.local_authority,
        request=request,
        child_name="Ola Example",
        requester="parent",
        requester_name="Kim Example",
        email="kim@example.test",
        issues=[IssueInput(subject)],
        decision_letter_date=dt.date(2024, 5, 1),
        decision_description="They said Ola does not need an assessment",
    )


@pytest.mark.parametrize(
    "request_type, words",
    [
        ("mediation_advice", "Mediation advice"),
        ("mediation", "Mediation"),
    ],
)
def test_what_they_asked_for_is_said_in_their_words(world, client, request_type, words):
    case = online(world, request_type)
    assert case.requested == request_type
    assert case.kind == "mediation"
    html = status_html(client, case)
    shown = asked_for(html)
    assert shown.startswith(words)
    assert ("advice" in shown.lower()) is (request_type == "mediation_advice")
    # What they wrote, and the issue as the request form words it.
    assert "More about it" in html
    assert "They said Ola does not need an assessment" in html
    assert "The council will not do an EHC needs assessment" in html


def test_disagreement_resolution_is_named_as_asked(world, client):
    case = online(world, "disagreement_resolution", "support_without_plan")
    assert asked_for(status_html(client, case)) == "Disagreement resolution"


def test_staff_opened_cases_follow_their_kind_unless_told(world):
    assert open_case(world).requested == "mediation"
    told = open_case(world, requested="mediation_advice")
    assert requested_label(told).startswith("Mediation advice")
    with pytest.raises(ValidationError):
        open_case(world, requested="a holiday")


def test_the_migration_backfills_what_was_asked_from_the_request_or_the_kind(world):
    advice = online(world, "mediation_advice")
    mediation = open_case(world)
    Case.objects.update(requested="")
    migration = importlib.import_module("sendresolve.cases.migrations.0017_case_requested")
    migration.requested_backfill(apps, None)
    advice.refresh_from_db()
    mediation.refresh_from_db()
    assert advice.requested == "mediation_advice"
    assert mediation.requested == "mediation"
    assert CaseEvent.objects.filter(case=advice, detail__request="mediation_advice").exists()


def test_the_agreement_and_each_action_are_shown_never_the_confidential_note(world, client):
    case = agreed_case(world)
    html = status_html(client, case)
    assert "What was agreed" in html
    for line in AGREEMENT.splitlines():
        assert line in html
    # What was agreed on the issue, in the family's words.
    assert re.search(
        r"The council will not do an EHC needs assessment\s*</dt>\s*<dd[^>]*>\s*Agreed", html
    )
    cards = html.split('class="govuk-summary-card"')[1:]
    text = [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in cards]
    assert len(text) == 3
    # The council's assessment: reg 44 clocks from the agreement, the last step's date.
    assert (
        "Carry out an EHC needs assessment Who must do it Barnet By 26 August 2024 "
        "Done Not done yet"
    ) in text[0]
    assert (
        "Meet the family to plan support Who must do it School or college By 14 June 2024 "
        "Done Not done yet"
    ) in text[1]
    assert "Send the latest school report Who must do it You By" in text[2]
    assert "Done Done on 20 May 2024" in text[2]
    assert SECRET not in html
    assert "CONFIDENTIAL-NOTE-TEXT" not in html


def test_the_agreement_is_read_in_three_queries_however_many_actions(
    world, django_assert_num_queries
):
    # As the status page has it: with its provider, council and health body.
    case = links.case_for_token(links.token_for(agreed_case(world)))
    with django_assert_num_queries(3):
        agreement = family_agreement(case)
    assert agreement is not None and len(agreement.actions) == 3


def test_no_agreement_section_before_one_is_recorded(world, client):
    html = status_html(client, open_case(world))
    assert "What was agreed" not in html
    assert family_agreement(open_case(world)) is None


def test_the_certificate_part_links_the_pdf_and_the_tribunal(world, client):
    case = agreed_case(world)
    certificate = case.certificates.get()
    html = status_html(client, case)
    assert f"/certificates/{certificate.number}.pdf" in html
    assert TRIBUNAL_APPEAL_FORM in html
    assert TRIBUNAL_GUIDANCE in html


def test_the_certificate_email_links_the_pdf_and_the_appeal_form(world, client, settings):
    settings.SENDRESOLVE_BASE_URL = "https://send.example.test"
    case = agreed_case(world)
    certificate = case.certificates.get()
    message = OutboxMessage.objects.get(template="certificate_issued")
    body = message.body
    link = message.personalisation["certificate_link"]
    assert link.startswith("https://send.example.test/your-case/")
    assert link.endswith(f"/certificates/{certificate.number}.pdf")
    assert message.personalisation["new_link"] == "https://send.example.test/your-case/new-link/"
    assert TRIBUNAL_APPEAL_FORM in body and TRIBUNAL_GUIDANCE in body
    # The link in the email downloads the certificate.
    response = client.get(link.removeprefix("https://send.example.test"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
