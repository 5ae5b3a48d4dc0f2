"""Every time limit in docs/law.md §0 is data with citations and a verification marker."""

import datetime as dt
import re
from pathlib import Path

import pytest

from sendresolve.law.rules import deadline_for, time_limit, time_limits

# The repository root is parents[3] of this file.
LAW_MD = Path(__file__).resolve().parents[3] / "docs" / "law.md"

SECTION_0_IDS = (
    [f"MED-0{i}" for i in range(1, 9)]
    + [f"AGR-0{i}" for i in range(1, 5)]
    + ["APP-01", "APP-02", "DDC-01"]
    + [f"ORD-0{i}" for i in range(1, 7)]
    + ["UNO-01", "UNO-02", "UNO-03", "REC-01"]
    + [f"EHC-0{i}" for i in range(1, 10)]
    + [f"CMP-0{i}" for i in range(1, 7)]
)


def test_every_section_0_rule_id_is_present():
    assert set(SECTION_0_IDS) <= set(time_limits())


def test_rule_ids_match_law_md_section_0_table():
    table = LAW_MD.read_text("utf-8").split("## 1.")[0]
    ids = set(re.findall(r"^\| ([A-Z]{3}-\d{2}) ", table, flags=re.MULTILINE))
    assert ids == set(time_limits())


@pytest.mark.parametrize("rule_id", SECTION_0_IDS)
def test_rule_has_citations_marker_and_plain_rule(rule_id):
    limit = time_limit(rule_id)
    assert limit.citations
    assert all(citation.strip() for citation in limit.citations)
    assert limit.verification in {"C", "S", "U"}
    assert len(limit.rule) > 30
    assert limit.title and limit.trigger and limit.duty_holder


@pytest.mark.parametrize(
    ("rule_id", "marker"),
    [("MED-01", "C"), ("APP-01", "C"), ("APP-02", "U"), ("CMP-05", "U"), ("MED-05", "S")],
)
def test_verification_markers_follow_law_md(rule_id, marker):
    assert time_limit(rule_id).verification == marker


def test_unconfirmed_rules_carry_an_uncertainty_note():
    for limit in time_limits().values():
        if limit.verification == "U":
            assert limit.uncertain


def test_working_day_rules_name_a_calendar():
    for limit in time_limits().values():
        if limit.unit == "working_days":
            assert limit.calendar in {"ENG_WD", "HESC_WD", "CHILDREN_ACT_WD"}


def test_childrens_complaints_use_the_children_act_calendar():
    assert time_limit("CMP-04").calendar == "CHILDREN_ACT_WD"


def test_unknown_rule_id_is_refused():
    with pytest.raises(ValueError, match="unknown time limit"):
        time_limit("MED-99")


def test_multi_step_rule_needs_a_step():
    with pytest.raises(ValueError, match="step"):
        deadline_for("ORD-02", dt.date(2024, 5, 20))


def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match="no step"):
        deadline_for("ORD-02", dt.date(2024, 5, 20), step="final")


def test_working_day_deadline_names_the_skipped_holidays():
    deadline = deadline_for("MED-02", dt.date(2024, 3, 28))
    assert "Good Friday (29 March)" in deadline.rule
    assert "Easter Monday (1 April)" in deadline.rule
    assert deadline.legal_basis == (
        "SEND Regulations 2014 reg 34",
        "SEND Code of Practice 2015 chapter 11",
    )


def test_month_starting_rule_flags_a_missing_corresponding_day():
    deadline = deadline_for("DDC-01", dt.date(2025, 8, 31))
    assert deadline.date == dt.date(2026, 2, 27)
    assert any("earlier date" in note for note in deadline.uncertain)


def test_deadline_to_dict_is_the_contract_shape():
    out = deadline_for("MED-01", dt.date(2024, 1, 31), deadline_id="contact_mediation_adviser")
    assert out.to_dict()["date"] == "2024-03-31"
    assert out.to_dict()["practical_date"] == "2024-03-28"
    assert out.to_dict()["legal_basis"] == ["SEND Regulations 2014 reg 33"]


def _dates_of_effect_table():
    """law.md §0.1: {rule id: [dates of effect]} for rules whose values changed."""
    section = LAW_MD.read_text("utf-8").split("### 0.1")[1].split("## 1.")[0]
    rows = re.findall(r"^\| ([A-Z]{3}-\d{2}) \| ([\d\-; ]+) \|", section, flags=re.MULTILINE)
    return {
        rule_id: [dt.date.fromisoformat(d.strip()) for d in dates.split(";")]
        for rule_id, dates in rows
    }


def test_dates_of_effect_match_law_md_section_0_1():
    table = _dates_of_effect_table()
    assert table, "law.md §0.1 lists the rules whose values changed"
    for rule_id, limit in time_limits().items():
        starts = [start for start, _ in limit.effective]
        if starts == [dt.date(2014, 9, 1)]:
            assert rule_id not in table, f"{rule_id} has no change but is listed in §0.1"
        else:
            assert table.get(rule_id) == starts, f"{rule_id}: law.md §0.1 and the YAML differ"
