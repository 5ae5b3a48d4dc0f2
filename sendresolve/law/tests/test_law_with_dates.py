"""Law with dates: the values in force on the trigger date are used (law.md §0.1)."""

import dataclasses
import datetime as dt

import pytest

from sendresolve.law import rules
from sendresolve.law.clocks import appeal_deadline
from sendresolve.law.routes import advise
from sendresolve.law.rules import CURRENT_LAW_START, deadline_for, time_limit, time_limits

D = dt.date


@pytest.mark.parametrize(
    ("conduct", "last_day"),
    [
        # Before 21 July 2020, HESC r.12(3)(a) covered discrimination claims: a last day in
        # August moved to the first working day after 31 August (Monday 31 August 2020 was a
        # bank holiday, so Tuesday 1 September 2020).
        (D(2020, 2, 10), D(2020, 9, 1)),
        # ... and a last day on Christmas Day moved to the first working day after 1 January.
        (D(2019, 6, 26), D(2020, 1, 2)),
        # The day before the amendment: still the old rule (last day 19 January, no move).
        (D(2020, 7, 20), D(2021, 1, 19)),
        # From 21 July 2020 the relief is gone: a last day in August stays in August.
        (D(2021, 2, 10), D(2021, 8, 9)),
        (D(2024, 2, 29), D(2024, 8, 28)),
        # Christmas Day 2024 (Wednesday): not moved, and not a working day, so act on 24th.
        (D(2024, 6, 26), D(2024, 12, 25)),
    ],
)
def test_2020_change_to_r12_applies_to_discrimination_after_it_and_not_before(conduct, last_day):
    deadline = deadline_for("DDC-01", conduct)

    assert deadline.date == last_day


def test_old_r12_explains_the_move_and_cites_the_old_rule():
    deadline = deadline_for("DDC-01", D(2020, 2, 10))

    assert "first working day after 31 August" in deadline.rule
    assert "HESC Rules 2008 r.12(3) (before the 2020 amendment)" in deadline.legal_basis


def test_christmas_day_2024_claim_has_a_practical_date_after_the_amendment():
    deadline = deadline_for("DDC-01", D(2024, 6, 26))

    assert deadline.practical_date == D(2024, 12, 24)
    assert "HESC Rules 2008 r.12(3) (as amended 2020)" in deadline.legal_basis


def test_sen_appeals_keep_the_august_relief_on_both_sides_of_2020():
    assert appeal_deadline(D(2020, 6, 15), certificate_required=False).date == D(2020, 9, 1)
    assert appeal_deadline(D(2021, 6, 15), certificate_required=False).date == D(2021, 9, 1)


def _with_future_change(monkeypatch, rule_id, start, **changes):
    """Add a change to ``rule_id`` from ``start``, as a new line in time_limits.yaml would."""
    limits = dict(time_limits())
    limit = limits[rule_id]
    entry = (start, tuple(sorted(changes.items())))
    limits[rule_id] = dataclasses.replace(limit, effective=(*limit.effective, entry))
    monkeypatch.setattr(rules, "time_limits", lambda: limits)


def test_a_future_change_leaves_open_cases_deadlines_unchanged(monkeypatch):
    before = deadline_for("MED-01", D(2024, 1, 31)).date
    _with_future_change(monkeypatch, "MED-01", D(2030, 1, 1), period=3)

    assert deadline_for("MED-01", D(2024, 1, 31)).date == before == D(2024, 3, 31)
    assert deadline_for("MED-01", D(2029, 12, 31)).date == D(2030, 2, 28)
    # The new value applies to clocks starting on or after its date.
    assert deadline_for("MED-01", D(2030, 1, 1)).date == D(2030, 4, 1)


def test_a_future_change_to_the_appeal_limbs_leaves_earlier_letters_alone(monkeypatch):
    steps = (
        rules.Step("decision_limb", 3, "3 months after the decision letter was sent"),
        rules.Step("certificate_limb", 1, "1 month from the certificate"),
    )
    _with_future_change(monkeypatch, "APP-01", D(2031, 1, 1), steps=steps)

    assert appeal_deadline(D(2024, 1, 31)).date == D(2024, 4, 2)
    later = appeal_deadline(D(2031, 1, 31))
    assert later.date == D(2031, 4, 30)  # no 31 April: the last day of April
    assert "3 months after the decision letter" in later.rule


def test_every_rule_has_dates_of_effect_from_the_current_law_or_later():
    for limit in time_limits().values():
        assert limit.in_force_from >= CURRENT_LAW_START
        starts = [start for start, _ in limit.effective]
        assert starts == sorted(set(starts))


def test_recommendations_power_dates_from_3_april_2018():
    assert time_limit("REC-01").in_force_from == D(2018, 4, 3)


def _situation(letter):
    return {
        "age": 10,
        "requester": "parent",
        "has_ehc_plan": True,
        "with": ["local_authority"],
        "about": ["plan_provision"],
        "dates": {"decision_letter": letter},
    }


def test_recommendations_route_is_not_offered_about_a_decision_before_the_power_began():
    old = advise(_situation("2018-03-01"), today=D(2018, 3, 20))
    new = advise(_situation("2018-04-03"), today=D(2018, 4, 20))

    assert "tribunal_recommendations" not in [r["id"] for r in old["routes"]]
    assert "tribunal_recommendations" in [r["id"] for r in new["routes"]]


def test_a_field_that_cannot_change_by_date_is_refused():
    raw = {
        "id": "XXX-01",
        "title": "t",
        "trigger": "t",
        "duty_holder": "la",
        "period": 1,
        "unit": "weeks",
        "counting": "W-of",
        "calendar": None,
        "adjustment": "none",
        "citations": ["x"],
        "verification": "C",
        "rule": "r",
        "effective": {D(2014, 9, 1): {"counting": "CD-of"}},
    }
    with pytest.raises(ValueError, match="cannot change by date"):
        rules._load(raw)
