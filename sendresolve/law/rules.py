"""Time limits as data (``time_limits.yaml``) and the :class:`Deadline` they produce.

Every time limit in law.md §0 is one :class:`TimeLimit`: its id, trigger, duty holder, period,
unit, counting rule, calendar, citations and verification marker ([C]/[S]/[U]), plus the rule in
plain English. :func:`deadline_for` turns a time limit and a trigger date into a :class:`Deadline`.

Law with dates: like an OpenFisca parameter, each rule's values are keyed by the date from which
they apply (``effective`` in the YAML; law.md §0.1). The fields written on the rule are the law
as it stands; each ``effective`` entry says which of them differed (or will differ) from its date.
:meth:`TimeLimit.on` picks the values in force on the trigger date, so a change in the law never
moves the deadlines of a case whose clock started before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from . import periods
from .dates import day_and_month, long_date
from .working_days import ENG_WD, WorkingDayCalendar, get_calendar

__all__ = [
    "COUNTING_RULES",
    "Deadline",
    "Step",
    "TimeLimit",
    "deadline_for",
    "time_limit",
    "time_limits",
]

COUNTING_RULES = frozenset(
    {
        "CM-after",
        "CD-of",
        "CD-beginning",
        "W-of",
        "WD-of",
        "WD-before",
        "M-starting",
        "SD-of",
        "none",
    }
)
UNITS = frozenset(
    {
        "calendar_months",
        "months",
        "weeks",
        "days",
        "working_days",
        "school_days",
        "fixed_date",
        "none",
    }
)
MARKERS = frozenset({"C", "S", "U"})
ADJUSTMENTS = frozenset({"none", "hesc_sen_appeal", "hesc_relief", "hesc_sen_other"})
#: The day the current SEND law (CFA 2014 Part 3, SEND Regulations 2014) came into force.
CURRENT_LAW_START = dt.date(2014, 9, 1)
#: Fields an ``effective`` entry may change from one date to the next.
VERSIONED_FIELDS = frozenset(
    {"period", "adjustment", "rule", "citations", "uncertain", "steps", "verification"}
)


@dataclass(frozen=True)
class Step:
    """One of several clocks that run from the same trigger (e.g. draft plan / final plan)."""

    key: str
    period: int
    what: str


@dataclass(frozen=True)
class TimeLimit:
    """One statutory time limit, as a lawyer would read it."""

    id: str
    title: str
    trigger: str
    duty_holder: str
    period: int | None
    unit: str
    counting: str
    calendar: str | None
    adjustment: str
    citations: tuple[str, ...]
    verification: str
    rule: str
    uncertain: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    verification_note: str = ""
    #: (date from which they apply, the fields that differ then), oldest first.
    effective: tuple[tuple[dt.date, tuple[tuple[str, Any], ...]], ...] = ((CURRENT_LAW_START, ()),)

    @property
    def in_force_from(self) -> dt.date:
        """The first day from which this rule applies (its earliest ``effective`` date)."""
        return self.effective[0][0]

    def on(self, day: dt.date | None) -> TimeLimit:
        """Return the rule with the values in force on ``day`` (the trigger date).

        A day before the earliest date gets the earliest values (the finder warns separately
        about dates before the current law). ``None`` means the values as they stand now.
        """
        if day is None:
            return self
        chosen = self.effective[0][1]
        for start, changes in self.effective:
            if start <= day:
                chosen = changes
        return replace(self, **dict(chosen)) if chosen else self

    def step(self, key: str) -> Step:
        """Return the step called ``key``."""
        for step in self.steps:
            if step.key == key:
                return step
        known = ", ".join(s.key for s in self.steps) or "none"
        raise ValueError(f"{self.id} has no step {key!r} (steps: {known})")

    @property
    def working_day_calendar(self) -> WorkingDayCalendar:
        """The calendar this rule counts working days in (ENG_WD if it names none)."""
        return get_calendar(self.calendar) if self.calendar else ENG_WD


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: what must happen by when, who must do it, and why.

    ``date`` is the legal deadline. ``practical_date`` is the last working day on or before it
    where ``date`` is not a working day and the law does not move it. ``later_date`` is set only
    where the law is unclear and a later date may also be in time (``date`` is then the safe
    one). ``due_time`` is "17:00" for acts at the tribunal (HESC Rules r.12(1)).
    """

    id: str
    date: dt.date
    rule: str
    legal_basis: tuple[str, ...]
    rule_id: str
    duty_holder: str
    verification: str
    trigger_date: dt.date | None = None
    practical_date: dt.date | None = None
    later_date: dt.date | None = None
    due_time: str | None = None
    uncertain: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the deadline as it appears in the advice JSON contract."""
        out: dict[str, Any] = {
            "id": self.id,
            "date": self.date.isoformat(),
            "rule": self.rule,
            "legal_basis": list(self.legal_basis),
            "rule_id": self.rule_id,
            "duty_holder": self.duty_holder,
            "verification": self.verification,
        }
        if self.practical_date is not None:
            out["practical_date"] = self.practical_date.isoformat()
        if self.later_date is not None:
            out["later_date"] = self.later_date.isoformat()
        if self.due_time is not None:
            out["due_time"] = self.due_time
        return out


def _effective(raw: dict[str, Any]) -> tuple[tuple[dt.date, tuple[tuple[str, Any], ...]], ...]:
    """Read ``effective`` (date → changed fields) into sorted, immutable entries."""
    rule_id = raw.get("id", "?")
    entries = raw.get("effective")
    if not entries:
        raise ValueError(f"time limit {rule_id}: no effective dates")
    out = []
    for start, changes in sorted(entries.items()):
        if not isinstance(start, dt.date):
            raise ValueError(f"time limit {rule_id}: effective date {start!r} is not a date")
        changes = changes or {}
        unknown = set(changes) - VERSIONED_FIELDS
        if unknown:
            raise ValueError(
                f"time limit {rule_id}: {', '.join(sorted(unknown))} cannot change by date"
            )
        fields: dict[str, Any] = dict(changes)
        if "rule" in fields:
            fields["rule"] = " ".join(str(fields["rule"]).split())
        for key in ("citations", "uncertain"):
            if key in fields:
                fields[key] = tuple(str(c) for c in fields[key])
        if "steps" in fields:
            fields["steps"] = tuple(
                Step(key=str(x["key"]), period=int(x["period"]), what=str(x["what"]))
                for x in fields["steps"]
            )
        out.append((start, tuple(sorted(fields.items()))))
    return tuple(out)


def _load(raw: dict[str, Any]) -> TimeLimit:
    """Build one TimeLimit from its YAML mapping, checking every field."""
    rule_id = raw.get("id", "?")
    try:
        limit = TimeLimit(
            id=str(raw["id"]),
            title=str(raw["title"]),
            trigger=str(raw["trigger"]),
            duty_holder=str(raw["duty_holder"]),
            period=raw["period"],
            unit=str(raw["unit"]),
            counting=str(raw["counting"]),
            calendar=raw["calendar"],
            adjustment=str(raw["adjustment"]),
            citations=tuple(str(c) for c in raw["citations"]),
            verification=str(raw["verification"]),
            rule=" ".join(str(raw["rule"]).split()),
            uncertain=tuple(str(u) for u in raw.get("uncertain") or ()),
            steps=tuple(
                Step(key=str(s["key"]), period=int(s["period"]), what=str(s["what"]))
                for s in raw.get("steps") or ()
            ),
            verification_note=str(raw.get("verification_note") or ""),
            effective=_effective(raw),
        )
    except KeyError as exc:
        raise ValueError(f"time limit {rule_id}: missing field {exc.args[0]!r}") from None
    problems = []
    if limit.counting not in COUNTING_RULES:
        problems.append(f"unknown counting rule {limit.counting!r}")
    if limit.unit not in UNITS:
        problems.append(f"unknown unit {limit.unit!r}")
    if limit.verification not in MARKERS:
        problems.append(f"unknown verification marker {limit.verification!r}")
    for _start, changes in limit.effective:
        if dict(changes).get("adjustment", limit.adjustment) not in ADJUSTMENTS:
            problems.append(f"unknown adjustment {dict(changes)['adjustment']!r}")
    if limit.adjustment not in ADJUSTMENTS:
        problems.append(f"unknown adjustment {limit.adjustment!r}")
    if not limit.citations:
        problems.append("no citations")
    if limit.calendar is not None:
        get_calendar(limit.calendar)
    if limit.period is not None and not isinstance(limit.period, int):
        problems.append("period must be a whole number or null")
    if problems:
        raise ValueError(f"time limit {limit.id}: " + "; ".join(problems))
    return limit


@cache
def time_limits() -> dict[str, TimeLimit]:
    """Return every time limit from ``time_limits.yaml``, keyed by rule id (e.g. "MED-02")."""
    text = resources.files(__package__).joinpath("time_limits.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    limits: dict[str, TimeLimit] = {}
    for raw in data["rules"]:
        limit = _load(raw)
        if limit.id in limits:
            raise ValueError(f"time limit {limit.id} is listed twice")
        limits[limit.id] = limit
    return limits


def time_limit(rule_id: str) -> TimeLimit:
    """Return the time limit with id ``rule_id``."""
    try:
        return time_limits()[rule_id]
    except KeyError:
        raise ValueError(f"unknown time limit {rule_id!r}") from None


def _count(limit: TimeLimit, trigger: dt.date, period: int) -> tuple[dt.date, bool]:
    """Apply the rule's counting rule; return the date and whether month-end clamping applied."""
    counting = limit.counting
    if counting == "CM-after":
        result = periods.add_months(trigger, period)
        return result.date, result.clamped
    if counting == "M-starting":
        result = periods.months_starting_with(trigger, period)
        return result.date, result.clamped
    if counting == "CD-of":
        return periods.days_after(trigger, period), False
    if counting == "CD-beginning":
        return periods.days_beginning_with(trigger, period), False
    if counting == "W-of":
        return periods.weeks_after(trigger, period), False
    if counting == "WD-of":
        return periods.working_days_after(trigger, period, limit.working_day_calendar), False
    raise ValueError(f"{limit.id}: counting rule {counting!r} does not give a date from a trigger")


def deadline_for(
    rule_id: str,
    trigger: dt.date,
    *,
    deadline_id: str | None = None,
    step: str | None = None,
    calendar: WorkingDayCalendar | None = None,
    trigger_label: str | None = None,
) -> Deadline:
    """Compute the deadline for ``rule_id`` counted from ``trigger``.

    ``step`` picks one clock of a multi-step rule (e.g. ``ORD-02`` / ``final_plan``).
    ``calendar`` replaces the rule's working-day calendar (e.g. one with an extra bank
    holiday). The result's ``rule`` text states the rule, the trigger date, the days skipped and,
    where the date is not a working day and the law does not move it, the practical date.
    """
    limit = time_limit(rule_id).on(trigger)
    if limit.counting == "WD-before":
        raise ValueError(f"{rule_id} counts back from a meeting; use clocks.mediation_notice_by")
    period = limit.step(step).period if step else limit.period
    if period is None:
        raise ValueError(f"{rule_id} has several clocks; choose a step")
    if calendar is not None:
        limit = _with_calendar(limit, calendar)
    date, clamped = _count(limit, trigger, period)
    cal = limit.working_day_calendar
    sentences = [limit.rule]
    what = f"the clock to {limit.step(step).what}" if step else "the clock"
    label = trigger_label or "Counted from"
    sentences.append(f"{label} {long_date(trigger)}: {what} ends on {long_date(date)}.")
    if limit.counting == "WD-of":
        skipped = cal.holidays_between(trigger + periods.ONE_DAY, date)
        if skipped:
            names = ", ".join(f"{name} ({day_and_month(day)})" for day, name in skipped)
            sentences.append(f"Not counted as working days: {names}, and weekends.")
    uncertain = list(limit.uncertain)
    if clamped:
        sentences.append(
            "That month has no matching day, so the period ends on the last day of the month."
            if limit.counting == "CM-after"
            else "That month has no matching day, so the earlier possible date is shown."
        )
        if limit.counting == "M-starting":
            uncertain.append(
                "The law is unclear how to count months when the month has no matching day; "
                f"the earlier date, {long_date(date)}, is shown."
            )
    if limit.adjustment == "hesc_relief" and periods.in_hesc_relief_window(date):
        # HESC r.12(3)(a) before the 2020 amendment also covered disability discrimination
        # claims (law.md §3.2): a last day from 25 December to 1 January or in August moves.
        relief = periods.hesc_r12(date, starts_sen_appeal=True, calendar=cal)
        sentences.extend(relief.reasons)
        date = relief.due
    practical = None
    if not cal.is_working_day(date):
        practical = cal.previous_working_day(date)
        reasons = []
        day = practical + periods.ONE_DAY
        while day <= date:
            reasons.append(f"{cal.non_working_reason(day)} {day_and_month(day)}")
            day += periods.ONE_DAY
        sentences.append(
            f"That is not a working day and the law does not move it, so aim to act by "
            f"{long_date(practical)} (not working days: {', '.join(reasons)})."
        )
    return Deadline(
        id=deadline_id or rule_id,
        date=date,
        rule=" ".join(sentences),
        legal_basis=limit.citations,
        rule_id=limit.id,
        duty_holder=limit.duty_holder,
        verification=limit.verification,
        trigger_date=trigger,
        practical_date=practical,
        uncertain=tuple(uncertain),
    )


def _with_calendar(limit: TimeLimit, calendar: WorkingDayCalendar) -> TimeLimit:
    """Return ``limit`` counting working days in ``calendar`` (which need not be registered)."""

    class _Limit(TimeLimit):
        @property
        def working_day_calendar(self) -> WorkingDayCalendar:
            return calendar

    return _Limit(**{f: getattr(limit, f) for f in TimeLimit.__dataclass_fields__})
