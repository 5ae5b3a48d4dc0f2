"""One case as the law sees it, and every deadline the law gives it.

A :class:`CaseRecord` is a plain, frozen description of a case: the dates it has reached (the
contract's ``DATE_KEYS``), the facts that decide which time limits apply, the days each duty was
done, its mediation meetings, its written agreement and agreed actions, and what the tribunal
ordered or recommended. :func:`case_record_deadlines` turns it into every deadline case
management tracks, each with a stable key, a title, who must act and whether it was met, counting
working days in one :class:`~sendresolve.law.working_days.WorkingDays` object, so a newly
proclaimed bank holiday reaches every time limit of the case alike.

Keys (stable, stored with the case): a contract deadline id (``certificate_after_declining``),
``health_body_notified:<body>``, ``mediation_notice:<meeting>``, ``agreement_notified_to_la``,
``action:<action>`` or ``action:<action>:agreement_<step>``, ``duty:<duty>:<step>`` and
``recommendation:<recommendation>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .clocks import AGREEMENT_TYPES, ORDER_TYPES, UNOPPOSED_TYPES, mediation_notice_by
from .complaint_clocks import Complaint, complaint_clocks
from .deadlines import CaseFacts, contract_deadlines
from .rules import Deadline, deadline_for, time_limit
from .working_days import WorkingDays

__all__ = [
    "AgreedAction",
    "Body",
    "CaseRecord",
    "Complaint",
    "ComplianceDuty",
    "ComplianceStep",
    "HealthBodyLink",
    "MediationAgreement",
    "Meeting",
    "Recommendation",
    "TrackedDeadline",
    "case_record_deadlines",
]

#: Contract deadline id -> (title for staff pages, who must act).
TITLES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "contact_mediation_adviser": ("Family to contact a mediation adviser", "family"),
        "certificate_after_declining": (
            "Issue the certificate (mediation declined)",
            "provider",
        ),
        "health_body_notified": ("Tell the health commissioning body", "local_authority"),
        "mediation_held": ("Hold the mediation", "local_authority"),
        "certificate_when_not_arranged": (
            "Issue the certificate (not arranged in 30 days)",
            "provider",
        ),
        "certificate_after_mediation": (
            "Issue the certificate (mediation concluded)",
            "provider",
        ),
        "appeal_registration": ("Last day for the family to appeal", "family"),
        "mediation_notice": ("Send the family the date and place", "provider"),
    }
)
#: Contract deadlines that case management tracks in another form (agreed actions, tribunal
#: recommendations) or not at all (the EHC process and discrimination claims).
NOT_TRACKED = frozenset(
    {
        "agreed_actions_due",
        "recommendation_response",
        "disability_discrimination_claim",
        "la_decision_on_assessment",
        "final_plan_due",
        "draft_plan_comments_by",
    }
)
#: Certificate deadline id -> the kind of certificate that meets it.
CERTIFICATE_FOR: Mapping[str, str] = MappingProxyType(
    {
        "certificate_after_declining": "declined",
        "certificate_when_not_arranged": "not_arranged",
        "certificate_after_mediation": "mediation_concluded",
    }
)
#: Agreed-action clocks besides the reg 44 ones of :data:`~sendresolve.law.clocks.AGREEMENT_TYPES`.
NON_APPEALABLE = "non_appealable"  # reg 42(3): within 2 weeks (AGR-02)
AGREED_DATE = "agreed_date"  # reg 42(5): a different date agreed in writing (AGR-04)

#: After an assessment, the LA either says no plan is needed or sends the final plan: doing one
#: makes the other unnecessary (reg 44, reg 45).
ALTERNATIVE_STEPS: Mapping[str, str] = MappingProxyType(
    {
        "no_plan_notice": "final_plan_after_assessment",
        "final_plan_after_assessment": "no_plan_notice",
    }
)


@dataclass(frozen=True)
class Body:
    """A health commissioning body (integrated care board) that must act."""

    id: int
    name: str


@dataclass(frozen=True)
class HealthBodyLink:
    """A health body the local authority must tell about the mediation (MED-03), and when it did."""

    body: Body
    notified_on: dt.date | None = None


@dataclass(frozen=True)
class Meeting:
    """A mediation meeting: notice of its date and place is due 5 working days before (MED-06)."""

    id: int
    on: dt.date
    notice_sent_on: dt.date | None = None
    shorter_notice_agreed: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class MediationAgreement:
    """The written mediation agreement (reg 42) and, where the LA was not a party, when it was
    told (reg 42(4))."""

    agreed_on: dt.date
    la_was_party: bool = True
    la_notified_on: dt.date | None = None


@dataclass(frozen=True)
class AgreedAction:
    """Something agreed at mediation: ``owner`` is who must act (``local_authority``,
    ``commissioning_body``, ``school``, ``family`` or ``other``), ``owner_label`` the same in words;
    ``clock`` is :data:`NON_APPEALABLE`, :data:`AGREED_DATE` (with ``agreed_due_on``) or a key of
    :data:`~sendresolve.law.clocks.AGREEMENT_TYPES` (the reg 44 clocks)."""

    id: int
    description: str
    owner: str
    owner_label: str
    clock: str
    agreed_on: dt.date
    agreed_due_on: dt.date | None = None
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class ComplianceStep:
    """One clock of a compliance duty (``step`` as in ``ORDER_TYPES``), and when it was done."""

    step: str
    label: str
    done_on: dt.date | None = None


@dataclass(frozen=True)
class ComplianceDuty:
    """What the LA must do after a tribunal order (``source`` ``order``, reg 44) or after saying
    it will not oppose an appeal (``unopposed``, reg 45), counted from ``starts_on``."""

    id: int
    source: str
    kind: str
    starts_on: dt.date
    steps: tuple[ComplianceStep, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """A tribunal recommendation on ``health`` or ``social_care`` (SI 2017/1306 regs 6–7), which
    needs a written reply within 5 weeks (REC-01); ``body`` is the health body that must reply."""

    id: int
    area: str
    made_on: dt.date
    responded_on: dt.date | None = None
    body: Body | None = None


@dataclass(frozen=True)
class CaseRecord:
    """Everything the law needs to know about one case to give all its deadlines.

    ``dates`` are the contract dates the case has reached (``DATE_KEYS``); ``facts`` decide which
    time limits apply. The ``..._on`` fields say when a duty was done: the family contacted the
    adviser (``adviser_contacted_on``), the first mediation meeting was held, the family's appeal
    was made; ``certificates`` maps each kind of certificate issued to its day of issue;
    ``appeal_decided`` says the tribunal has dealt with an appeal.
    """

    dates: Mapping[str, dt.date]
    facts: CaseFacts
    local_authority: str
    commissioning_body: Body | None = None
    adviser_contacted_on: dt.date | None = None
    mediation_held_on: dt.date | None = None
    certificates: Mapping[str, dt.date] = field(default_factory=dict)
    appeal_made_on: dt.date | None = None
    appeal_decided: bool = False
    health_bodies: tuple[HealthBodyLink, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreement: MediationAgreement | None = None
    actions: tuple[AgreedAction, ...] = ()
    duties: tuple[ComplianceDuty, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    complaints: tuple[Complaint, ...] = ()


@dataclass(frozen=True)
class TrackedDeadline:
    """One deadline of a case: its stable ``key``, the law's :class:`Deadline`, a title, who must
    act (``responsible``, and the health body where one must), and when it was met (or that it
    is no longer needed)."""

    key: str
    deadline: Deadline
    title: str
    responsible: str
    met_on: dt.date | None
    not_needed: bool = False
    responsible_body: Body | None = None


def case_record_deadlines(
    record: CaseRecord, *, working_days: WorkingDays | None = None
) -> list[TrackedDeadline]:
    """Return every deadline of the case in ``record``, counting in ``working_days``.

    In order: the contract deadlines (law.md), the notice of each meeting, the reg 42(4) notice
    of the agreement, each agreed action's clocks, each tribunal compliance step and each
    recommendation reply. ``working_days`` carries any extra bank holidays to all of them.
    """
    working_days = working_days or WorkingDays()
    return [
        *_contract(record, working_days),
        *_meetings(record, working_days),
        *_agreement(record, working_days),
        *_actions(record, working_days),
        *_duties(record, working_days),
        *_recommendations(record, working_days),
        *_complaints(record, working_days),
    ]


def _by_rule(rule_id: str, trigger: dt.date, working_days: WorkingDays, **kwargs: Any) -> Deadline:
    """``deadline_for`` counting in the rule's own calendar with the extra holidays added."""
    calendar = None
    if working_days.extra_holidays:
        calendar = working_days.calendar(time_limit(rule_id).working_day_calendar.name)
    return deadline_for(rule_id, trigger, calendar=calendar, **kwargs)


def _contract(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    facts = record.facts
    met_by = {
        "contact_mediation_adviser": record.adviser_contacted_on,
        "health_body_notified": record.dates.get("commissioning_body_notified"),
        "mediation_held": record.mediation_held_on,
        **{key: record.certificates.get(kind) for key, kind in CERTIFICATE_FOR.items()},
    }
    out: list[TrackedDeadline] = []
    deadlines = contract_deadlines(record.dates, facts, extra_holidays=working_days.extra_holidays)
    for deadline in deadlines:
        if deadline.id in NOT_TRACKED:
            continue
        title, responsible = TITLES[deadline.id]
        if deadline.id == "health_body_notified" and record.health_bodies:
            # The LA must notify each relevant health body: one deadline for each.
            for link in record.health_bodies:
                out.append(
                    TrackedDeadline(
                        f"health_body_notified:{link.body.id}",
                        deadline,
                        f"Tell {link.body.name} about the health care issues",
                        responsible,
                        link.notified_on,
                    )
                )
            continue
        body = None
        if deadline.id == "mediation_held" and facts.health_only:
            responsible = "commissioning_body"
            title = "Hold the health-only mediation"
            body = record.commissioning_body
        met_on, not_needed = met_by.get(deadline.id), False
        if deadline.id == "appeal_registration":
            # The family appealed: met on the day the appeal was recorded as made, or no longer
            # needed once the tribunal has decided (the registration date is unknown).
            met_on = record.appeal_made_on
            not_needed = record.appeal_decided and met_on is None
        out.append(
            TrackedDeadline(
                deadline.id,
                deadline,
                title,
                responsible,
                met_on,
                not_needed=not_needed,
                responsible_body=body,
            )
        )
    return out


def _meetings(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    calendar = working_days.calendar(time_limit("MED-06").working_day_calendar.name)
    title, responsible = TITLES["mediation_notice"]
    return [
        TrackedDeadline(
            f"mediation_notice:{meeting.id}",
            mediation_notice_by(meeting.on, calendar=calendar),
            title,
            responsible,
            meeting.notice_sent_on,
            not_needed=meeting.shorter_notice_agreed or meeting.cancelled,
        )
        for meeting in record.meetings
    ]


def _agreement(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    agreement = record.agreement
    if agreement is None or agreement.la_was_party:
        return []
    # Reg 42(4): where the LA was not a party, the health body tells it within 1 week (AGR-03).
    deadline = _by_rule(
        "AGR-03", agreement.agreed_on, working_days, deadline_id="agreement_notified_to_la"
    )
    return [
        TrackedDeadline(
            "agreement_notified_to_la",
            deadline,
            f"Tell {record.local_authority} about the mediation agreement",
            "commissioning_body",
            agreement.la_notified_on,
            responsible_body=record.commissioning_body,
        )
    ]


def _actions(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    out: list[TrackedDeadline] = []
    for action in record.actions:
        body = record.commissioning_body if action.owner == "commissioning_body" else None
        for key, deadline in _action_clocks(action, working_days):
            out.append(
                TrackedDeadline(
                    key,
                    deadline,
                    action.description[:150],
                    action.owner,
                    action.completed_on,
                    responsible_body=body,
                )
            )
    return out


def _action_clocks(action: AgreedAction, working_days: WorkingDays) -> list[tuple[str, Deadline]]:
    """The clocks of one agreed action: AGR-04, AGR-02 or the AGR-01 steps (reg 42)."""
    key = f"action:{action.id}"
    if action.clock == AGREED_DATE:
        if action.agreed_due_on is None:
            raise ValueError(f"agreed action {action.id}: an agreed date needs agreed_due_on")
        deadline = Deadline(
            id="agreed_action",
            date=action.agreed_due_on,
            rule=(
                "The parties agreed this date in writing, which replaces the usual time "
                "limits (SEND Regulations 2014 reg 42(5))."
            ),
            legal_basis=("SEND Regulations 2014 reg 42(5)",),
            rule_id="AGR-04",
            duty_holder=action.owner_label,
            verification="C",
            trigger_date=action.agreed_on,
        )
        return [(key, deadline)]
    if action.clock == NON_APPEALABLE:
        deadline = _by_rule("AGR-02", action.agreed_on, working_days, deadline_id="agreed_action")
        return [(key, deadline)]
    try:
        steps = AGREEMENT_TYPES[action.clock]
    except KeyError:
        raise ValueError(f"unknown agreement type {action.clock!r}") from None
    out = []
    for step in steps:
        deadline = _by_rule(
            "AGR-01", action.agreed_on, working_days, step=step, deadline_id=f"agreement_{step}"
        )
        out.append((f"{key}:{deadline.id}", deadline))
    return out


def _duties(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    """Reg 44 (order) and reg 45 (unopposed appeal) steps, owed by the local authority."""
    out: list[TrackedDeadline] = []
    for duty in record.duties:
        order = duty.source == "order"
        rule_id = (ORDER_TYPES if order else UNOPPOSED_TYPES)[duty.kind][0]
        prefix, after = ("order", "tribunal order") if order else ("unopposed", "unopposed appeal")
        done = {step.step: step.done_on for step in duty.steps}
        for step in duty.steps:
            deadline = _by_rule(
                rule_id,
                duty.starts_on,
                working_days,
                step=step.step,
                deadline_id=f"{prefix}_{step.step}",
            )
            alternative = ALTERNATIVE_STEPS.get(step.step)
            out.append(
                TrackedDeadline(
                    f"duty:{duty.id}:{step.step}",
                    deadline,
                    f"{step.label} ({after})",
                    "local_authority",
                    step.done_on,
                    not_needed=step.done_on is None
                    and alternative is not None
                    and done.get(alternative) is not None,
                )
            )
    return out


def _recommendations(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    """REC-01: a written reply to each recommendation within 5 weeks."""
    out: list[TrackedDeadline] = []
    for item in record.recommendations:
        health = item.area == "health"
        deadline = _by_rule(
            "REC-01", item.made_on, working_days, deadline_id="recommendation_response"
        )
        out.append(
            TrackedDeadline(
                f"recommendation:{item.id}",
                deadline,
                "Reply in writing to the tribunal's "
                + ("health" if health else "social care")
                + " recommendation",
                "commissioning_body" if health else "local_authority",
                item.responded_on,
                responsible_body=item.body if health else None,
            )
        )
    return out


def _complaints(record: CaseRecord, working_days: WorkingDays) -> list[TrackedDeadline]:
    """The clocks of the complaints recorded alongside the case (``complaint_clocks``)."""
    return [
        TrackedDeadline(c.key, c.deadline, c.title, c.responsible, None, not_needed=c.not_needed)
        for c in complaint_clocks(record.complaints, working_days)
    ]
