"""The public acceptance scenarios (``data/seed_scenarios.json`` here) must all pass exactly."""

import pytest

from sendresolve.law.routes import advise
from sendresolve.law.schemas import validator

from ._data import seed_scenarios

SCENARIOS = seed_scenarios()


def test_seed_scenarios_are_present():
    assert len(SCENARIOS) >= 17


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_seed_scenario(scenario):
    advice = advise(scenario["situation"])
    expect = scenario["expect"]
    route_ids = [route["id"] for route in advice["routes"]]
    deadlines = {d["id"]: d["date"] for d in advice["deadlines"]}
    for route_id in expect.get("routes_include", []):
        assert route_id in route_ids
    for route_id in expect.get("routes_exclude", []):
        assert route_id not in route_ids
    if "mediation_certificate_required" in expect:
        assert advice["mediation_certificate_required"] == expect["mediation_certificate_required"]
    for deadline_id, date in expect.get("deadlines", {}).items():
        assert deadlines.get(deadline_id) == date, deadline_id
    for deadline_id in expect.get("deadlines_absent", []):
        assert deadline_id not in deadlines


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_seed_scenario_advice_matches_the_advice_schema(scenario):
    advice = advise(scenario["situation"])
    errors = [e.message for e in validator("advice").iter_errors(advice)]
    assert errors == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_seed_scenario_situation_matches_the_situation_schema(scenario):
    assert list(validator("situation").iter_errors(scenario["situation"])) == []
