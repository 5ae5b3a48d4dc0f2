"""After the tribunal's decision: setting it aside and permission to appeal (HESC r.45-r.47).

Both clocks are 28 days, counted by the tribunal's own rules (HESC Rules r.12; law.md §3.2):

* r.12(3)(b): in a special educational needs case the days from 25 December to 1 January and
  every day in August are **not counted** (a disability discrimination claim has no such relief
  since the 2020 amendment, so its days all count);
* r.12(2): a last day that is not a working day moves to the next working day;
* r.12(1): the application must arrive by 5pm.

The permission clock runs from the later of the decision and the written reasons (r.46(2)).
"""

from __future__ import annotations

import datetime as dt

from . import periods
from .dates import long_date
from .rules import Deadline, time_limit
from .working_days import HESC_WD, WorkingDayCalendar

__all__ = ["after_tribunal_deadlines", "hesc_days_after"]


def hesc_days_after(
    start: dt.date, days: int, *, sen_case: bool, calendar: WorkingDayCalendar = HESC_WD
) -> tuple[dt.date, list[str]]:
    """Count ``days`` after ``start`` under HESC r.12(3)(b) and r.12(2); say what moved it."""
    day = start
    counted = skipped = 0
    while counted < days:
        day += periods.ONE_DAY
        if sen_case and periods.in_hesc_relief_window(day):
            skipped += 1
            continue
        counted += 1
    notes = []
    if skipped:
        notes.append(
            f"In a special educational needs case the days from 25 December to 1 January and "
            f"in August are not counted (HESC Rules r.12(3)(b)): {skipped} such days were left "
            "out."
        )
    if not calendar.is_working_day(day):
        moved = calendar.add_working_days(day, 1)
        notes.append(
            f"{long_date(day)} is not a working day, so the next working day counts "
            "(HESC Rules r.12(2))."
        )
        day = moved
    return day, notes


def _deadline(
    rule_id: str, deadline_id: str, trigger: dt.date, label: str, sen_case: bool
) -> Deadline:
    limit = time_limit(rule_id).on(trigger)
    date, notes = hesc_days_after(trigger, limit.period or 28, sen_case=sen_case)
    rule = " ".join(
        [
            limit.rule,
            f"{label} {long_date(trigger)}.",
            *notes,
            f"So the tribunal must get it by 5pm on {long_date(date)}.",
        ]
    )
    return Deadline(
        id=deadline_id,
        date=date,
        rule=rule,
        legal_basis=limit.citations,
        rule_id=limit.id,
        duty_holder=limit.duty_holder,
        verification=limit.verification,
        trigger_date=trigger,
        due_time=periods.HESC_CUTOFF.strftime("%H:%M"),
        uncertain=limit.uncertain,
    )


def after_tribunal_deadlines(
    decision_sent: dt.date | None, reasons_sent: dt.date | None = None, *, sen_case: bool = True
) -> list[Deadline]:
    """TRB-01 (set aside, from the decision) and TRB-02 (permission, from the later date).

    ``sen_case`` is False for a disability discrimination claim (no r.12(3)(b) relief).
    """
    out = []
    if decision_sent is not None:
        out.append(_deadline("TRB-01", "set_aside_by", decision_sent, "Decision sent on", sen_case))
    sent = [d for d in (decision_sent, reasons_sent) if d is not None]
    if sent:
        later = max(sent)
        label = (
            "Written reasons sent on"
            if reasons_sent is not None and later == reasons_sent
            else "Decision sent on"
        )
        out.append(_deadline("TRB-02", "upper_tribunal_permission_by", later, label, sen_case))
    return out
