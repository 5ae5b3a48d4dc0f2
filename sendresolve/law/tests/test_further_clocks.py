"""The clocks added for issue 24, with dates around bank holidays, month ends, 29 February,
August, Christmas and half terms (worked examples: law.md §10.9 to §10.13)."""

import datetime as dt
import json

import pytest

from sendresolve.law.after_tribunal import after_tribunal_deadlines
from sendresolve.law.deadlines import case_deadlines
from sendresolve.law.further_deadlines import FurtherFacts, further_deadlines
from sendresolve.law.routes import advise
from sendresolve.law.schemas import InputError
from sendresolve.law.school_days import (
    SchoolTerms,
    TermDatesUnknown,
    exclusion_deadline,
    school_terms,
)

from .test_cli import run

D = dt.date


def one(dates, deadline_id, **facts):
    found, _ = further_deadlines(dates, FurtherFacts(**facts))
    return {d.id: d for d in found}[deadline_id]


# -- after the tribunal (HESC r.45-46, r.12) ------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "sen_case", "due"),
    [
        # §10.12: August is not counted in an SEN appeal (r.12(3)(b)): 11 July days + 17 in
        # September.
        (D(2025, 7, 20), True, D(2025, 9, 17)),
        # A discrimination claim counts August: 28 days end on Sunday 17 August, so Monday.
        (D(2025, 7, 20), False, D(2025, 8, 18)),
        # Christmas: 25 December to 1 January are not counted in an SEN appeal.
        (D(2025, 12, 15), True, D(2026, 1, 20)),
        (D(2025, 12, 15), False, D(2026, 1, 12)),
        # 29 February 2024 is a Thursday and a working day.
        (D(2024, 2, 1), True, D(2024, 2, 29)),
        # Ends on the spring bank holiday (Monday 26 May 2025): the next working day.
        (D(2025, 4, 28), True, D(2025, 5, 27)),
    ],
)
def test_set_aside_is_28_days_by_the_tribunals_rules(sent, sen_case, due):
    (set_aside, permission) = after_tribunal_deadlines(sent, sen_case=sen_case)

    assert set_aside.id == "set_aside_by" and set_aside.date == due
    assert set_aside.due_time == "17:00"
    assert permission.date == due  # no written reasons yet: from the decision


def test_permission_runs_from_the_later_written_reasons():
    _, permission = after_tribunal_deadlines(D(2025, 7, 1), D(2025, 7, 10))

    # 21 days in July, August not counted, 7 September is a Sunday → Monday 8 September.
    assert permission.date == D(2025, 9, 8)
    assert "Written reasons sent on Thursday 10 July 2025" in permission.rule
    assert "HESC Rules 2008 r.46" in permission.legal_basis


def test_reasons_alone_start_the_permission_clock_only():
    (permission,) = after_tribunal_deadlines(None, D(2025, 3, 3))

    assert permission.id == "upper_tribunal_permission_by"
    assert permission.date == D(2025, 3, 31)


# -- judicial review and complaints ------------------------------------------------------------


@pytest.mark.parametrize(
    ("arose", "last", "aim_for"),
    [
        (D(2025, 11, 30), D(2026, 2, 28), D(2026, 2, 27)),  # no 30 February; a Saturday
        (D(2023, 11, 29), D(2024, 2, 29), None),  # leap year
        (D(2025, 9, 25), D(2025, 12, 25), D(2025, 12, 24)),  # Christmas Day
    ],
)
def test_judicial_review_within_3_months(arose, last, aim_for):
    deadline = one({"grounds_arose": arose}, "judicial_review_by")

    assert (deadline.date, deadline.practical_date) == (last, aim_for)
    assert any("promptly" in note for note in deadline.uncertain)


def test_ombudsman_and_nhs_complaints_within_12_months_from_29_february():
    dates = {"grounds_arose": D(2024, 2, 29)}

    assert one(dates, "lgsco_complaint_by").date == D(2025, 2, 28)
    assert one(dates, "nhs_complaint_by").date == D(2025, 2, 28)


def test_childrens_complaint_stages_skip_christmas_boxing_day_and_new_year():
    dates = {
        "complaint_made": D(2025, 12, 19),
        "stage2_requested": D(2025, 12, 1),
        "panel_requested": D(2025, 12, 1),
    }

    assert one(dates, "complaint_stage1_response").date == D(2026, 1, 7)
    assert one(dates, "complaint_stage1_extended").date == D(2026, 1, 21)
    assert one(dates, "complaint_stage2_response").date == D(2026, 1, 8)
    assert one(dates, "complaint_panel_meets").date == D(2026, 1, 15)  # 8 Jan + 5 more
    assert one(dates, "complaint_stage2_extended").date > D(2026, 2, 27)


# -- annual reviews, phase transfer, assessment and reassessment -------------------------------


def test_annual_review_clocks_around_christmas():
    dates = {"review_meeting": D(2025, 11, 28), "amendments_sent": D(2025, 12, 20)}

    decision = one(dates, "review_decision_due")
    assert (decision.date, decision.practical_date) == (D(2025, 12, 26), D(2025, 12, 24))
    assert one(dates, "amendment_comments_by").date == D(2026, 1, 3)  # 15 days, day 1 = 20th
    assert one(dates, "amended_plan_due").date == D(2026, 2, 14)


@pytest.mark.parametrize(
    ("year", "post16", "due"),
    [(2026, False, D(2026, 2, 15)), (2026, True, D(2026, 3, 31)), (2028, False, D(2028, 2, 15))],
)
def test_phase_transfer_review_by(year, post16, due):
    deadline = one({}, "phase_transfer_review_by", phase_transfer_year=year, to_post16=post16)

    assert deadline.date == due
    assert deadline.legal_basis == ("SEND Regulations 2014 reg 18",)


def test_needs_assessment_clocks_from_the_request():
    dates = {"request_received": D(2025, 9, 1)}

    assert one(dates, "no_plan_decision").date == D(2025, 12, 22)


def test_reassessment_decision_is_marked_uncertain():
    deadline = one({"reassessment_requested": D(2025, 12, 17)}, "reassessment_decision_due")

    assert (deadline.date, deadline.practical_date) == (D(2026, 1, 1), D(2025, 12, 31))
    assert deadline.verification == "U" and deadline.uncertain
    assert one({"reassessment_notice": D(2025, 12, 1)}, "reassessed_plan_due").date == D(2026, 3, 9)


def test_reg_10_exception_is_said_on_the_assessment_clocks():
    out = case_deadlines(
        {"dates": {"request_received": "2025-09-01"}, "assessment_exception": True},
        today=D(2025, 9, 2),
    )
    by_id = {d["id"]: d for d in out["deadlines"]}

    assert "regs 10(4) and 13(3)" in by_id["final_plan_due"]["rule"]
    assert "regs 10(4) and 13(3)" in by_id["no_plan_decision"]["rule"]
    assert any("exception applies" in w for w in out["warnings"])


# -- exclusions, in school days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline_id", "told", "due"),
    [
        # Over the October half term (27 to 31 October 2025).
        ("exclusion_board_meets", D(2025, 10, 20), D(2025, 11, 17)),
        # Over the Christmas holiday.
        ("exclusion_review_request_by", D(2025, 12, 10), D(2026, 1, 14)),
        # Over the May bank holiday (4 May 2026) and the May half term (25 to 29 May).
        ("exclusion_review_request_by", D(2026, 5, 1), D(2026, 6, 1)),
    ],
)
def test_exclusion_clocks_count_barnet_school_days(deadline_id, told, due):
    deadline = exclusion_deadline(deadline_id, told, school_terms("Barnet"))

    assert deadline.date == due
    assert "Barnet" in deadline.rule and "livingstoneprimaryschool.org" in deadline.rule
    assert deadline.uncertain


def test_exclusion_past_the_known_term_dates_is_not_guessed():
    # Barnet's shipped dates end on Fri 18 Dec 2026: 5 school days, then nothing is known.
    with pytest.raises(TermDatesUnknown):
        exclusion_deadline("exclusion_board_meets", D(2026, 12, 11), school_terms("Barnet"))

    found, warnings = further_deadlines(
        {"exclusion_notice": D(2026, 12, 11)}, FurtherFacts(terms=school_terms("Barnet"))
    )
    assert found == [] and "cannot be counted" in warnings[0]


def test_a_council_can_set_its_own_term_dates():
    out = case_deadlines(
        {
            "dates": {"exclusion_notice": "2026-09-10"},
            "local_authority": "Southend-on-Sea",
            "term_dates": {
                "source": "Southend-on-Sea City Council, term dates 2026 to 2027",
                "covers": ["2026-09-01", "2026-12-31"],
                "terms": [["2026-09-03", "2026-10-23"], ["2026-11-02", "2026-12-18"]],
            },
        },
        today=D(2026, 9, 11),
    )
    (deadline,) = out["deadlines"]

    # 11 school days to 25 September, 4 more: 1 October.
    assert deadline["date"] == "2026-10-01"


def test_a_council_can_give_its_term_dates_year_by_year():
    span = {
        "source": "Southend-on-Sea City Council, term dates 2025 to 2026",
        "covers": ["2026-06-01", "2026-08-31"],
        "terms": [["2026-06-01", "2026-07-17"]],
    }
    later = {
        "source": "Southend-on-Sea City Council, term dates 2026 to 2027",
        "covers": ["2026-09-01", "2026-12-31"],
        "terms": [["2026-09-03", "2026-10-23"], ["2026-11-02", "2026-12-18"]],
    }
    data = {"dates": {"exclusion_notice": "2026-07-10"}, "local_authority": "Southend-on-Sea"}

    out = case_deadlines({**data, "term_dates": {"years": [span, later]}}, today=D(2026, 7, 10))
    (deadline,) = out["deadlines"]
    # School days 13-17 July (5), then from Thu 3 September: 10 more is 16 September.
    assert deadline["date"] == "2026-09-16"
    assert "2025 to 2026" in deadline["rule"] and "2026 to 2027" in deadline["rule"]
    assert "Southend-on-Sea's own term dates" in deadline["rule"]  # given, not published

    # A gap between the spans (August left out) is refused, naming the field.
    gap = {**later, "covers": ["2026-09-02", "2026-12-31"]}
    with pytest.raises(InputError, match="^term_dates: "):
        case_deadlines({**data, "term_dates": {"years": [span, gap]}}, today=D(2026, 7, 10))
    # Neither one span nor a list of them: refused by the schema.
    with pytest.raises(InputError, match="term_dates"):
        case_deadlines({**data, "term_dates": {"years": []}}, today=D(2026, 7, 10))


def test_bad_term_dates_name_the_field():
    with pytest.raises(InputError, match="^term_dates: "):
        case_deadlines(
            {
                "dates": {},
                "term_dates": {
                    "source": "x",
                    "covers": ["2026-09-01", "2026-12-31"],
                    "terms": [["2026-11-02", "2026-12-18"], ["2026-09-03", "2026-10-23"]],
                },
            },
            today=D(2026, 9, 11),
        )


def test_term_dates_must_name_their_source():
    with pytest.raises(ValueError, match="published"):
        SchoolTerms.from_mapping(
            "X", {"source": " ", "covers": ["2026-09-01", "2026-12-31"], "terms": []}
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dates": {}, "phase_transfer_year": 1999}, "phase_transfer_year"),
        ({"dates": {"written_reasons": "2025-02-30"}}, "dates.written_reasons"),
        ({"dates": {}, "tribunal_case_type": "appeal"}, "tribunal_case_type"),
    ],
)
def test_cli_bad_new_input_exits_2_with_one_line(data, field, capsys, monkeypatch):
    code, out, err = run(["deadlines", "-"], capsys, monkeypatch, stdin=json.dumps(data))

    assert code == 2 and out == ""
    assert err.count("\n") == 1 and field in err


# -- in the advice -------------------------------------------------------------------------------


def _situation(about, with_, dates, **extra):
    return {
        "age": 10,
        "requester": "parent",
        "has_ehc_plan": True,
        "with": with_,
        "about": about,
        "dates": dates,
        **extra,
    }


def test_advice_shows_judicial_review_and_ombudsman_limits_beside_their_routes():
    data = _situation(["delay"], ["local_authority"], {"grounds_arose": "2025-11-30"})
    advice = advise(data, today=D(2025, 12, 10))
    ids = {d["id"] for d in advice["deadlines"]}
    jr = next(r for r in advice["routes"] if r["id"] == "judicial_review")

    assert {"judicial_review_by", "lgsco_complaint_by"} <= ids
    assert "nhs_complaint_by" not in ids  # no NHS route here
    assert "by Friday 27 February 2026 at the latest" in jr["why"]


def test_advice_leaves_out_limits_of_routes_not_offered():
    data = _situation(["plan_provision"], ["local_authority"], {"grounds_arose": "2025-11-30"})
    ids = {d["id"] for d in advise(data, today=D(2025, 12, 10))["deadlines"]}

    assert not ids & {"judicial_review_by", "lgsco_complaint_by", "nhs_complaint_by"}


def test_advice_counts_exclusion_school_days_with_the_councils_term_dates():
    data = _situation(
        ["exclusion"],
        ["school"],
        {"board_decision": "2025-12-10"},
        local_authority="Barnet",
        school_type="maintained",
    )
    advice = advise(data, today=D(2025, 12, 11))
    review = next(r for r in advice["routes"] if r["id"] == "exclusion_review")

    assert "Ask for the independent review by Wednesday 14 January 2026." in review["why"]


def test_advice_without_term_dates_says_so():
    data = _situation(
        ["exclusion"], ["school"], {"exclusion_notice": "2025-12-10"}, school_type="maintained"
    )
    advice = advise(data, today=D(2025, 12, 11))

    assert "exclusion_board_meets" not in {d["id"] for d in advice["deadlines"]}
    assert any("school days" in w for w in advice["warnings"])


def test_after_the_tribunal_route_carries_the_permission_date():
    data = _situation(
        ["other"],
        ["local_authority"],
        {"tribunal_decision": "2025-07-01", "written_reasons": "2025-07-10"},
    )
    advice = advise(data, today=D(2025, 7, 15))
    route = next(r for r in advice["routes"] if r["id"] == "tribunal_decision_challenge")

    assert "by 5pm on Monday 8 September 2025" in route["why"]
    assert {"set_aside_by", "upper_tribunal_permission_by"} <= {
        d["id"] for d in advice["deadlines"]
    }


def test_discrimination_claim_decisions_count_august():
    data = _situation(
        ["disability_discrimination"], ["school"], {"tribunal_decision": "2025-07-20"}
    )
    by_id = {d["id"]: d for d in advise(data, today=D(2025, 7, 21))["deadlines"]}

    assert by_id["set_aside_by"]["date"] == "2025-08-18"


def test_unopposed_appeal_clocks_are_reachable_from_the_deadlines_input():
    out = case_deadlines(
        {"dates": {"la_will_not_oppose": "2025-12-19"}, "unopposed_appeal_type": "contents"},
        today=D(2025, 12, 20),
    )
    (amended,) = out["deadlines"]

    # reg 45(4): 5 weeks from the day the council told the tribunal, Christmas included.
    assert (amended["id"], amended["date"]) == ("unopposed_amended_plan", "2026-01-23")
