"""The time limits a local authority's decision letter must state (SEND Regulations reg 32)."""

import datetime as dt

import pytest

from sendresolve.law import REG_32_CONTENTS, decision_letter_dates

D = dt.date


@pytest.mark.parametrize(
    ("letter", "contact", "aim_for", "appeal"),
    [
        # law.md §10.2: 31 March 2024 is Easter Sunday; Good Friday and Easter Monday are not
        # working days. Reg 33 does not move; the appeal moves under HESC r.12(2).
        (D(2024, 1, 31), D(2024, 3, 31), D(2024, 3, 28), D(2024, 4, 2)),
        # Month ends: no 31 February, so the last day of the month (law.md §10.4).
        (D(2024, 12, 31), D(2025, 2, 28), None, D(2025, 2, 28)),
        (D(2023, 12, 30), D(2024, 2, 29), None, D(2024, 2, 29)),
        (D(2023, 12, 31), D(2024, 2, 29), None, D(2024, 2, 29)),
        # August: the appeal moves to the first working day after 31 August (r.12(3)(a));
        # contacting the adviser does not.
        (D(2024, 5, 31), D(2024, 7, 31), None, D(2024, 7, 31)),
        (D(2024, 6, 1), D(2024, 8, 1), None, D(2024, 9, 2)),
        (D(2024, 6, 15), D(2024, 8, 15), None, D(2024, 9, 2)),
        (D(2025, 6, 30), D(2025, 8, 30), D(2025, 8, 29), D(2025, 9, 1)),
        (D(2024, 7, 1), D(2024, 9, 1), D(2024, 8, 30), D(2024, 9, 2)),
        (D(2024, 7, 2), D(2024, 9, 2), None, D(2024, 9, 2)),
        # Christmas: 24 December is a working day; 25 December to 1 January moves the appeal to
        # the first working day after 1 January.
        (D(2024, 10, 24), D(2024, 12, 24), None, D(2024, 12, 24)),
        (D(2024, 10, 25), D(2024, 12, 25), D(2024, 12, 24), D(2025, 1, 2)),
        (D(2024, 11, 1), D(2025, 1, 1), D(2024, 12, 31), D(2025, 1, 2)),
        (D(2024, 11, 2), D(2025, 1, 2), None, D(2025, 1, 2)),
    ],
)
def test_letter_dates_for_a_decision_that_needs_a_certificate(letter, contact, aim_for, appeal):
    dates = decision_letter_dates(letter, certificate_required=True)

    assert dates.contact_adviser.date == contact
    assert dates.contact_adviser.practical_date == aim_for
    assert dates.contact_adviser.rule_id == "MED-01"
    assert dates.contact_adviser.legal_basis == ("SEND Regulations 2014 reg 33",)
    assert dates.appeal.date == appeal
    assert dates.appeal.due_time == "17:00"
    assert dates.appeal.legal_basis == ("HESC Rules 2008 r.20(1)(c)", "HESC Rules 2008 r.12")


def test_worked_example_a_explains_why_the_dates_move():
    dates = decision_letter_dates(D(2024, 1, 31), certificate_required=True)

    assert "aim to act by Thursday 28 March 2024" in dates.contact_adviser.rule
    assert "Easter Monday 1 April" in dates.appeal.rule
    assert "by 5pm on Tuesday 2 April 2024" in dates.appeal.rule
    assert "1 month from that date if that is later" in dates.appeal.rule


def test_later_certificate_limb_is_a_period_of_one_month():
    dates = decision_letter_dates(D(2024, 1, 31), certificate_required=True)

    assert dates.appeal_after_certificate.text == "1 month"
    assert dates.appeal_after_certificate.rule_id == "APP-01"
    assert "HESC Rules 2008 r.20(1)(c)" in dates.appeal_after_certificate.legal_basis


def test_placement_only_decision_has_no_adviser_deadline_and_one_appeal_limb():
    dates = decision_letter_dates(D(2024, 1, 31), certificate_required=False)

    assert dates.certificate_required is False
    assert dates.contact_adviser is None
    assert dates.appeal_after_certificate is None
    assert dates.appeal.date == D(2024, 4, 2)
    assert "only the 2-month limit applies" in dates.appeal.rule
    assert "SEND Regulations 2014 reg 33" not in dates.legal_basis


@pytest.mark.parametrize(
    ("name", "rule_id", "text", "citation"),
    [
        ("certificate_after_declining", "MED-02", "3 working days", "SEND Regulations 2014 reg 34"),
        (
            "certificate_after_mediation",
            "MED-08",
            "3 working days",
            "Children and Families Act 2014 s.55(5)",
        ),
        (
            "certificate_when_not_arranged",
            "MED-07",
            "3 working days",
            "SEND Code of Practice 2015 chapter 11",
        ),
        ("mediation_held", "MED-05", "30 days", "Children and Families Act 2014 ss.53–54"),
    ],
)
def test_periods_from_later_events_carry_their_rule_and_citation(name, rule_id, text, citation):
    period = getattr(decision_letter_dates(D(2024, 1, 31), certificate_required=True), name)

    assert period.rule_id == rule_id
    assert period.text == text
    assert citation in period.legal_basis


def test_an_extra_bank_holiday_moves_both_the_aim_for_date_and_the_appeal():
    dates = decision_letter_dates(
        D(2024, 1, 31),
        certificate_required=True,
        extra_holidays=[D(2024, 3, 28), D(2024, 4, 2)],
    )

    assert dates.contact_adviser.date == D(2024, 3, 31)
    assert dates.contact_adviser.practical_date == D(2024, 3, 27)
    assert dates.appeal.date == D(2024, 4, 3)


def test_legal_basis_lists_each_citation_once_in_order():
    basis = decision_letter_dates(D(2024, 1, 31), certificate_required=True).legal_basis

    assert basis[0] == "SEND Regulations 2014 reg 33"
    assert basis[1:3] == ("HESC Rules 2008 r.20(1)(c)", "HESC Rules 2008 r.12")
    assert len(basis) == len(set(basis))


def test_reg_32_lists_six_things_each_with_its_paragraph_cited():
    assert [item.key for item in REG_32_CONTENTS] == ["a", "b", "c", "d", "e", "f"]
    for item in REG_32_CONTENTS:
        assert f"SEND Regulations 2014 reg 32({item.key})" == item.legal_basis[0]
