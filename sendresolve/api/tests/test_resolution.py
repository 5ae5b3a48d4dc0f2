"""After the tribunal and disagreement resolution through the API, with each persona's token."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.tribunal.models import ComplianceStep, Recommendation, TribunalDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 5, 21, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2024, 3, 5), subjects=("refusal_to_issue_plan",))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    # The family appealed and told the adviser: the LA now has something to do on the case
    # (privacy by stage) and sees it.
    services.proceeding_record(
        actor=adviser, case=case, kind="tribunal_appeal", started_on=dt.date(2024, 3, 20)
    )
    return case


def act(client, case, **body):
    return client.post(f"/api/v1/cases/{case.reference}/actions", body, format="json")


DECISION = {
    "action": "tribunal_decision_record",
    "outcome": "order",
    "decided_on": "2024-05-20",
    "orders": ["make_plan"],
    "recommendations": [
        {"area": "health", "text": "Therapy assessment", "commissioning_body": "QMJ"},
        {"area": "social_care", "text": "Short breaks"},
    ],
}


def test_la_records_the_order_and_its_clocks_come_back_named(api, certified):
    response = act(api("la_officer"), certified, **DECISION)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "after_tribunal"
    listed = api("la_officer").get(f"/api/v1/cases/{certified.reference}/deadlines").json()
    rows = {r["deadline_id"]: r for r in listed}
    assert rows["order_draft_plan"]["due_on"] == "2024-06-24"
    assert rows["order_final_plan"]["due_on"] == "2024-08-05"
    assert rows["order_final_plan"]["responsible_name"] == "Barnet"
    health = [r for r in listed if r["responsible"] == "commissioning_body"]
    assert [r["responsible_name"] for r in health] == ["NHS North Central London ICB"]
    assert health[0]["due_on"] == "2024-06-24"


def test_the_icb_replies_by_api_and_may_not_record_decisions(api, certified):
    assert act(api("provider_staff"), certified, **DECISION).status_code == 200
    icb = api("icb_officer")
    assert act(icb, certified, **DECISION).status_code == 403
    health = Recommendation.objects.get(area="health")
    social = Recommendation.objects.get(area="social_care")
    body = {"action": "recommendation_respond", "on": "2024-05-21", "response": "will_follow"}
    assert act(icb, certified, recommendation=social.pk, **body).status_code == 403
    assert act(icb, certified, recommendation=health.pk, **body).status_code == 200
    health.refresh_from_db()
    assert health.responded_on == dt.date(2024, 5, 21)


def test_other_tenants_get_404_and_bad_ids_get_400(api, certified, world):
    assert act(api("provider_staff"), certified, **DECISION).status_code == 200
    assert act(api("other_la"), certified, **DECISION).status_code == 404
    assert act(api("other_provider"), certified, **DECISION).status_code == 404
    step = ComplianceStep.objects.first()
    bad = act(
        api("la_officer"),
        certified,
        action="duty_step_complete",
        step=step.pk + 999,
        on="2024-05-21",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    good = act(
        api("la_officer"), certified, action="duty_step_complete", step=step.pk, on="2024-05-21"
    )
    assert good.status_code == 200
    assert TribunalDecision.objects.count() == 1


def test_an_impossible_decision_is_a_400_problem_and_changes_nothing(api, certified):
    response = act(api("la_officer"), certified, **{**DECISION, "orders": []})
    assert response.status_code == 400
    assert "orders" in response.json()["errors"]
    assert not TribunalDecision.objects.exists()


def test_dr_participation_by_api(api, world, time_machine):
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
    la = services.party_add(
        actor=world.users["provider_staff"], case=case, role="la_officer", name="Pat"
    )
    body = {"action": "participation_record", "party": la.pk, "agrees": True, "on": "2024-12-02"}
    response = act(api("la_officer"), case, **body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "parties_agreed"
    assert data["dr_type"] == "family_body_duties"
    assert "session_schedule" in data["allowed_actions"]
    assert "advice_give" not in data["allowed_actions"]
    assert {p["name"]: p["participation"] for p in data["parties"]} == {
        "Jo": "agreed",
        "Pat": "agreed",
    }
