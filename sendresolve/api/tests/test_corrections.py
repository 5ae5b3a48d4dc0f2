"""Corrections through the API: ``PATCH /api/v1/cases/{reference}`` and the correction actions."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import CaseEvent, Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    return open_case(world, decision_letter_date=dt.date(2024, 3, 1))


def url(case) -> str:
    return reverse("api:case-detail", kwargs={"reference": case.reference})


def test_patching_the_letter_date_moves_the_appeal_deadline(api, case):
    response = api("provider_staff").patch(
        url(case),
        {"decision_letter_date": "2024-03-08", "reason": "The letter is dated 8 March."},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["decision_letter_date"] == "2024-03-08"
    assert body["corrected"] == ["decision_letter_date"]
    assert "The appeal deadline moved from 1 May 2024 to 8 May 2024." in body["moved"]
    events = api("provider_staff").get(
        reverse("api:case-events", kwargs={"reference": case.reference})
    )
    (corrected,) = [e for e in events.json() if e["type"] == "details_corrected"]
    change = corrected["detail"]["changes"]["decision_letter_date"]
    assert (change["before"], change["after"]) == ("2024-03-01", "2024-03-08")
    assert corrected["detail"]["reason"] == "The letter is dated 8 March."


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"opened_on": "2024-03-01", "reason": "x"}, "opened_on", "Unknown field."),
        ({"decision_letter_date": "2024-02-30", "reason": "x"}, "decision_letter_date", ""),
        ({"decision_letter_date": "2024-03-08"}, "reason", "Enter why the date"),
        ({"email": "not an email"}, "email", ""),
        ({"reason": "Nothing else"}, "non_field_errors", "at least one field"),
        ({"child_name": "Sam Example"}, "child_name", "Nothing was changed"),
        ({"decision_letter_date": "2099-01-01", "reason": "x"}, "decision_letter_date", "future"),
    ],
)
def test_bad_patches_are_problems_on_the_field_and_change_nothing(api, case, body, field, message):
    response = api("provider_staff").patch(url(case), body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    errors = response.json()["errors"]
    assert field in errors
    assert message in " ".join(errors[field])
    case.refresh_from_db()
    assert case.decision_letter_date == dt.date(2024, 3, 1)
    assert not CaseEvent.objects.filter(case=case, type="details_corrected").exists()


def test_a_retried_patch_is_recorded_once(api, case):
    client = api("provider_staff")
    body = {"email": "right@example.test"}
    answers = [
        client.patch(url(case), body, format="json", HTTP_IDEMPOTENCY_KEY="fix-email")
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].json()["corrected"] == ["email"]
    assert CaseEvent.objects.filter(case=case, type="details_corrected").count() == 1


# An LA officer does not see a case before the family asks for mediation (privacy by stage):
# a 404, as for another provider; once it sees the case, correcting it is refused (403).
@pytest.mark.parametrize(("persona", "status"), [("la_officer", 404), ("other_provider", 404)])
def test_only_the_providers_staff_correct(api, case, persona, status):
    response = api(persona).patch(url(case), {"email": "x@example.test"}, format="json")
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM


def test_an_la_officer_who_sees_the_case_may_not_correct_it(world, api, case):
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=case.opened_on)
    services.mediation_request(actor=adviser, case=case, on=case.opened_on)
    assert api("la_officer").get(url(case)).status_code == 200
    response = api("la_officer").patch(url(case), {"email": "x@example.test"}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_issues_and_parties_are_corrected_through_the_actions(api, case):
    client = api("provider_staff")
    actions = reverse("api:case-actions", kwargs={"reference": case.reference})
    offered = {row["action"]: row for row in client.get(actions).json()}
    assert offered["case_correct"]["endpoint"] == url(case)
    added = client.post(
        actions,
        {"action": "issue_add", "subject": "plan_provision", "description": "Therapy"},
        format="json",
    )
    assert added.status_code == 200
    issue = next(i for i in added.json()["issues"] if i["subject"] == "plan_provision")
    reworded = client.post(
        actions,
        {
            "action": "issue_correct",
            "issue": issue["id"],
            "subject": "plan_needs",
            "description": "Speech and language needs",
        },
        format="json",
    )
    assert reworded.status_code == 200
    assert {i["subject"] for i in reworded.json()["issues"]} == {"refusal_to_assess", "plan_needs"}
    removed = client.post(
        actions, {"action": "issue_remove", "issue": issue["id"], "reason": "Wrong"}, format="json"
    )
    assert [i["subject"] for i in removed.json()["issues"]] == ["refusal_to_assess"]
    party = case.parties.first()
    fixed = client.post(
        actions,
        {"action": "party_correct", "party": party.pk, "access_needs": "A hearing loop"},
        format="json",
    )
    assert fixed.status_code == 200
    party.refresh_from_db()
    assert party.access_needs == "A hearing loop"
    assert {p["id"]: p["access_needs"] for p in fixed.json()["parties"]}[party.pk] == (
        "A hearing loop"
    )
    unknown = client.post(
        actions, {"action": "party_correct", "party": party.pk, "nickname": "A"}, format="json"
    )
    assert unknown.status_code == 400
    assert "nickname" in unknown.json()["errors"]


def test_a_corrected_certificate_through_the_api(world, api, time_machine):
    adviser = world.users["provider_staff"]
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    case = open_case(world, decision_letter_date=dt.date(2024, 3, 1))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    old = services.certificate_issue(actor=adviser, case=case)
    time_machine.move_to(dt.datetime(2024, 4, 10, 9, tzinfo=LONDON), tick=False)
    client = api("provider_staff")
    patched = client.patch(url(case), {"requester_name": "Alex Exampel"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["certificates_outdated"] == [old.number]
    actions = reverse("api:case-actions", kwargs={"reference": case.reference})
    offered = {row["action"]: row for row in client.get(actions).json()}
    assert offered["certificate_correct"]["items"] == [old.pk]
    response = client.post(
        actions, {"action": "certificate_correct", "certificate": old.number}, format="json"
    )
    assert response.status_code == 200
    old.refresh_from_db()
    assert old.superseded_by is not None
    assert old.superseded_by.replaces_number == old.number
    listed = client.get(reverse("api:case-certificates", kwargs={"reference": case.reference}))
    assert sorted(c["number"] for c in listed.json()) == sorted(
        Certificate.objects.filter(case=case).values_list("number", flat=True)
    )
    assert len(listed.json()) == 2
    first, second = listed.json()
    assert (first["number"], first["superseded_on"], first["replaces"]) == (
        old.number,
        "2024-04-10",
        "",
    )
    assert (second["superseded_on"], second["replaces"]) == (None, old.number)
