"""Staff correction pages: pre-filled forms, errors linked to the field, the banner saying what
moved, the timeline's before and after, one correction per submission, corrected certificates."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import CaseEvent, Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    return open_case(world, decision_letter_date=dt.date(2024, 3, 1))


def text(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def decision_body(day="8", reason="", key=KEY):
    return {
        "decision_description": "Decision not to carry out an EHC needs assessment",
        "decision_letter_date_0": day,
        "decision_letter_date_1": "3",
        "decision_letter_date_2": "2024",
        "reason": reason,
        "submission_key": key,
    }


def test_the_details_page_is_pre_filled(as_persona, case):
    response = as_persona("provider_staff").get(
        reverse("staff:correct-details", args=[case.reference])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="alex@example.test"' in html
    assert 'value="Sam Example"' in html


def test_a_letter_date_without_a_reason_is_an_error_on_the_reason_field(as_persona, case):
    url = reverse("staff:correct-decision", args=[case.reference])
    response = as_persona("provider_staff").post(url, decision_body())
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_reason"' in html
    assert "Enter why the date is being corrected" in html
    case.refresh_from_db()
    assert case.decision_letter_date == dt.date(2024, 3, 1)


def test_correcting_the_letter_date_shows_what_moved_and_the_timeline_says_why(as_persona, case):
    client = as_persona("provider_staff")
    url = reverse("staff:correct-decision", args=[case.reference])
    response = client.post(url, decision_body(reason="Letter dated 8 March, not 1 March."))
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Corrected: Date of the decision letter." in page
    assert "The appeal deadline moved from 1 May 2024 to 8 May 2024." in page
    # The timeline: what it said before and after, and why.
    assert "Date of the decision letter: 1 March 2024 → 8 March 2024" in page
    assert "Reason: Letter dated 8 March, not 1 March." in page
    # The banner is shown once.
    assert "Corrected: Date of the decision letter." not in text(client.get(response["Location"]))


def test_the_same_correction_sent_twice_is_recorded_once(as_persona, case):
    client = as_persona("provider_staff")
    url = reverse("staff:correct-decision", args=[case.reference])
    body = decision_body(reason="Wrong date.")
    assert [client.post(url, body).status_code for _ in range(2)] == [302, 302]
    assert CaseEvent.objects.filter(case=case, type="details_corrected").count() == 1
    assert AuditEvent.objects.filter(action="case.case_correct").count() == 1


def test_an_la_officer_cannot_open_the_correction_pages(as_persona, case):
    client = as_persona("la_officer")
    for name in ("staff:correct-details", "staff:correct-decision", "staff:issue-new"):
        assert client.get(reverse(name, args=[case.reference])).status_code == 404


def test_a_party_is_corrected_on_its_page(world, as_persona, case):
    party = case.parties.first()
    client = as_persona("provider_staff")
    url = reverse("staff:party-correct", args=[case.reference, party.pk])
    assert f'value="{party.name}"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": party.name,
            "role": party.role,
            "email": "right@example.test",
            "access_needs": "Step-free access",
            "submission_key": KEY,
        },
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.email, party.access_needs) == ("right@example.test", "Step-free access")


@pytest.fixture
def certified(world, time_machine):
    """A declined case with its certificate issued on 4 April 2024; today is 10 April."""
    adviser = world.users["provider_staff"]
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    case = open_case(world, decision_letter_date=dt.date(2024, 3, 1))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    services.certificate_issue(actor=adviser, case=case)
    time_machine.move_to(dt.datetime(2024, 4, 10, 9, tzinfo=LONDON), tick=False)
    return case


def test_a_correction_after_the_certificate_offers_a_corrected_one(as_persona, certified):
    old = Certificate.objects.get(case=certified)
    client = as_persona("provider_staff")
    case_url = reverse("staff:case", args=[certified.reference])
    assert "Issue a corrected certificate" not in text(client.get(case_url))
    url = reverse("staff:correct-decision", args=[certified.reference])
    assert client.post(url, decision_body(day="15", reason="Wrong date.")).status_code == 302
    page = text(client.get(case_url))
    assert f"Certificate {old.number} no longer says what the case says." in page  # banner
    assert "This certificate no longer says what the case says" in page
    assert "the appeal deadline (7 May 2024 on the certificate, 15 May 2024 now)" in page
    assert "Issue a corrected certificate" in page
    old.refresh_from_db()
    assert old.appeal_deadline == dt.date(2024, 5, 7)

    issue_url = reverse("staff:certificate-correct", args=[certified.reference, old.number])
    again = "f" * 32  # a new form's key (the decision's form had KEY)
    assert client.post(issue_url, {"submission_key": again}).status_code == 302
    assert client.post(issue_url, {"submission_key": again}).status_code == 302  # once only
    new = Certificate.objects.get(case=certified, superseded_on__isnull=True)
    old.refresh_from_db()
    assert old.superseded_by == new and new.number != old.number
    assert new.appeal_deadline == dt.date(2024, 5, 15)
    page = text(client.get(case_url))
    assert f"It replaces certificate {old.number}." in page
    assert "Superseded 10 Apr 2024" in page
    assert "Issue a corrected certificate" not in page
    for number in (old.number, new.number):
        pdf = client.get(reverse("staff:certificate", args=[certified.reference, number]))
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"


def test_a_health_body_is_added_and_removed_while_nothing_is_recorded_against_it(
    world, as_persona, case
):
    client = as_persona("provider_staff")
    body = world.commissioning_body
    new_url = reverse("staff:health-body-new", args=[case.reference])
    response = client.post(new_url, {"commissioning_body": str(body.pk), "submission_key": KEY})
    assert response.status_code == 302
    link = case.health_bodies.get()
    page = text(client.get(reverse("staff:case", args=[case.reference])))
    assert f"{body.name} was added to the case." in page
    remove_url = reverse("staff:health-body-remove", args=[case.reference, link.pk])
    response = client.post(remove_url, {"reason": "Added in error.", "submission_key": "e" * 32})
    assert response.status_code == 302
    assert not case.health_bodies.exists()
    event = CaseEvent.objects.filter(case=case, type="details_corrected").get()
    assert event.detail["changes"]["health_body"]["before"] == body.name
    assert event.detail["reason"] == "Added in error."
    # Once the local authority has notified it, it stays.
    services.health_body_add(
        actor=world.users["provider_staff"], case=case, commissioning_body=body
    )
    link = case.health_bodies.get()
    link.notified_on = dt.date(2024, 3, 20)
    link.save()
    remove_url = reverse("staff:health-body-remove", args=[case.reference, link.pk])
    assert client.get(remove_url).status_code == 404


def test_a_case_without_a_family_party_corrects_its_contact_without_a_requester(
    world, as_persona, time_machine
):
    from sendresolve.cases.services import IssueInput

    time_machine.move_to(dt.datetime(2024, 12, 3, 10, tzinfo=LONDON), tick=False)
    case = services.case_open(
        actor=world.users["provider_staff"],
        provider=world.provider,
        local_authority=world.local_authority,
        kind="disagreement_resolution",
        dr_type="la_health",
        issues=[IssueInput("assessment_or_planning_process", "Who funds it", "health")],
        child_name="Robin Example",
        requester="local_authority",
        requester_name="Pat Officer",
        email="pat.officer@barnet.test",
        opened_on=dt.date(2024, 12, 2),
    )
    client = as_persona("provider_staff")
    url = reverse("staff:correct-details", args=[case.reference])
    assert 'name="requester"' not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "child_name": "Robin Example",
            "requester_name": "Pat Officer",
            "email": "pat@barnet.test",
            "preferred_channel": "email",
            "submission_key": KEY,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.email, case.requester) == ("pat@barnet.test", "local_authority")
