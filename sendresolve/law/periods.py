"""Counting rules: how a period of months, weeks, days or working days becomes a date.

Each function states one counting rule from law.md §0 and §10:

* ``CM-after``     – calendar months after an event (event day excluded; same day-number in the
  target month, or its last day if there is no such day): :func:`months_after`.
* ``CD-of``        – calendar days of/after an event (event day excluded): :func:`days_after`.
* ``CD-beginning`` – calendar days beginning with an event (event day is day 1):
  :func:`days_beginning_with`.
* ``W-of``         – weeks of an event: :func:`weeks_after`.
* ``WD-of``        – working days of an event (only working days after the event day count):
  :func:`working_days_after`.
* ``WD-before``    – at least N working days before a meeting: :func:`working_days_before`.
* ``M-starting``   – months starting with an event (event day is day 1):
  :func:`months_starting_with`.
* ``+HESC``        – the tribunal's own adjustments (HESC Rules r.12): :func:`hesc_r12`.

None of these roll a weekend or holiday forward unless the rule says so; only the HESC Rules do.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass

from .dates import day_and_month
from .working_days import ENG_WD, HESC_WD, WorkingDayCalendar

__all__ = [
    "HESC_CUTOFF",
    "HescAdjustment",
    "MonthResult",
    "NoticeWindow",
    "add_months",
    "days_after",
    "days_beginning_with",
    "hesc_r12",
    "in_hesc_relief_window",
    "months_after",
    "months_starting_with",
    "weeks_after",
    "working_days_after",
    "working_days_before",
]

#: HESC Rules r.12(1): an act due on or by a day must be done by 5pm that day.
HESC_CUTOFF = dt.time(17, 0)

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class MonthResult:
    """A date reached by counting calendar months, and whether month-end clamping was needed."""

    date: dt.date
    clamped: bool


def add_months(day: dt.date, months: int) -> MonthResult:
    """Move ``day`` on by whole calendar months, clamping to the last day of a short month.

    31 January + 1 month is 29 February in a leap year and 28 February otherwise (law.md §10.1(3);
    Interpretation Act 1978 Sch 1; *Dodds v Walker* [1981] 1 WLR 1027).
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    if day.day > last:
        return MonthResult(dt.date(year, month, last), True)
    return MonthResult(dt.date(year, month, day.day), False)


def months_after(day: dt.date, months: int) -> dt.date:
    """CM-after: N calendar months after ``day``; the day of the event is not counted.

    The period ends on the same day-number in the target month (1 October + 2 months =
    1 December), or on that month's last day if it has no such day.
    """
    return add_months(day, months).date


def months_starting_with(day: dt.date, months: int) -> MonthResult:
    """M-starting: N months starting with ``day``, so ``day`` is the first day of the period.

    The last day is the day before the corresponding date: conduct on 10 March 2025 + 6 months
    → last day 9 September 2025 (Equality Act 2010 Sch 17 para 4). Where the target month has no
    corresponding date (conduct on 31 August → February), the corresponding date is taken as the
    month's last day and the period ends the day before it — the earlier, safer reading. The
    result says ``clamped=True`` so callers can flag the point as unclear [U].
    """
    corresponding = add_months(day, months)
    return MonthResult(corresponding.date - ONE_DAY, corresponding.clamped)


def days_after(day: dt.date, days: int) -> dt.date:
    """CD-of: N calendar days after ``day`` (event day excluded; no holiday adjustment)."""
    return day + dt.timedelta(days=days)


def days_beginning_with(day: dt.date, days: int) -> dt.date:
    """CD-beginning: N calendar days beginning with ``day`` (event day is day 1).

    A draft plan served on Monday 1 July 2024 gives 15 days ending Monday 15 July 2024
    (SEND Regs reg 13(1)(a), reg 22(2)(c)).
    """
    if days < 1:
        raise ValueError("a period beginning with a day is at least 1 day long")
    return day + dt.timedelta(days=days - 1)


def weeks_after(day: dt.date, weeks: int) -> dt.date:
    """W-of: N weeks of ``day`` is ``day`` + 7·N days; no holiday adjustment."""
    return day + dt.timedelta(weeks=weeks)


def working_days_after(day: dt.date, count: int, calendar: WorkingDayCalendar = ENG_WD) -> dt.date:
    """WD-of: the N-th working day after ``day``; ``day`` itself never counts.

    Told on Thursday 28 March 2024 → Good Friday, the weekend and Easter Monday are skipped →
    Tuesday 2 April (1), Wednesday 3 April (2), Thursday 4 April 2024 (3).
    """
    if count < 1:
        raise ValueError("a working-day period is at least 1 working day")
    return calendar.add_working_days(day, count)


@dataclass(frozen=True)
class NoticeWindow:
    """Latest day to give notice "at least N working days before" a meeting.

    ``date`` is the safe reading (N *clear* working days between the notice and the meeting);
    ``later_date`` is the reading that counts the N-th working day before the meeting. Which is
    right is unclear [U] (law.md §10.5), so use ``date``.
    """

    date: dt.date
    later_date: dt.date


def working_days_before(
    meeting: dt.date, count: int, calendar: WorkingDayCalendar = ENG_WD
) -> NoticeWindow:
    """WD-before: notice at least N working days before ``meeting``.

    For a mediation on Wednesday 15 January 2025 and 5 working days: 8 January 2025 is the 5th
    working day before; 7 January 2025 leaves 5 clear working days in between (safe date).
    """
    if count < 1:
        raise ValueError("a notice period is at least 1 working day")
    nth = calendar.add_working_days(meeting, -count)
    clear = calendar.add_working_days(meeting, -(count + 1))
    return NoticeWindow(date=clear, later_date=nth)


# -- HESC Rules r.12 --------------------------------------------------------------------------


def in_hesc_relief_window(day: dt.date) -> bool:
    """True for 25 December–1 January inclusive and for every day in August (HESC r.12(3))."""
    return (
        day.month == 8 or (day.month == 12 and day.day >= 25) or (day.month == 1 and day.day == 1)
    )


def _relief_date(day: dt.date, calendar: WorkingDayCalendar) -> dt.date:
    """First working day after 1 January or after 31 August, for a day in the relief window."""
    if day.month == 8:
        anchor = dt.date(day.year, 8, 31)
    elif day.month == 12:
        anchor = dt.date(day.year + 1, 1, 1)
    else:
        anchor = dt.date(day.year, 1, 1)
    return calendar.add_working_days(anchor, 1)


@dataclass(frozen=True)
class HescAdjustment:
    """The result of applying HESC Rules r.12 to the last day of a period.

    ``statutory`` is the day the period ends; ``due`` the day the act is in time on (by 5pm);
    ``reasons`` explains any move in plain English; ``later_date`` is set only for the unclear
    case of law.md §10.8, where ``due`` is the safe earlier date.
    """

    statutory: dt.date
    due: dt.date
    reasons: tuple[str, ...]
    later_date: dt.date | None = None

    @property
    def moved(self) -> bool:
        """True if the act is in time on a later day than the period's last day."""
        return self.due != self.statutory

    @property
    def uncertain(self) -> bool:
        """True where the law is unclear and a later date may also be in time."""
        return self.later_date is not None


def hesc_r12(
    last_day: dt.date,
    *,
    starts_sen_appeal: bool,
    calendar: WorkingDayCalendar = HESC_WD,
) -> HescAdjustment:
    """Apply HESC Rules r.12 to the last day of a tribunal time limit.

    * r.12(1): the act must be done by 5pm (:data:`HESC_CUTOFF`).
    * r.12(3)(a), only for the application notice starting a special educational needs appeal
      (``starts_sen_appeal``): if the period ends between 25 December and 1 January inclusive,
      or on any day in August, the notice is in time on the first working day after 1 January or
      after 31 August. This relief does not apply to disability discrimination claims (2020
      amendment).
    * r.12(2): otherwise, if the period ends on a day that is not a working day, the act is in
      time on the next working day.

    Unclear case [U] (law.md §10.8): a period ending on a non-working day just before the relief
    window (e.g. Saturday 24 December 2022), where r.12(2) lands inside it (Wednesday 28 December).
    Whether r.12(3)(a) then carries it to the first working day after 1 January is not settled,
    so ``due`` is the earlier date and ``later_date`` the later one.
    """
    if starts_sen_appeal and in_hesc_relief_window(last_day):
        due = _relief_date(last_day, calendar)
        window = "in August" if last_day.month == 8 else "between 25 December and 1 January"
        after = "31 August" if last_day.month == 8 else "1 January"
        return HescAdjustment(
            statutory=last_day,
            due=due,
            reasons=(
                f"The time limit ends {window}, so under the tribunal's rules (HESC Rules "
                f"r.12(3)(a)) the appeal is in time on the first working day after {after}.",
            ),
        )
    if calendar.is_working_day(last_day):
        return HescAdjustment(statutory=last_day, due=last_day, reasons=())
    due = calendar.add_working_days(last_day, 1)
    skipped = _describe_skipped(last_day, due, calendar)
    reasons = [
        f"The time limit ends on a day that is not a working day ({skipped}), so under the "
        "tribunal's rules (HESC Rules r.12(2)) it moves to the next working day."
    ]
    later = None
    if starts_sen_appeal and in_hesc_relief_window(due):
        later = _relief_date(due, calendar)
        reasons.append(
            "The law is unclear whether the Christmas or August rule (r.12(3)(a)) then moves it "
            "again, so the earlier date is shown as the safe deadline."
        )
    return HescAdjustment(statutory=last_day, due=due, reasons=tuple(reasons), later_date=later)


def _describe_skipped(start: dt.date, end: dt.date, calendar: WorkingDayCalendar) -> str:
    """Name the non-working days from ``start`` up to (not including) ``end``."""
    parts = []
    day = start
    while day < end:
        reason = calendar.non_working_reason(day)
        if reason:
            parts.append(f"{reason} {day_and_month(day)}")
        day += ONE_DAY
    return ", ".join(parts)
