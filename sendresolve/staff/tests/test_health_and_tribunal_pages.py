"""ICB and LA officers on health, tribunal and disagreement-resolution pages: each sees only
their own cases and actions, never confidential notes; other tenants get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import (
    CommissioningBodyFactory,
    MembershipFactory,
    UserFactory,
)
from sendresolve.tribunal.models import Recommendation
from sendresolve.tribunal.services import RecommendationInput, tribunal_decision_record

pytestmark = pytest.mark.django_db
SECRET = "SECRET-NOTE-health"


@pytest.fixture
def health_case(world, time_machine):
    """A mixed (education + health) case past the tribunal, with both kinds of recommendation."""
    time_machine.move_to(dt.datetime(2024, 6, 3, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 3, 5),
        subjects=("plan_provision", "plan_health_or_social_care"),
        health_care_in_issue=True,
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.note_add(actor=adviser, case=case, text=SECRET)
    tribunal_decision_record(
        actor=adviser,
        case=case,
        outcome="order",
        decided_on=dt.date(2024, 5, 20),
        orders=["amend_plan"],
        recommendations=[
            RecommendationInput("health", "Occupational therapy", world.commissioning_body),
            RecommendationInput("social_care", "Short breaks"),
        ],
    )
    case.refresh_from_db()
    return case


def rec(case, area):
    return Recommendation.objects.get(case=case, area=area)


def test_icb_officer_sees_the_health_case_but_never_the_confidential_note(as_persona, health_case):
    html = as_persona("icb_officer").get(reverse("staff:case", args=[health_case.reference]))
    assert html.status_code == 200
    text = html.content.decode()
    assert SECRET not in text
    assert "NHS North Central London ICB" in text
    # The ICB's reply is due 5 weeks after Mon 20 May 2024: Mon 24 June 2024.
    assert "Monday 24 June 2024" in text
    assert "Record the written response" in text
    # Only the LA (or provider) marks the LA's steps done.
    assert "Mark done today" not in text


def test_icb_officer_answers_the_health_recommendation_only(as_persona, health_case):
    client = as_persona("icb_officer")
    health = reverse(
        "staff:recommendation-respond", args=[health_case.reference, rec(health_case, "health").pk]
    )
    social = reverse(
        "staff:recommendation-respond",
        args=[health_case.reference, rec(health_case, "social_care").pk],
    )
    assert client.get(health).status_code == 200
    assert client.get(social).status_code == 404
    assert (
        client.get(reverse("staff:tribunal-decision-new", args=[health_case.reference])).status_code
        == 404
    )
    bad = client.post(
        health, {"on_0": "3", "on_1": "6", "on_2": "2024", "response": "will_not_follow"}
    )
    assert bad.status_code == 400
    assert "govuk-error-summary" in bad.content.decode()
    assert rec(health_case, "health").responded_on is None
    done = client.post(
        health,
        {
            "on_0": "3",
            "on_1": "6",
            "on_2": "2024",
            "response": "partly",
            "detail": "OT funded for 6 weeks",
        },
    )
    assert done.status_code == 302
    row = CaseDeadline.objects.get(
        case=health_case, key=f"recommendation:{rec(health_case, 'health').pk}"
    )
    assert row.state == CaseDeadline.State.MET


def test_la_officer_marks_the_las_steps_and_answers_social_care(as_persona, health_case):
    client = as_persona("la_officer")
    page = client.get(reverse("staff:case", args=[health_case.reference])).content.decode()
    assert SECRET not in page
    assert "Mark done today" in page
    step = health_case.duties.get().steps.get()
    assert (
        client.post(
            reverse("staff:duty-step-done", args=[health_case.reference, step.pk])
        ).status_code
        == 302
    )
    step.refresh_from_db()
    assert step.done_on == dt.date(2024, 6, 3)
    health = reverse(
        "staff:recommendation-respond", args=[health_case.reference, rec(health_case, "health").pk]
    )
    social = reverse(
        "staff:recommendation-respond",
        args=[health_case.reference, rec(health_case, "social_care").pk],
    )
    assert client.get(health).status_code == 404
    assert client.get(social).status_code == 200


@pytest.mark.parametrize("persona", ["other_la", "other_provider"])
def test_other_tenants_get_404_on_every_health_and_tribunal_page(as_persona, health_case, persona):
    client = as_persona(persona)
    step = health_case.duties.get().steps.get()
    for url in (
        reverse("staff:case", args=[health_case.reference]),
        reverse("staff:tribunal-decision-new", args=[health_case.reference]),
        reverse(
            "staff:recommendation-respond",
            args=[health_case.reference, rec(health_case, "health").pk],
        ),
        reverse("staff:party-new", args=[health_case.reference]),
        reverse("staff:proceeding-new", args=[health_case.reference]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("staff:duty-step-done", args=[health_case.reference, step.pk])
        ).status_code
        == 404
    )
    step.refresh_from_db()
    assert step.done_on is None


def test_an_officer_of_another_icb_gets_404(client, world, health_case):
    other = CommissioningBodyFactory(ods_code="QKK", name="NHS South East London ICB")
    user = UserFactory(username="commissioner@sel.test")
    MembershipFactory(user=user, role=Role.HEALTH_COMMISSIONER, commissioning_body=other)
    client.force_login(user)
    assert client.get(reverse("staff:case", args=[health_case.reference])).status_code == 404
    url = reverse(
        "staff:recommendation-respond", args=[health_case.reference, rec(health_case, "health").pk]
    )
    assert client.get(url).status_code == 404


def test_icb_work_queue_lists_only_its_cases(as_persona, world, health_case, time_machine):
    unrelated = open_case(world, opened_on=dt.date(2024, 5, 1), subjects=("refusal_to_assess",))
    html = as_persona("icb_officer").get(reverse("staff:home")).content.decode()
    assert health_case.reference in html
    assert unrelated.reference not in html


def test_dr_case_page_records_a_partys_answer(as_persona, world, time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 2, 10, tzinfo=LONDON), tick=False)
    case = services.case_open(
        actor=world.users["provider_staff"],
        provider=world.provider,
        local_authority=world.local_authority,
        kind="disagreement_resolution",
        dr_type="family_body_duties",
        child_name="Robin",
        requester="parent",
        requester_name="Jo",
        email="jo@example.test",
        issues=[IssueInput("delay", with_body="local_authority")],
        opened_on=dt.date(2024, 12, 2),
    )
    client = as_persona("provider_staff")
    response = client.post(
        reverse("staff:party-new", args=[case.reference]),
        {"role": "la_officer", "name": "Pat Officer", "organisation": "Barnet"},
    )
    assert response.status_code == 302
    party = case.parties.get(role="la_officer")
    page = (
        as_persona("la_officer").get(reverse("staff:case", args=[case.reference])).content.decode()
    )
    assert "Not answered" in page
    assert "Agrees today" in page
    response = as_persona("la_officer").post(
        reverse("staff:participation", args=[case.reference, party.pk]), {"answer": "agreed"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "parties_agreed"
    blank = as_persona("provider_staff").post(
        reverse("staff:party-new", args=[case.reference]), {"role": "school"}
    )
    assert blank.status_code == 400
    assert "Enter their name" in blank.content.decode()


def test_each_officers_queue_shows_what_their_own_organisation_owes(world, health_case):
    from sendresolve.cases.selectors import work_queue

    today = dt.date(2024, 6, 3)
    (la_row,) = [
        c for c in work_queue(world.users["la_officer"], today=today) if c.pk == health_case.pk
    ]
    (icb_row,) = [
        c for c in work_queue(world.users["icb_officer"], today=today) if c.pk == health_case.pk
    ]
    # The LA's next step is the amended plan (5 weeks from 20 May: 24 June); the ICB's is its
    # reply to the health recommendation, due the same day; the titles tell them apart.
    assert la_row.next_due == dt.date(2024, 6, 24)
    assert "amended plan" in la_row.next_due_title
    assert icb_row.next_due == dt.date(2024, 6, 24)
    assert icb_row.next_due_title == "Reply in writing to the tribunal's health recommendation"
