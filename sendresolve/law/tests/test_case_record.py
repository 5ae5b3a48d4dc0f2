"""One case record in, every deadline of the case out, with one set of working days.

Dates used: Monday 20 May 2024 (a tribunal order, a recommendation and a mediation agreement),
whose 5-week clocks end on Monday 24 June 2024, taken here as a newly proclaimed bank holiday.
Periods in weeks are not moved by a holiday (law.md §10): a clock that ends on one keeps its date
and gains the working day before as the day to aim for.
"""

import datetime as dt

from sendresolve.law import CaseFacts, WorkingDays, case_record_deadlines
from sendresolve.law.case_record import (
    AgreedAction,
    Body,
    CaseRecord,
    ComplianceDuty,
    ComplianceStep,
    Meeting,
    Recommendation,
)

D = dt.date
ORDER_DAY = D(2024, 5, 20)  # Monday
NEW_HOLIDAY = D(2024, 6, 24)  # Monday, 5 weeks after the order
ICB = Body(7, "NHS North Central London ICB")
NO_APPEAL = CaseFacts(certificate_required=None, appeal_in_play=False)


def record(**fields) -> CaseRecord:
    return CaseRecord(dates={}, facts=NO_APPEAL, local_authority="Barnet", **fields)


def by_key(rec: CaseRecord, working_days: WorkingDays | None = None) -> dict:
    return {item.key: item for item in case_record_deadlines(rec, working_days=working_days)}


def order_to_make_a_plan(**step_done) -> ComplianceDuty:
    return ComplianceDuty(
        id=3,
        source="order",
        kind="make_plan",
        starts_on=ORDER_DAY,
        steps=(
            ComplianceStep("draft_plan", "Send the draft EHC plan", step_done.get("draft_plan")),
            ComplianceStep("final_plan", "Send the final EHC plan", step_done.get("final_plan")),
        ),
    )


def test_reg_44_steps_ending_on_a_new_bank_holiday_show_the_working_day_before():
    rec = record(duties=(order_to_make_a_plan(),))
    before = by_key(rec)
    after = by_key(rec, WorkingDays.adding([NEW_HOLIDAY]))

    draft = after["duty:3:draft_plan"]
    assert draft.deadline.id == "order_draft_plan"
    assert draft.deadline.rule_id == "ORD-02"
    assert draft.title == "Send the draft EHC plan (tribunal order)"
    assert draft.responsible == "local_authority"
    # 5 weeks from Mon 20 May 2024 is Mon 24 June: the date stands, aim for Fri 21 June.
    assert before["duty:3:draft_plan"].deadline.date == draft.deadline.date == D(2024, 6, 24)
    assert before["duty:3:draft_plan"].deadline.practical_date is None
    assert draft.deadline.practical_date == D(2024, 6, 21)
    assert "Extra holiday 24 June" in draft.deadline.rule
    # The 11-week final plan (Mon 5 August) counts across 24 June in weeks: nothing changes.
    assert after["duty:3:final_plan"] == before["duty:3:final_plan"]
    assert after["duty:3:final_plan"].deadline.date == D(2024, 8, 5)


def test_recommendation_replies_ending_on_a_new_bank_holiday_show_the_working_day_before():
    rec = record(
        recommendations=(
            Recommendation(11, "health", ORDER_DAY, body=ICB),
            Recommendation(12, "social_care", D(2024, 5, 13), responded_on=D(2024, 6, 3)),
        )
    )
    before = by_key(rec)
    after = by_key(rec, WorkingDays.adding([NEW_HOLIDAY]))
    health = after["recommendation:11"]
    assert health.deadline.rule_id == "REC-01"
    assert health.deadline.date == D(2024, 6, 24)
    assert before["recommendation:11"].deadline.practical_date is None
    assert health.deadline.practical_date == D(2024, 6, 21)
    assert health.responsible == "commissioning_body"
    assert health.responsible_body == ICB
    assert health.title == "Reply in writing to the tribunal's health recommendation"
    # Made a week earlier: its 5 weeks end on Mon 17 June, before the new holiday.
    social = after["recommendation:12"]
    assert social == before["recommendation:12"]
    assert social.deadline.date == D(2024, 6, 17)
    assert (social.responsible, social.responsible_body) == ("local_authority", None)
    assert social.met_on == D(2024, 6, 3)


def action(id_: int, clock: str, **fields) -> AgreedAction:
    values = {
        "description": f"Action {id_}",
        "owner": "local_authority",
        "owner_label": "Local authority",
        "agreed_on": ORDER_DAY,
    }
    values.update(fields)
    return AgreedAction(id=id_, clock=clock, **values)


def test_agreed_action_clocks_ending_on_a_new_bank_holiday_show_the_working_day_before():
    rec = record(
        commissioning_body=ICB,
        actions=(
            action(1, "non_appealable", owner="commissioning_body"),
            action(2, "amend_plan"),
            action(3, "make_plan"),
            action(4, "agreed_date", agreed_due_on=NEW_HOLIDAY),
        ),
    )
    before = by_key(rec)
    after = by_key(rec, WorkingDays.adding([NEW_HOLIDAY]))
    assert list(after) == [
        "action:1",
        "action:2:agreement_amended_plan",
        "action:3:agreement_draft_plan",
        "action:3:agreement_final_plan",
        "action:4",
    ]
    # Reg 42(3): 2 weeks, Mon 3 June; the new holiday is after it.
    assert after["action:1"] == before["action:1"]
    assert after["action:1"].deadline.date == D(2024, 6, 3)
    assert after["action:1"].responsible_body == ICB
    # Reg 42(2) with reg 44: 5 weeks end on the new holiday.
    for key in ("action:2:agreement_amended_plan", "action:3:agreement_draft_plan"):
        assert after[key].deadline.date == D(2024, 6, 24)
        assert before[key].deadline.practical_date is None
        assert after[key].deadline.practical_date == D(2024, 6, 21)
    # 11 weeks (Mon 5 August) span the holiday but are counted in weeks.
    assert after["action:3:agreement_final_plan"] == before["action:3:agreement_final_plan"]
    # Reg 42(5): a date the parties agreed in writing is theirs, holiday or not.
    assert after["action:4"] == before["action:4"]
    assert after["action:4"].deadline.date == NEW_HOLIDAY
    assert after["action:4"].deadline.duty_holder == "Local authority"


def test_working_day_clocks_and_meeting_notices_count_the_new_holiday():
    rec = CaseRecord(
        dates={"decision_letter": D(2024, 5, 1), "adviser_informed_declined": D(2024, 6, 3)},
        facts=CaseFacts(),
        local_authority="Barnet",
        meetings=(Meeting(5, D(2024, 6, 17)),),
    )
    before = by_key(rec)
    after = by_key(rec, WorkingDays.adding([D(2024, 6, 5), D(2024, 6, 12)]))
    # MED-02: 3 working days after Mon 3 June is Thu 6 June; with Wed 5 June off, Fri 7 June.
    assert before["certificate_after_declining"].deadline.date == D(2024, 6, 6)
    assert after["certificate_after_declining"].deadline.date == D(2024, 6, 7)
    # MED-06: 5 clear working days before Mon 17 June is Fri 7 June; with Wed 12 June off,
    # Thu 6 June (and the 5th working day before moves from Mon 10 to Fri 7 June).
    assert before["mediation_notice:5"].deadline.date == D(2024, 6, 7)
    assert before["mediation_notice:5"].deadline.later_date == D(2024, 6, 10)
    assert after["mediation_notice:5"].deadline.date == D(2024, 6, 6)
    assert after["mediation_notice:5"].deadline.later_date == D(2024, 6, 7)


def test_the_deadlines_come_in_one_order_with_who_acts_and_whether_done():
    rec = CaseRecord(
        dates={"decision_letter": D(2024, 1, 2), "mediation_ended": D(2024, 3, 12)},
        facts=CaseFacts(),
        local_authority="Barnet",
        adviser_contacted_on=D(2024, 1, 8),
        certificates={"mediation_concluded": D(2024, 3, 13)},
        appeal_decided=True,
        meetings=(Meeting(5, D(2024, 3, 12), shorter_notice_agreed=True),),
        actions=(action(1, "non_appealable", agreed_on=D(2024, 3, 12)),),
        duties=(order_to_make_a_plan(draft_plan=D(2024, 6, 20)),),
    )
    items = case_record_deadlines(rec)
    assert [item.key for item in items] == [
        "contact_mediation_adviser",
        "certificate_after_mediation",
        "appeal_registration",
        "mediation_notice:5",
        "action:1",
        "duty:3:draft_plan",
        "duty:3:final_plan",
    ]
    done = {item.key: (item.met_on, item.not_needed) for item in items}
    assert done["contact_mediation_adviser"] == (D(2024, 1, 8), False)
    assert done["certificate_after_mediation"] == (D(2024, 3, 13), False)
    # Decided by the tribunal with no appeal recorded as made: no longer needed.
    assert done["appeal_registration"] == (None, True)
    assert done["mediation_notice:5"] == (None, True)  # the family agreed to shorter notice
    assert done["duty:3:draft_plan"] == (D(2024, 6, 20), False)
    assert done["duty:3:final_plan"] == (None, False)
