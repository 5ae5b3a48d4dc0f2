"""The clocks of complaints recorded alongside a case (CMP-01, CMP-03, CMP-04, CMP-06; law.md §0).

=================================  =========  ==================================  ================
complaint kind                     rule       clock (from the day it was made)    who must act
=================================  =========  ==================================  ================
children's social care             CMP-04     stage 1 response, 10 working days   local authority
children's social care             CMP-04     stage 1 if extended, 20 working d.  local authority
adult social care                  CMP-03     acknowledged within 3 working days  local authority
NHS                                CMP-03     acknowledged within 3 working days  health body
LA, children's or adult social     CMP-01     Ombudsman (LGSCO) within 12 months  family
care
NHS                                CMP-06     Ombudsman (PHSO) within 12 months   family
=================================  =========  ==================================  ================

The response clocks are no longer needed once the complaint is recorded as finished. Each
Ombudsman's 12 months run from when the family first knew about the problem (Local Government
Act 1974 s.26B; Health Service Commissioners Act 1993 s.9(4)); here they are counted from the
day the complaint was made (the latest that can be), and the rule says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .rules import Deadline, deadline_for, time_limit
from .working_days import WorkingDays

__all__ = [
    "COMPLAINT_CLOCKS",
    "OMBUDSMAN_CLOCKS",
    "OMBUDSMAN_NOTE",
    "Complaint",
    "ComplaintClock",
    "complaint_clocks",
]


@dataclass(frozen=True)
class Complaint:
    """A complaint recorded alongside the case: its ``kind`` (``local_authority_complaint``,
    ``childrens_social_care_complaint``, ``adult_social_care_complaint``, ``nhs_complaint``...),
    the day it was made, and whether it has finished (its reply clocks are then no longer
    needed)."""

    id: int
    kind: str
    made_on: dt.date
    finished: bool = False


@dataclass(frozen=True)
class ComplaintClock:
    """One clock of a complaint: its key on the case, the deadline, a title, who must act."""

    key: str
    deadline: Deadline
    title: str
    responsible: str
    not_needed: bool = False


#: complaint kind -> (key suffix, rule id, step, deadline id, title, who must act, response?)
COMPLAINT_CLOCKS: dict[str, tuple[tuple[str, str, str | None, str, str, str, bool], ...]] = {
    "childrens_social_care_complaint": (
        (
            "stage1",
            "CMP-04",
            "stage1_response",
            "complaint_stage1_response",
            "Respond to the children's social care complaint (stage 1)",
            "local_authority",
            True,
        ),
        (
            "stage1_extended",
            "CMP-04",
            "stage1_extended",
            "complaint_stage1_extended",
            "Respond to the stage 1 complaint, if the time was extended",
            "local_authority",
            True,
        ),
    ),
    "adult_social_care_complaint": (
        (
            "acknowledged",
            "CMP-03",
            None,
            "complaint_acknowledged",
            "Acknowledge the adult social care complaint",
            "local_authority",
            True,
        ),
    ),
    "nhs_complaint": (
        (
            "acknowledged",
            "CMP-03",
            None,
            "complaint_acknowledged",
            "Acknowledge the NHS complaint",
            "commissioning_body",
            True,
        ),
    ),
}
#: complaint kind -> (rule id, deadline id, title) of the Ombudsman who looks at it after the
#: body's own complaints procedure: the LGSCO for councils and social care, the PHSO for the NHS.
OMBUDSMAN_CLOCKS: dict[str, tuple[str, str, str]] = {
    **{
        kind: (
            "CMP-01",
            "lgsco_complaint_by",
            "Family may go to the Local Government and Social Care Ombudsman",
        )
        for kind in (
            "local_authority_complaint",
            "childrens_social_care_complaint",
            "adult_social_care_complaint",
        )
    },
    "nhs_complaint": (
        "CMP-06",
        "phso_complaint_by",
        "Family may go to the Parliamentary and Health Service Ombudsman",
    ),
}
OMBUDSMAN_NOTE = (
    "Counted here from the day the complaint was made: if the family knew about the problem "
    "earlier, the 12 months run from then."
)


def _deadline(
    rule_id: str,
    complaint: Complaint,
    working_days: WorkingDays,
    *,
    deadline_id: str,
    step: str | None = None,
) -> Deadline:
    """``deadline_for`` in the rule's own calendar with the case's extra holidays added."""
    calendar = None
    if working_days.extra_holidays:
        calendar = working_days.calendar(time_limit(rule_id).working_day_calendar.name)
    return deadline_for(
        rule_id,
        complaint.made_on,
        deadline_id=deadline_id,
        step=step,
        calendar=calendar,
        trigger_label="Complaint made",
    )


def complaint_clocks(
    complaints: Iterable[Complaint], working_days: WorkingDays
) -> list[ComplaintClock]:
    """Every clock of the complaints recorded alongside a case, keyed ``complaint:<id>:<clock>``."""
    out: list[ComplaintClock] = []
    for complaint in complaints:
        for (
            suffix,
            rule_id,
            step,
            deadline_id,
            title,
            responsible,
            response,
        ) in COMPLAINT_CLOCKS.get(complaint.kind, ()):
            deadline = _deadline(
                rule_id,
                complaint,
                working_days,
                deadline_id=deadline_id,
                step=step,
            )
            out.append(
                ComplaintClock(
                    f"complaint:{complaint.id}:{suffix}",
                    deadline,
                    title,
                    responsible,
                    not_needed=response and complaint.finished,
                )
            )
        if complaint.kind in OMBUDSMAN_CLOCKS:
            rule_id, deadline_id, title = OMBUDSMAN_CLOCKS[complaint.kind]
            deadline = _deadline(rule_id, complaint, working_days, deadline_id=deadline_id)
            out.append(
                ComplaintClock(
                    f"complaint:{complaint.id}:ombudsman",
                    replace(deadline, rule=f"{deadline.rule} {OMBUDSMAN_NOTE}"),
                    title,
                    "family",
                )
            )
    return out
