"""Routes the finder used to get wrong (issue 24), each with a concrete situation."""

import datetime as dt

import pytest

from sendresolve.law.routes import advise

from .test_routes import routes, situation

TODAY = dt.date(2024, 5, 1)


def route(data, route_id, today=TODAY):
    found = [r for r in advise(data, today=today)["routes"] if r["id"] == route_id]
    return found[0] if found else None


@pytest.mark.parametrize(
    "about",
    [
        "refusal_to_issue_plan",
        "plan_needs",
        "plan_provision",
        "plan_placement",
        "refusal_to_reassess",
        "refusal_to_amend",
        "cease_to_maintain",
    ],
)
def test_recommendations_are_offered_on_every_appeal_under_s51_2_b_to_f(about):
    # No health or social care was mentioned: the family must still be told of the power.
    found = route(situation([about]), "tribunal_recommendations")

    assert found is not None
    assert "if you also disagree with the health or social care parts" in found["why"].lower()
    assert any("s.51(2)(b)–(f)" in law for law in found["legal_basis"])


def test_recommendations_are_not_offered_on_a_refusal_to_assess():
    assert "tribunal_recommendations" not in routes(situation(["refusal_to_assess"]))


def test_a_recommendation_made_stays_on_the_advice_beside_its_5_week_reply_date():
    data = situation(["other"], dates={"recommendation_made": "2024-04-10"})
    advice = advise(data, today=TODAY)
    found = route(data, "tribunal_recommendations")

    assert "The reply is due by Wednesday 15 May 2024." in found["why"]
    deadline = {d["id"]: d for d in advice["deadlines"]}["recommendation_response"]
    assert deadline["date"] == "2024-05-15"
    assert "judicial_review" in routes(data)


def test_refused_personal_budget_has_no_appeal_but_complaint_ombudsman_and_judicial_review():
    data = situation(["personal_budget"])
    ids = routes(data)

    assert "tribunal_appeal" not in ids and "mediation_advice" not in ids
    assert {"local_authority_complaint", "lgsco", "judicial_review"} <= set(ids)
    complaint = route(data, "local_authority_complaint")
    assert "cannot appeal" in complaint["why"]
    assert "Children and Families Act 2014 s.49" in complaint["legal_basis"]


def test_at_25_there_is_no_appeal_against_a_refusal_to_assess():
    data = situation(["refusal_to_assess"], age=25, requester="young_person", has_ehc_plan=False)
    advice = advise(data, today=TODAY)
    ids = [r["id"] for r in advice["routes"]]

    assert "tribunal_appeal" not in ids and "mediation_advice" not in ids
    assert advice["mediation_certificate_required"] is None
    assert any("s.83(2)" in w and "reg 46" in w for w in advice["warnings"])


def test_at_24_the_young_person_can_still_appeal_a_refusal_to_assess():
    data = situation(["refusal_to_assess"], age=24, requester="young_person", has_ehc_plan=False)
    advice = advise(data, today=TODAY)

    assert "tribunal_appeal" in [r["id"] for r in advice["routes"]]
    assert not any("s.83(2)" in w for w in advice["warnings"])


def test_at_25_an_existing_plan_can_still_be_appealed_about():
    data = situation(["cease_to_maintain"], age=25, requester="young_person")

    assert "tribunal_appeal" in routes(data)


def test_maintained_nursery_school_discrimination_goes_to_the_send_tribunal():
    data = situation(
        ["disability_discrimination"],
        ["early_years"],
        age=3,
        early_years_setting="maintained_nursery_school",
        dates={"discrimination_act": "2024-03-10"},
    )
    advice = advise(data, today=TODAY)
    ids = [r["id"] for r in advice["routes"]]

    assert "disability_discrimination_claim" in ids
    assert "county_court_discrimination_claim" not in ids
    assert advice["mediation_certificate_required"] is False
    assert {d["id"] for d in advice["deadlines"]} == {"disability_discrimination_claim"}


@pytest.mark.parametrize("setting", ["other", None])
def test_other_early_years_discrimination_goes_to_the_county_court(setting):
    extra = {"early_years_setting": setting} if setting else {}
    data = situation(["disability_discrimination"], ["early_years"], age=3, **extra)
    ids = routes(data)

    assert "county_court_discrimination_claim" in ids
    assert "disability_discrimination_claim" not in ids


def test_council_discrimination_in_its_own_services_adds_complaint_and_ombudsman():
    data = situation(["disability_discrimination"], ["local_authority"])
    ids = routes(data)

    assert {"county_court_discrimination_claim", "local_authority_complaint", "lgsco"} <= set(ids)
    assert "Equality Act 2010 s.29" in route(data, "local_authority_complaint")["legal_basis"]


@pytest.mark.parametrize("about", ["delay", "order_or_agreement_not_followed"])
def test_secretary_of_state_is_not_offered_for_a_health_body(about):
    data = situation([about], ["health"])
    ids = routes(data)

    assert "secretary_of_state_complaint" not in ids
    assert {"nhs_complaint", "phso", "judicial_review"} <= set(ids)
    assert "Secretary of State for Education cannot" in route(data, "nhs_complaint")["why"]


def test_secretary_of_state_is_still_offered_for_the_council():
    data = situation(["order_or_agreement_not_followed"], ["local_authority", "health"])

    assert "secretary_of_state_complaint" in routes(data)


def test_council_that_cannot_arrange_mediation_in_30_days_gets_a_complaint_route():
    data = situation(["plan_provision"], dates={"la_cannot_arrange": "2024-04-20"})
    ids = routes(data)
    complaint = route(data, "local_authority_complaint")

    assert {"local_authority_complaint", "lgsco"} <= set(ids)
    assert "within 30 days" in complaint["why"]


def test_no_complaint_route_when_the_council_arranged_mediation():
    data = situation(["plan_provision"], dates={"la_informed_mediation_wanted": "2024-04-20"})

    assert "local_authority_complaint" not in routes(data)
