"""Named clocks for case management: orders, unopposed appeals, agreements, complaints."""

import datetime as dt

import pytest

from sendresolve.law import clocks

D = dt.date


def dates(deadlines):
    return {d.id: d.date for d in deadlines}


def test_order_to_assess_has_three_clocks():
    assert dates(clocks.tribunal_order_deadlines(D(2024, 5, 20), "assess")) == {
        "order_notify_will_assess": D(2024, 6, 3),
        "order_no_plan_notice": D(2024, 7, 29),
        "order_final_plan_after_assessment": D(2024, 8, 26),
    }


def test_order_to_continue_to_maintain_is_immediate():
    assert dates(clocks.tribunal_order_deadlines(D(2024, 5, 20), "continue_to_maintain")) == {
        "order_continue_to_maintain": D(2024, 5, 20)
    }


def test_unknown_order_type_is_refused():
    with pytest.raises(ValueError, match="order type"):
        clocks.tribunal_order_deadlines(D(2024, 5, 20), "banish")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "assessment",
            {
                "unopposed_notify_will_assess": D(2024, 6, 3),
                "unopposed_no_plan_notice": D(2024, 7, 29),
                "unopposed_final_plan_after_assessment": D(2024, 8, 26),
            },
        ),
        ("contents", {"unopposed_amended_plan": D(2024, 6, 24)}),
        ("placement", {"unopposed_school_change": D(2024, 6, 3)}),
        (
            "refusal_to_issue",
            {"unopposed_draft_plan": D(2024, 6, 24), "unopposed_final_plan": D(2024, 8, 5)},
        ),
    ],
)
def test_unopposed_appeal_clocks(kind, expected):
    assert dates(clocks.unopposed_appeal_deadlines(D(2024, 5, 20), kind)) == expected


def test_agreement_clocks_follow_reg_42():
    result = clocks.agreement_deadlines(
        D(2024, 5, 20), appealable=["make_plan"], la_was_party=False
    )
    assert dates(result) == {
        "agreement_draft_plan": D(2024, 6, 24),
        "agreement_final_plan": D(2024, 8, 5),
        "agreed_actions_due": D(2024, 6, 3),
        "agreement_notified_to_la": D(2024, 5, 27),
    }
    assert {d.rule_id for d in result} == {"AGR-01", "AGR-02", "AGR-03"}


def test_childrens_complaint_stage_one_uses_the_children_act_calendar():
    # 10 working days from Fri 19 Dec 2025: Boxing Day (a Friday) and the other holidays skipped.
    deadline = clocks.childrens_complaint_deadline("stage1_response", D(2025, 12, 19))
    assert deadline.date == D(2026, 1, 7)
    assert deadline.rule_id == "CMP-04"


def test_unknown_complaint_stage_is_refused():
    with pytest.raises(ValueError, match="stage"):
        clocks.childrens_complaint_deadline("stage9", D(2025, 1, 1))


def test_ehc_request_deadlines():
    assert dates(clocks.ehc_request_deadlines(D(2024, 9, 2))) == {
        "la_decision_on_assessment": D(2024, 10, 14),
        "no_plan_decision": D(2024, 12, 23),
        "final_plan_due": D(2025, 1, 20),
    }


@pytest.mark.parametrize(("post16", "expected"), [(False, D(2026, 2, 15)), (True, D(2026, 3, 31))])
def test_phase_transfer_deadline(post16, expected):
    assert clocks.phase_transfer_deadline(2026, secondary_to_post16=post16).date == expected


def test_appeal_deadline_without_a_certificate_requirement_ignores_the_certificate():
    result = clocks.appeal_deadline(D(2024, 1, 31), D(2024, 3, 15), certificate_required=False)
    assert result.date == D(2024, 4, 2)


def test_appeal_deadline_needs_a_date():
    with pytest.raises(ValueError, match="needs"):
        clocks.appeal_deadline(None, None)


def test_appeal_rule_text_says_when_r12_moved_the_date():
    result = clocks.appeal_deadline(D(2024, 6, 15))
    assert "r.12(3)(a)" in result.rule
    assert "Monday 2 September 2024" in result.rule
