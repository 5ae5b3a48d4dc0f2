"""Every worked example of law.md §10, as named cases from ``cases/worked_examples.yaml``."""

import pytest

from sendresolve.law.after_tribunal import after_tribunal_deadlines
from sendresolve.law.clocks import appeal_deadline, mediation_notice_by
from sendresolve.law.periods import hesc_r12
from sendresolve.law.rules import deadline_for
from sendresolve.law.school_days import TermDatesUnknown, exclusion_deadline, school_terms

from ._data import load_yaml

EXAMPLES = load_yaml("worked_examples.yaml")


def test_worked_examples_cover_every_section_of_law_md_10():
    sections = {case["name"].split()[0] for case in EXAMPLES}
    assert sections == {f"10.{n}" for n in range(2, 14)}


@pytest.mark.parametrize("case", EXAMPLES, ids=[c["name"] for c in EXAMPLES])
def test_worked_example(case):
    kind = case["kind"]
    if kind == "rule":
        result = deadline_for(case["rule"], case["trigger"], step=case.get("step"))
        assert result.date == case["expect"]
        assert result.practical_date == case.get("expect_practical")
        assert result.rule_id == case["rule"]
    elif kind == "appeal":
        result = appeal_deadline(case.get("decision_letter"), case.get("certificate_issued"))
        assert result.date == case["expect"]
        assert result.later_date == case.get("expect_later")
        assert result.due_time == "17:00"
    elif kind == "notice":
        result = mediation_notice_by(case["meeting"])
        assert result.date == case["expect"]
        assert result.later_date == case["expect_later"]
    elif kind == "hesc":
        result = hesc_r12(case["last_day"], starts_sen_appeal=case["starts_sen_appeal"])
        assert result.due == case["expect"]
        assert result.later_date == case.get("expect_later")
    elif kind == "tribunal":
        set_aside, permission = after_tribunal_deadlines(
            case["decision"], case.get("reasons"), sen_case=case["sen_case"]
        )
        assert set_aside.date == case["expect_set_aside"]
        assert permission.date == case["expect_permission"]
    elif kind == "school":
        terms = school_terms(case["council"])
        if case["expect"] is None:
            with pytest.raises(TermDatesUnknown):
                exclusion_deadline(case["deadline"], case["trigger"], terms)
        else:
            assert (
                exclusion_deadline(case["deadline"], case["trigger"], terms).date
                == (case["expect"])
            )
    else:
        pytest.fail(f"unknown kind {kind!r}")
