"""The time limits a meeting's date is checked against when it is rearranged (issue 18).

Two rules, both the law core's: the mediation must be held by the day of the case's stored
``mediation_held`` deadline (30 days from the local authority being told the family wants
mediation, MED-05; the health body's for health-only mediation, MED-04), and the family must be
told the date and place 5 working days before (MED-06) unless they agreed to shorter notice.
Breaking either is not refused: a meeting may have to move past them, so the staff page and the
API warn, and the rearrangement's event records which were broken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sendresolve import law
from sendresolve.cases.deadlines import extra_bank_holidays
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.core.clock import LONDON
from sendresolve.law.dates import long_date


@dataclass(frozen=True)
class RuleWarning:
    """A rule the meeting's date breaks: ``code`` for records, ``text`` for people."""

    code: str
    text: str


AFTER_TIME_LIMIT = "after_time_limit"
SHORT_NOTICE = "short_notice"


def mediation_held_by(case: Case) -> CaseDeadline | None:
    """The case's open deadline for holding the mediation, if it has one."""
    if case.is_disagreement_resolution:
        return None  # disagreement resolution has no statutory time limit
    return (
        case.deadlines.filter(deadline_id="mediation_held", state=CaseDeadline.State.OPEN)
        .order_by("due_on")
        .first()
    )


def notice_by(day: dt.date) -> dt.date:
    """The last day to tell the family of a meeting on ``day`` (MED-06, the safer reading)."""
    limit = law.time_limit("MED-06")
    calendar = law.WorkingDays.adding(extra_bank_holidays()).calendar(
        limit.working_day_calendar.name
    )
    return law.mediation_notice_by(day, calendar=calendar).date


def meeting_warnings(
    case: Case, *, starts_at: dt.datetime, shorter_notice_agreed: bool, today: dt.date
) -> list[RuleWarning]:
    """The rules a meeting of ``case`` starting at ``starts_at`` would break."""
    day = starts_at.astimezone(LONDON).date()
    warnings = []
    held = mediation_held_by(case)
    if held is not None and day > held.due_on:
        warnings.append(
            RuleWarning(
                AFTER_TIME_LIMIT,
                f"{long_date(day)} is after {long_date(held.due_on)}, the last day to hold the "
                f"mediation ({held.rule_id}: within 30 days of being told the family wants "
                f"mediation). {held.responsible_label} would miss this time limit.",
            )
        )
    if not shorter_notice_agreed:
        last_day = notice_by(day)
        if today > last_day:
            warnings.append(
                RuleWarning(
                    SHORT_NOTICE,
                    f"The family had to be told the date and place by {long_date(last_day)} "
                    "(5 working days before, MED-06). Unless they agree to shorter notice, "
                    "choose a later date.",
                )
            )
    return warnings
