"""The Parliamentary and Health Service Ombudsman's 12 months (CMP-06, Health Service
Commissioners Act 1993 s.9(4)-(5)) in the route finder: beside the PHSO route only, around
29 February and month ends, and what to do once it has passed."""

import datetime as dt

import pytest

from sendresolve.law.further_deadlines import FurtherFacts, further_deadlines
from sendresolve.law.passed_deadlines import passed_deadline_warnings
from sendresolve.law.routes import advise
from sendresolve.law.rules import deadline_for, time_limit

D = dt.date


def _phso(arose):
    found, _ = further_deadlines({"grounds_arose": arose}, FurtherFacts())
    return {d.id: d for d in found}["phso_complaint_by"]


def test_cmp_06_is_cited_and_dated():
    limit = time_limit("CMP-06")

    assert limit.citations == ("Health Service Commissioners Act 1993 s.9(4)-(5)",)
    assert (limit.period, limit.unit, limit.counting) == (12, "calendar_months", "CM-after")
    assert limit.on(D(2014, 9, 1)).period == 12
    assert "reasonable" in limit.rule


@pytest.mark.parametrize(
    ("arose", "due"),
    [
        (D(2024, 2, 28), D(2025, 2, 28)),
        (D(2024, 2, 29), D(2025, 2, 28)),  # no 29 February 2025: the month's last day
        (D(2024, 3, 1), D(2025, 3, 1)),
        (D(2023, 3, 31), D(2024, 3, 31)),  # a Sunday: calendar months do not move
        (D(2025, 11, 30), D(2026, 11, 30)),
    ],
)
def test_phso_within_12_months(arose, due):
    deadline = _phso(arose)

    assert deadline.date == due
    assert deadline.rule_id == "CMP-06"
    assert deadline.legal_basis == ("Health Service Commissioners Act 1993 s.9(4)-(5)",)


def test_the_same_date_as_the_nhs_complaint_and_lgsco_limits():
    found, _ = further_deadlines({"grounds_arose": D(2024, 2, 29)}, FurtherFacts())
    dates = {d.id: d.date for d in found}

    assert dates["phso_complaint_by"] == dates["nhs_complaint_by"] == dates["lgsco_complaint_by"]


def _situation(about, with_, dates):
    return {
        "age": 10,
        "requester": "parent",
        "has_ehc_plan": True,
        "with": with_,
        "about": about,
        "dates": dates,
    }


def test_advice_shows_the_phso_limit_beside_the_phso_route():
    data = _situation(["health_services"], ["health"], {"grounds_arose": "2025-11-30"})
    advice = advise(data, today=D(2025, 12, 10))
    ids = {d["id"] for d in advice["deadlines"]}
    phso = next(r for r in advice["routes"] if r["id"] == "phso")

    assert "phso_complaint_by" in ids
    assert "Go to the Ombudsman by Monday 30 November 2026." in phso["why"]


def test_advice_leaves_the_phso_limit_out_where_the_phso_is_not_offered():
    data = _situation(["delay"], ["local_authority"], {"grounds_arose": "2025-11-30"})
    ids = {d["id"] for d in advise(data, today=D(2025, 12, 10))["deadlines"]}

    assert "lgsco_complaint_by" in ids
    assert "phso_complaint_by" not in ids


def test_the_day_after_the_phso_limit_says_the_ombudsman_may_still_look():
    deadline = deadline_for("CMP-06", D(2024, 2, 29), deadline_id="phso_complaint_by")
    dates = {"grounds_arose": D(2024, 2, 29)}

    assert passed_deadline_warnings([deadline], dates, D(2025, 2, 28)) == []
    (warning,) = passed_deadline_warnings([deadline], dates, D(2025, 3, 1))
    assert warning.startswith(
        "The usual 12 months for going to the Parliamentary and Health Service Ombudsman ended "
        "on Friday 28 February 2025."
    )
    assert "reasonable" in warning
