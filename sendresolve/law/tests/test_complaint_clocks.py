"""The clocks of complaints recorded alongside a case (law.md §0 CMP-01, CMP-03, CMP-04,
CMP-06), with dates around Christmas, Easter, 29 February and month ends."""

import datetime as dt

import pytest

from sendresolve.law.complaint_clocks import OMBUDSMAN_NOTE, Complaint, complaint_clocks
from sendresolve.law.working_days import WorkingDays

D = dt.date


def clocks(*complaints, extra=()):
    return {t.key: t for t in complaint_clocks(complaints, WorkingDays.adding(tuple(extra)))}


def test_childrens_social_care_stage_1_skips_christmas_boxing_day_and_new_year():
    made = Complaint(1, "childrens_social_care_complaint", D(2025, 12, 19))
    out = clocks(made)

    # 22-24 December (3), 29-31 December (6), 2 January (7), 5-7 January (10).
    assert out["complaint:1:stage1"].deadline.date == D(2026, 1, 7)
    assert out["complaint:1:stage1"].deadline.rule_id == "CMP-04"
    assert out["complaint:1:stage1"].responsible == "local_authority"
    assert out["complaint:1:stage1_extended"].deadline.date == D(2026, 1, 21)
    assert out["complaint:1:ombudsman"].deadline.date == D(2026, 12, 19)


def test_nhs_complaint_is_acknowledged_in_3_working_days_around_easter():
    out = clocks(Complaint(2, "nhs_complaint", D(2024, 3, 28)))  # Maundy Thursday

    # Good Friday and Easter Monday are not working days: 2, 3, 4 April.
    assert out["complaint:2:acknowledged"].deadline.date == D(2024, 4, 4)
    assert out["complaint:2:acknowledged"].responsible == "commissioning_body"
    # The NHS goes to the PHSO (CMP-06), not the LGSCO (CMP-01).
    assert out["complaint:2:ombudsman"].deadline.rule_id == "CMP-06"
    assert out["complaint:2:ombudsman"].deadline.id == "phso_complaint_by"


def test_adult_social_care_acknowledgement_moves_with_an_extra_bank_holiday():
    made = Complaint(3, "adult_social_care_complaint", D(2026, 6, 1))

    assert clocks(made)["complaint:3:acknowledged"].deadline.date == D(2026, 6, 4)
    assert clocks(made, extra=[D(2026, 6, 3)])["complaint:3:acknowledged"].deadline.date == D(
        2026, 6, 5
    )


@pytest.mark.parametrize(
    ("made", "due"),
    [
        (D(2024, 2, 29), D(2025, 2, 28)),  # no 29 February next year: the month's last day
        (D(2023, 2, 28), D(2024, 2, 28)),
        (D(2024, 1, 31), D(2025, 1, 31)),
    ],
)
def test_the_ombudsman_12_months_from_an_la_complaint(made, due):
    out = clocks(Complaint(4, "local_authority_complaint", made))

    assert set(out) == {"complaint:4:ombudsman"}
    assert out["complaint:4:ombudsman"].deadline.date == due
    assert out["complaint:4:ombudsman"].responsible == "family"
    assert out["complaint:4:ombudsman"].deadline.rule.endswith(OMBUDSMAN_NOTE)


@pytest.mark.parametrize(
    ("made", "due"),
    [
        (D(2024, 2, 29), D(2025, 2, 28)),  # no 29 February next year: the month's last day
        (D(2024, 2, 28), D(2025, 2, 28)),
        (D(2024, 3, 1), D(2025, 3, 1)),
        (D(2023, 2, 28), D(2024, 2, 28)),  # not 29 February 2024: the same day of the month
        (D(2025, 1, 31), D(2026, 1, 31)),
        (D(2025, 12, 31), D(2026, 12, 31)),  # a year end
    ],
)
def test_the_phso_12_months_from_an_nhs_complaint(made, due):
    out = clocks(Complaint(7, "nhs_complaint", made))

    assert set(out) == {"complaint:7:acknowledged", "complaint:7:ombudsman"}
    phso = out["complaint:7:ombudsman"]
    assert phso.deadline.date == due
    assert phso.deadline.rule_id == "CMP-06"
    assert phso.deadline.legal_basis == ("Health Service Commissioners Act 1993 s.9(4)-(5)",)
    assert phso.responsible == "family"
    assert "Parliamentary and Health Service Ombudsman" in phso.title
    assert phso.deadline.rule.startswith("You should go to the Parliamentary and Health Service")
    assert phso.deadline.rule.endswith(OMBUDSMAN_NOTE)


def test_the_phso_clock_is_not_moved_by_bank_holidays():
    # Calendar months: an extra bank holiday on the last day changes nothing (12 months from
    # Wed 25 Dec 2024 end on Thu 25 Dec 2025, Christmas Day).
    made = Complaint(8, "nhs_complaint", D(2024, 12, 25))

    assert clocks(made)["complaint:8:ombudsman"].deadline.date == D(2025, 12, 25)
    assert clocks(made, extra=[D(2025, 12, 24)])["complaint:8:ombudsman"].deadline.date == D(
        2025, 12, 25
    )


def test_a_finished_nhs_complaint_keeps_the_phso_open():
    out = clocks(Complaint(9, "nhs_complaint", D(2025, 3, 3), finished=True))

    assert out["complaint:9:acknowledged"].not_needed
    assert not out["complaint:9:ombudsman"].not_needed


def test_a_finished_complaint_needs_no_reply_but_the_ombudsman_stays_open():
    out = clocks(Complaint(5, "childrens_social_care_complaint", D(2025, 3, 3), finished=True))

    assert out["complaint:5:stage1"].not_needed
    assert out["complaint:5:stage1_extended"].not_needed
    assert not out["complaint:5:ombudsman"].not_needed


@pytest.mark.parametrize(
    "kind", ["tribunal_appeal", "school_complaint", "judicial_review", "other"]
)
def test_other_proceedings_start_no_clock(kind):
    assert clocks(Complaint(6, kind, D(2025, 3, 3))) == {}
