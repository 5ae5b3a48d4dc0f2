"""The route finder: law.md §11 row by row, the advice contract, warnings and wording."""

import datetime as dt

import pytest

from sendresolve.law.routes import ROUTE_IDS, advise
from sendresolve.law.schemas import load_schema, validator

TODAY = dt.date(2024, 5, 1)


def situation(about, with_=("local_authority",), **extra):
    data = {
        "age": extra.pop("age", 10),
        "requester": extra.pop("requester", "parent"),
        "has_ehc_plan": extra.pop("has_ehc_plan", True),
        "with": list(with_),
        "about": list(about),
        "dates": extra.pop("dates", {}),
    }
    data.update(extra)
    return data


def routes(data, today=TODAY):
    return [r["id"] for r in advise(data, today=today)["routes"]]


# One situation per route id proves every contract route can be produced.
PRODUCERS = {
    "local_resolution": situation(["other"]),
    "sendiass": situation(["other"]),
    "disagreement_resolution": situation(["support_without_plan"], ["school"], has_ehc_plan=False),
    "mediation_advice": situation(["refusal_to_assess"], has_ehc_plan=False),
    "mediation": situation(["plan_provision"]),
    "tribunal_appeal": situation(["plan_needs"]),
    "tribunal_recommendations": situation(
        ["plan_provision", "plan_health_or_social_care"], ["local_authority", "health"]
    ),
    "disability_discrimination_claim": situation(["disability_discrimination"], ["school"]),
    "county_court_discrimination_claim": situation(
        ["disability_discrimination"], ["post16"], age=17, requester="young_person"
    ),
    "school_complaint": situation(["provision_not_delivered"], ["school"]),
    "college_complaint": situation(
        ["support_without_plan"], ["post16"], age=17, requester="young_person"
    ),
    "early_years_complaint": situation(["support_without_plan"], ["early_years"], age=3),
    "local_authority_complaint": situation(["delay"]),
    "secretary_of_state_complaint": situation(["order_or_agreement_not_followed"]),
    "nhs_complaint": situation(["health_services"], ["health"]),
    "childrens_social_care_complaint": situation(["social_care_services"], ["social_care"]),
    "adult_social_care_complaint": situation(
        ["social_care_services"], ["social_care"], age=19, requester="young_person"
    ),
    "lgsco": situation(["delay"]),
    "phso": situation(["health_services"], ["health"]),
    "judicial_review": situation(["provision_not_delivered"]),
    "exclusion_review": situation(["exclusion"], ["school"], school_type="academy"),
    "tribunal_decision_challenge": situation(["other"], dates={"tribunal_decision": "2024-04-20"}),
}


def test_route_ids_match_the_contract_schema():
    schema = load_schema("advice")
    contract = schema["properties"]["routes"]["items"]["properties"]["id"]["enum"]
    assert set(contract) == set(ROUTE_IDS)
    assert set(PRODUCERS) == set(ROUTE_IDS)


@pytest.mark.parametrize("route_id", ROUTE_IDS)
def test_every_route_id_can_be_produced(route_id):
    assert route_id in routes(PRODUCERS[route_id])


@pytest.mark.parametrize(
    "about",
    [
        "refusal_to_assess",
        "refusal_to_issue_plan",
        "plan_needs",
        "plan_provision",
        "refusal_to_reassess",
        "refusal_to_amend",
        "cease_to_maintain",
    ],
)
def test_appealable_decisions_need_a_certificate(about):
    advice = advise(situation([about]), today=TODAY)
    ids = [r["id"] for r in advice["routes"]]
    assert advice["mediation_certificate_required"] is True
    assert {"mediation_advice", "mediation", "tribunal_appeal"} <= set(ids)
    assert ids.index("mediation_advice") < ids.index("tribunal_appeal")
    assert advice["mediation_arranged_by"] == "local_authority"
    assert advice["appellant"] == "parent"


def test_placement_only_needs_no_certificate_but_mediation_is_still_available():
    advice = advise(
        situation(["plan_placement"], dates={"decision_letter": "2024-04-02"}), today=TODAY
    )
    ids = [r["id"] for r in advice["routes"]]
    assert advice["mediation_certificate_required"] is False
    assert "mediation_advice" not in ids
    assert "mediation" in ids and "tribunal_appeal" in ids
    assert "contact_mediation_adviser" not in {d["id"] for d in advice["deadlines"]}


def test_health_only_plan_sections_have_no_appeal_and_the_health_body_arranges_mediation():
    advice = advise(situation(["plan_health_or_social_care"], ["health"]), today=TODAY)
    ids = [r["id"] for r in advice["routes"]]
    assert advice["mediation_arranged_by"] == "commissioning_body"
    assert advice["mediation_certificate_required"] is None
    assert "tribunal_appeal" not in ids
    assert {"mediation", "nhs_complaint", "phso", "judicial_review"} <= set(ids)
    assert ids.index("nhs_complaint") < ids.index("phso")


def test_social_care_sections_only_have_no_appeal_and_the_la_arranges_mediation():
    advice = advise(situation(["plan_health_or_social_care"], ["social_care"]), today=TODAY)
    ids = [r["id"] for r in advice["routes"]]
    assert advice["mediation_arranged_by"] == "local_authority"
    assert "tribunal_appeal" not in ids
    assert "childrens_social_care_complaint" in ids and "lgsco" in ids


@pytest.mark.parametrize(
    ("age", "requester", "route_id", "not_route_id"),
    [
        (17, "young_person", "childrens_social_care_complaint", "adult_social_care_complaint"),
        (18, "young_person", "adult_social_care_complaint", "childrens_social_care_complaint"),
    ],
)
def test_social_care_complaint_switches_at_18(age, requester, route_id, not_route_id):
    ids = routes(situation(["social_care_services"], ["social_care"], age=age, requester=requester))
    assert route_id in ids and not_route_id not in ids


def test_recommendations_never_on_a_refusal_to_assess():
    data = situation(
        ["refusal_to_assess", "plan_health_or_social_care"],
        ["local_authority", "health"],
        has_ehc_plan=False,
    )
    assert "tribunal_recommendations" not in routes(data)


def test_recommendations_need_a_live_education_appeal():
    data = situation(["plan_health_or_social_care"], ["local_authority", "health", "social_care"])
    assert "tribunal_recommendations" not in routes(data)


def test_recommendations_with_an_education_appeal_warn_that_they_cannot_stand_alone():
    data = situation(
        ["refusal_to_amend", "plan_health_or_social_care"], ["local_authority", "health"]
    )
    advice = advise(data, today=TODAY)
    assert "tribunal_recommendations" in [r["id"] for r in advice["routes"]]
    assert any("alongside an education appeal" in w for w in advice["warnings"])


def test_school_discrimination_goes_to_the_tribunal_without_mediation_or_certificate():
    data = situation(
        ["disability_discrimination"], ["school"], dates={"discrimination_act": "2025-03-10"}
    )
    advice = advise(data, today=dt.date(2025, 4, 1))
    ids = [r["id"] for r in advice["routes"]]
    assert "disability_discrimination_claim" in ids
    assert not {"mediation", "mediation_advice", "tribunal_appeal"} & set(ids)
    assert advice["mediation_certificate_required"] is False
    assert advice["mediation_arranged_by"] is None
    deadline = {d["id"]: d for d in advice["deadlines"]}["disability_discrimination_claim"]
    assert deadline["date"] == "2025-09-09"


def test_college_discrimination_goes_to_the_county_court_not_the_tribunal():
    data = situation(["disability_discrimination"], ["post16"], age=18, requester="young_person")
    ids = routes(data)
    assert "county_court_discrimination_claim" in ids
    assert "disability_discrimination_claim" not in ids


def test_academy_complaints_can_go_to_the_secretary_of_state():
    ids = routes(
        situation(["support_without_plan"], ["school"], school_type="academy", has_ehc_plan=False)
    )
    assert "secretary_of_state_complaint" in ids


def test_independent_school_exclusion_has_no_statutory_exclusion_review():
    data = situation(["exclusion"], ["school"], school_type="independent")
    assert "exclusion_review" not in routes(data)


def test_delay_routes_are_complaint_ombudsman_secretary_of_state_and_judicial_review():
    ids = routes(situation(["delay"], has_ehc_plan=False))
    assert {
        "local_authority_complaint",
        "lgsco",
        "secretary_of_state_complaint",
        "judicial_review",
        "disagreement_resolution",
    } <= set(ids)
    assert "tribunal_appeal" not in ids
    assert ids.index("local_authority_complaint") < ids.index("lgsco")


def test_lgsco_is_flagged_as_probably_excluded_when_an_appeal_could_be_made():
    advice = advise(situation(["refusal_to_assess"], has_ehc_plan=False), today=TODAY)
    assert "lgsco" in [r["id"] for r in advice["routes"]]
    assert any("probably not open" in w for w in advice["warnings"])


def test_no_appeal_means_no_appellant_and_no_certificate_answer():
    advice = advise(
        situation(["support_without_plan"], ["school"], has_ehc_plan=False), today=TODAY
    )
    assert advice["appellant"] is None
    assert advice["mediation_certificate_required"] is None
    assert advice["mediation_arranged_by"] is None


def test_young_person_is_the_appellant_after_compulsory_school_age():
    advice = advise(situation(["cease_to_maintain"], age=19, requester="young_person"), today=TODAY)
    assert advice["appellant"] == "young_person"


def test_representative_acts_for_a_young_person_who_lacks_capacity():
    data = situation(["plan_provision"], age=19, young_person_lacks_capacity=True)
    advice = advise(data, today=TODAY)
    assert advice["appellant"] == "representative"
    assert any("representative" in w for w in advice["warnings"])


def test_parent_asking_for_a_young_person_is_told_the_rights_are_theirs():
    advice = advise(situation(["plan_provision"], age=18), today=TODAY)
    assert advice["appellant"] == "young_person"
    assert any("is theirs, not the parent's" in w for w in advice["warnings"])


def test_age_16_is_flagged_as_depending_on_the_birthday():
    advice = advise(situation(["plan_provision"], age=16), today=dt.date(2025, 3, 1))
    assert advice["appellant"] == "parent"
    assert any("depends on the birthday" in w for w in advice["warnings"])


def test_passed_appeal_deadline_says_what_can_still_be_done():
    data = situation(["plan_provision"], dates={"decision_letter": "2024-01-31"})
    advice = advise(data, today=dt.date(2024, 6, 1))
    assert any("request for more time" in w and "r.5(3)(a)" in w for w in advice["warnings"])
    assert any("contact a mediation adviser" in w for w in advice["warnings"])
    tribunal = {r["id"]: r for r in advice["routes"]}["tribunal_appeal"]
    assert "see the warnings below" in tribunal["why"]


def test_deadline_not_yet_passed_gives_no_passed_warning():
    data = situation(["plan_provision"], dates={"decision_letter": "2024-04-30"})
    advice = advise(data, today=TODAY)
    assert not any("has passed" in w for w in advice["warnings"])


def test_unclear_appeal_date_gives_the_safe_date_and_a_warning():
    data = situation(["plan_provision"], dates={"decision_letter": "2022-10-24"})
    advice = advise(data, today=dt.date(2022, 10, 25))
    appeal = {d["id"]: d for d in advice["deadlines"]}["appeal_registration"]
    assert appeal["date"] == "2022-12-28"
    assert appeal["later_date"] == "2023-01-03"
    assert any("Tuesday 3 January 2023" in w for w in advice["warnings"])


def test_health_in_issue_adds_the_health_body_deadline():
    data = situation(
        ["plan_provision", "plan_health_or_social_care"],
        ["local_authority", "health"],
        dates={"decision_letter": "2024-11-29", "la_informed_mediation_wanted": "2024-12-10"},
    )
    deadlines = {d["id"]: d["date"] for d in advise(data, today=TODAY)["deadlines"]}
    assert deadlines["health_body_notified"] == "2024-12-13"
    assert deadlines["mediation_held"] == "2025-01-09"


def test_health_only_mediation_is_held_30_days_after_the_health_body_is_notified():
    data = situation(
        ["plan_health_or_social_care"],
        ["health"],
        dates={
            "la_informed_mediation_wanted": "2024-12-10",
            "commissioning_body_notified": "2024-12-13",
        },
    )
    deadlines = {d["id"]: d for d in advise(data, today=dt.date(2024, 12, 14))["deadlines"]}
    assert deadlines["mediation_held"]["date"] == "2025-01-12"
    assert deadlines["mediation_held"]["rule_id"] == "MED-04"
    assert deadlines["mediation_held"]["practical_date"] == "2025-01-10"


def test_ehc_process_deadlines_come_from_the_request_date():
    data = situation(
        ["delay"],
        has_ehc_plan=False,
        dates={"request_received": "2024-09-02", "draft_plan_served": "2024-12-02"},
    )
    deadlines = {d["id"]: d["date"] for d in advise(data, today=dt.date(2024, 9, 3))["deadlines"]}
    assert deadlines["la_decision_on_assessment"] == "2024-10-14"
    assert deadlines["final_plan_due"] == "2025-01-20"
    assert deadlines["draft_plan_comments_by"] == "2024-12-16"


def test_the_finder_computes_rather_than_looks_up():
    base = situation(
        ["refusal_to_issue_plan"], has_ehc_plan=False, dates={"decision_letter": "2024-01-31"}
    )
    moved = situation(
        ["refusal_to_issue_plan"], has_ehc_plan=False, dates={"decision_letter": "2024-02-01"}
    )
    first = {d["id"]: d["date"] for d in advise(base, today=TODAY)["deadlines"]}
    second = {d["id"]: d["date"] for d in advise(moved, today=TODAY)["deadlines"]}
    assert first["appeal_registration"] == "2024-04-02"
    assert second["appeal_registration"] == "2024-04-02"  # Mon 1 Apr is Easter Monday
    assert first["contact_mediation_adviser"] == "2024-03-31"
    assert second["contact_mediation_adviser"] == "2024-04-01"


def test_glossary_terms_are_explained_once():
    advice = advise(situation(["plan_provision"]), today=TODAY)
    text = " ".join(r["why"] for r in advice["routes"])
    assert text.count("(an independent court") == 1
    assert text.count("SENDIASS (your local") == 1
    assert text.count("local authority (the council)") == 1


def test_why_texts_avoid_unexplained_jargon():
    advice = advise(situation(["plan_provision"]), today=TODAY)
    for route in advice["routes"]:
        assert "{" not in route["why"]
        assert "s.51" not in route["why"] and "reg " not in route["why"]
        sentences = [s for s in route["why"].split(". ") if s]
        assert all(len(s.split()) <= 45 for s in sentences)


def test_situation_today_wins_over_the_argument():
    data = situation(
        ["plan_provision"], dates={"decision_letter": "2024-01-31"}, today="2024-02-01"
    )
    advice = advise(data, today=dt.date(2030, 1, 1))
    assert not any("has passed" in w for w in advice["warnings"])


def test_advise_needs_a_today():
    with pytest.raises(ValueError, match="today"):
        advise(situation(["other"]))


def test_advice_for_every_producer_matches_the_schema():
    for data in PRODUCERS.values():
        assert list(validator("advice").iter_errors(advise(data, today=TODAY))) == []


def test_passed_health_only_mediation_does_not_mention_an_appeal():
    data = situation(
        ["plan_health_or_social_care"],
        ["health"],
        dates={"commissioning_body_notified": "2024-12-13"},
    )
    warnings = advise(data, today=dt.date(2025, 3, 1))["warnings"]
    passed = [w for w in warnings if "should have been held" in w]
    assert passed and "NHS complaint" in passed[0] and "appeal" not in passed[0]
