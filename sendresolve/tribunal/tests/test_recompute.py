"""A newly proclaimed bank holiday reaches the deadlines after the tribunal.

The order and the recommendation are of Monday 20 May 2024; their 5-week clocks end on Monday
24 June 2024, taken here as the new holiday. Periods in weeks keep their date (law.md §10); the
stored deadline gains the working day before as the day to aim for (``practical_due_on``).
"""

import datetime as dt

import pytest
from django.core.management import call_command

from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.tests.factories import open_case
from sendresolve.tribunal.models import (
    ComplianceDuty,
    ComplianceStep,
    Recommendation,
    TribunalDecision,
)

pytestmark = pytest.mark.django_db
NEW_HOLIDAY = dt.date(2024, 6, 24)


def ordered_case(world, *, order_day: dt.date, kind: str, steps: tuple[str, ...]):
    """A case with a tribunal order of ``kind`` and a health recommendation, both of
    ``order_day``, its deadlines stored as case work leaves them."""
    case = open_case(world)
    decision = TribunalDecision.objects.create(case=case, outcome="order", decided_on=order_day)
    duty = ComplianceDuty.objects.create(
        case=case, decision=decision, source="order", kind=kind, starts_on=order_day
    )
    for step in steps:
        ComplianceStep.objects.create(duty=duty, step=step)
    recommendation = Recommendation.objects.create(
        case=case,
        decision=decision,
        area="health",
        commissioning_body=world.commissioning_body,
        made_on=order_day,
        text="Speech and language therapy assessment",
    )
    deadlines_recompute(case)
    return case, duty, recommendation


def stored(row: CaseDeadline) -> dict:
    return {f.attname: getattr(row, f.attname) for f in CaseDeadline._meta.concrete_fields}


def test_recompute_with_a_new_holiday_reaches_reg_44_steps_and_recommendation_replies(
    world, capsys
):
    case, duty, recommendation = ordered_case(
        world, order_day=dt.date(2024, 5, 20), kind="make_plan", steps=("draft_plan", "final_plan")
    )
    # An order of Mon 1 April 2024 to amend the plan: 5 weeks end on Mon 6 May, before 24 June.
    other, other_duty, _ = ordered_case(
        world, order_day=dt.date(2024, 4, 1), kind="amend_plan", steps=("amended_plan",)
    )
    draft = CaseDeadline.objects.get(case=case, key=f"duty:{duty.pk}:draft_plan")
    final = CaseDeadline.objects.get(case=case, key=f"duty:{duty.pk}:final_plan")
    reply = CaseDeadline.objects.get(case=case, key=f"recommendation:{recommendation.pk}")
    assert (draft.due_on, draft.practical_due_on) == (dt.date(2024, 6, 24), None)
    assert (final.due_on, final.practical_due_on) == (dt.date(2024, 8, 5), None)
    assert (reply.due_on, reply.practical_due_on) == (dt.date(2024, 6, 24), None)
    final_before = stored(final)
    others_before = [stored(row) for row in other.deadlines.order_by("key")]

    call_command("recompute_deadlines", "--extra-holiday", NEW_HOLIDAY.isoformat())
    # Only the case counted across 24 June is examined; two of its deadlines change.
    assert capsys.readouterr().out.startswith("Recomputed 1 open cases: 1 changed (2 deadlines)")

    for row in (draft, reply):
        row.refresh_from_db()
        assert row.due_on == dt.date(2024, 6, 24)
        assert row.practical_due_on == dt.date(2024, 6, 21)  # Friday
        assert "Extra holiday 24 June" in row.rule
    assert draft.rule_id == "ORD-02"
    assert reply.rule_id == "REC-01"
    assert reply.responsible_body == world.commissioning_body
    # The 11-week final plan spans 24 June but is counted in weeks: unchanged.
    final.refresh_from_db()
    assert stored(final) == final_before
    assert [stored(row) for row in other.deadlines.order_by("key")] == others_before
    assert other.deadlines.get(key=f"duty:{other_duty.pk}:amended_plan").due_on == dt.date(
        2024, 5, 6
    )

    call_command("recompute_deadlines", "--extra-holiday", NEW_HOLIDAY.isoformat())
    assert "1 open cases: 0 changed" in capsys.readouterr().out


def test_the_extra_bank_holidays_setting_reaches_tribunal_deadlines_on_every_write(world, settings):
    settings.SENDRESOLVE_EXTRA_BANK_HOLIDAYS = (NEW_HOLIDAY,)
    case, duty, recommendation = ordered_case(
        world, order_day=dt.date(2024, 5, 20), kind="make_plan", steps=("draft_plan",)
    )
    for key in (f"duty:{duty.pk}:draft_plan", f"recommendation:{recommendation.pk}"):
        row = CaseDeadline.objects.get(case=case, key=key)
        assert (row.due_on, row.practical_due_on) == (dt.date(2024, 6, 24), dt.date(2024, 6, 21))
