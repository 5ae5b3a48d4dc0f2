"""Named clocks for case management: pure functions of dates that return :class:`Deadline` objects.

Each function states its rule and cites it; the rule data (period, counting, citations, marker)
comes from ``time_limits.yaml``. Nothing here reads the clock: every date is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import periods
from .dates import long_date
from .rules import Deadline, deadline_for, time_limit
from .working_days import ENG_WD, HESC_WD, WorkingDayCalendar

__all__ = [
    "AGREEMENT_TYPES",
    "COMPLAINT_STAGES",
    "ORDER_TYPES",
    "UNOPPOSED_TYPES",
    "agreement_deadlines",
    "appeal_deadline",
    "childrens_complaint_deadline",
    "ehc_request_deadlines",
    "mediation_notice_by",
    "phase_transfer_deadline",
    "tribunal_order_deadlines",
    "unopposed_appeal_deadlines",
]

#: What a tribunal order (reg 44) requires → (rule id, steps).
ORDER_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "assess": ("ORD-01", ("notify_will_assess", "no_plan_notice", "final_plan_after_assessment")),
    "make_plan": ("ORD-02", ("draft_plan", "final_plan")),
    "amend_plan": ("ORD-03", ("amended_plan",)),
    "school_only": ("ORD-04", ("school_change",)),
    "continue_to_maintain": ("ORD-05", ("continue_to_maintain",)),
    "cease_appeal_dismissed": ("ORD-06", ("cease",)),
}

#: What the local authority agreed not to oppose (reg 45) → (rule id, steps).
UNOPPOSED_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "assessment": (
        "UNO-01",
        ("notify_will_assess", "no_plan_notice", "final_plan_after_assessment"),
    ),
    "contents": ("UNO-02", ("amended_plan",)),
    "placement": ("UNO-03", ("school_change",)),
    "refusal_to_issue": ("UNO-03", ("draft_plan", "final_plan")),
}

#: Appealable matters settled by a mediation agreement (reg 42(2)) → AGR-01 steps, which follow
#: the reg 44 clocks "as if the agreement were a tribunal order".
AGREEMENT_TYPES: dict[str, tuple[str, ...]] = {
    "assess": ("notify_will_assess", "no_plan_notice", "final_plan_after_assessment"),
    "make_plan": ("draft_plan", "final_plan"),
    "amend_plan": ("amended_plan",),
    "school_only": ("school_change",),
}

#: Children's social care complaint stages (CMP-04).
COMPLAINT_STAGES = ("stage1_response", "panel_meets", "panel_report", "la_response")


def _months(count: int) -> str:
    return f"{count} month{'' if count == 1 else 's'}"


def appeal_deadline(
    decision_letter: dt.date | None,
    certificate_issued: dt.date | None = None,
    *,
    certificate_required: bool = True,
    calendar: WorkingDayCalendar = HESC_WD,
) -> Deadline:
    """APP-01: the last day for the SEND Tribunal to receive an appeal (HESC r.20(1)(c), r.12).

    The later of (i) 2 months after the decision letter was sent and (ii) 1 month from the date
    the mediation certificate was issued (only where a certificate is needed). Then HESC r.12:
    a last day between 25 December and 1 January or in August moves to the first working day
    after 1 January or 31 August; otherwise a non-working day moves to the next working day. Due
    by 5pm. Where the law is unclear (law.md §10.8), the earlier date is the deadline and the
    later one is in ``later_date``.
    """
    # The values in force when the clock started (law.md §0.1): the decision letter's date.
    limit = time_limit("APP-01").on(decision_letter or certificate_issued)
    decision_months = limit.step("decision_limb").period
    certificate_months = limit.step("certificate_limb").period
    limbs: list[tuple[dt.date, str]] = []
    sentences = [limit.rule]
    # The rule's general [U] flag (law.md §10.8) only matters when the edge case arises; the
    # specific warning is added below when it does.
    uncertain: list[str] = []
    if decision_letter is not None:
        limb = periods.months_after(decision_letter, decision_months)
        limbs.append((limb, "decision"))
        sentences.append(
            f"{_months(decision_months)} after the decision letter of "
            f"{long_date(decision_letter)} is {long_date(limb)}."
        )
    if certificate_issued is not None and certificate_required:
        limb = periods.months_after(certificate_issued, certificate_months)
        limbs.append((limb, "certificate"))
        sentences.append(
            f"{_months(certificate_months)} from the certificate issued on "
            f"{long_date(certificate_issued)} is {long_date(limb)}."
        )
    if not limbs:
        raise ValueError("the appeal deadline needs the decision letter or certificate date")
    last_day, which = max(limbs)
    if len(limbs) == 2:
        sentences.append(f"The later date counts: {long_date(last_day)}.")
    if decision_letter is None:
        uncertain.append(
            "Without the date of the decision letter, the appeal deadline shown is 1 month "
            "from the certificate; it may be later if 2 months from the letter is later."
        )
    elif certificate_required and certificate_issued is None:
        sentences.append(
            "When the mediation certificate is issued, the deadline becomes 1 month from that "
            "date if that is later."
        )
    elif not certificate_required:
        sentences.append("No mediation certificate is needed, so only the 2-month limit applies.")
    adjusted = periods.hesc_r12(last_day, starts_sen_appeal=True, calendar=calendar)
    sentences.extend(adjusted.reasons)
    sentences.append(
        f"So the tribunal must receive the appeal by 5pm on {long_date(adjusted.due)}."
    )
    if adjusted.later_date is not None:
        uncertain.append(
            f"The law is unclear here: the appeal may also be in time on "
            f"{long_date(adjusted.later_date)} under the Christmas or August rule, but do not "
            f"rely on it. Send the appeal by 5pm on {long_date(adjusted.due)}."
        )
    return Deadline(
        id="appeal_registration",
        date=adjusted.due,
        rule=" ".join(sentences),
        legal_basis=limit.citations,
        rule_id=limit.id,
        duty_holder=limit.duty_holder,
        verification=limit.verification,
        trigger_date=decision_letter if which == "decision" else certificate_issued,
        later_date=adjusted.later_date,
        due_time=periods.HESC_CUTOFF.strftime("%H:%M"),
        uncertain=tuple(uncertain),
    )


def mediation_notice_by(meeting: dt.date, *, calendar: WorkingDayCalendar = ENG_WD) -> Deadline:
    """MED-06: tell the family the mediation date and place at least 5 working days before it.

    Whether 5 *clear* working days are needed is unclear [U] (law.md §10.5), so ``date`` is the
    safe (earlier) day and ``later_date`` the 5th working day before the meeting. The family may
    agree to shorter notice.
    """
    limit = time_limit("MED-06")
    window = periods.working_days_before(meeting, limit.period or 5, calendar)
    rule = (
        f"{limit.rule} For a mediation on {long_date(meeting)}, give notice by "
        f"{long_date(window.date)} (5 clear working days). If the 5th working day before "
        f"counts, {long_date(window.later_date)} would do, but that reading is uncertain."
    )
    return Deadline(
        id="mediation_notice",
        date=window.date,
        rule=rule,
        legal_basis=limit.citations,
        rule_id=limit.id,
        duty_holder=limit.duty_holder,
        verification=limit.verification,
        trigger_date=meeting,
        later_date=window.later_date,
        uncertain=limit.uncertain,
    )


def _steps(rule_id: str, steps: Iterable[str], trigger: dt.date, prefix: str) -> list[Deadline]:
    return [
        deadline_for(rule_id, trigger, step=step, deadline_id=f"{prefix}_{step}") for step in steps
    ]


def tribunal_order_deadlines(order_date: dt.date, order_type: str) -> list[Deadline]:
    """ORD-01…06: what the local authority must do after a tribunal order, and by when.

    SEND Regs reg 44: counted in weeks from the date of the order; HMCTS counts from the day
    the order is sent out, so pass that date if it differs. ``order_type`` is one of
    :data:`ORDER_TYPES`. Deadline ids are ``order_<step>`` (e.g. ``order_final_plan``).
    """
    try:
        rule_id, steps = ORDER_TYPES[order_type]
    except KeyError:
        raise ValueError(f"unknown order type {order_type!r}") from None
    return _steps(rule_id, steps, order_date, "order")


def unopposed_appeal_deadlines(la_notified: dt.date, appeal_type: str) -> list[Deadline]:
    """UNO-01…03: the local authority's clocks after telling the tribunal it will not oppose.

    SEND Regs reg 45 (as substituted by SI 2015/359): counted in weeks from the day the local
    authority told the tribunal. ``appeal_type`` is one of :data:`UNOPPOSED_TYPES`. Deadline ids
    are ``unopposed_<step>``.
    """
    try:
        rule_id, steps = UNOPPOSED_TYPES[appeal_type]
    except KeyError:
        raise ValueError(f"unknown unopposed appeal type {appeal_type!r}") from None
    return _steps(rule_id, steps, la_notified, "unopposed")


def agreement_deadlines(
    agreement_date: dt.date,
    *,
    appealable: Iterable[str] = (),
    other_actions: bool = True,
    la_was_party: bool = True,
) -> list[Deadline]:
    """AGR-01…03: steps after a written mediation agreement (SEND Regs reg 42).

    * ``appealable`` — matters that could have been appealed, from :data:`AGREEMENT_TYPES`:
      the reg 44 clocks apply as if the agreement were a tribunal order (AGR-01), ids
      ``agreement_<step>``.
    * ``other_actions`` — anything else agreed must be done within 2 weeks (AGR-02),
      id ``agreed_actions_due``.
    * ``la_was_party`` False — the health body must tell the local authority within 1 week
      (AGR-03), id ``agreement_notified_to_la``.

    Where the parties agreed different timescales in writing (AGR-04, reg 42(5)), those replace
    AGR-01 and AGR-02; record them on the case instead of calling this function for them.
    """
    deadlines: list[Deadline] = []
    for kind in appealable:
        try:
            steps = AGREEMENT_TYPES[kind]
        except KeyError:
            raise ValueError(f"unknown agreement type {kind!r}") from None
        deadlines.extend(_steps("AGR-01", steps, agreement_date, "agreement"))
    if other_actions:
        deadlines.append(deadline_for("AGR-02", agreement_date, deadline_id="agreed_actions_due"))
    if not la_was_party:
        deadlines.append(
            deadline_for("AGR-03", agreement_date, deadline_id="agreement_notified_to_la")
        )
    return deadlines


def childrens_complaint_deadline(stage: str, trigger: dt.date) -> Deadline:
    """CMP-04: children's social care complaint clocks (SI 2006/1738), in Children Act days.

    ``stage``: ``stage1_response`` (10 working days from the complaint), ``panel_meets``
    (30 from the request for a review panel), ``panel_report`` (5 from the panel meeting),
    ``la_response`` (15 from receiving the report). Boxing Day is never a working day here.
    """
    if stage not in COMPLAINT_STAGES:
        raise ValueError(f"unknown complaint stage {stage!r}")
    return deadline_for("CMP-04", trigger, step=stage, deadline_id=f"complaint_{stage}")


def ehc_request_deadlines(request_received: dt.date) -> list[Deadline]:
    """EHC-01, EHC-03, EHC-05: clocks from the local authority receiving an assessment request.

    6 weeks to decide whether to assess (regs 4–5), 16 weeks to say no plan will be issued
    (reg 10(1)), 20 weeks for the final plan (reg 13(2)).
    """
    return [
        deadline_for("EHC-01", request_received, deadline_id="la_decision_on_assessment"),
        deadline_for("EHC-03", request_received, deadline_id="no_plan_decision"),
        deadline_for("EHC-05", request_received, deadline_id="final_plan_due"),
    ]


def phase_transfer_deadline(transfer_year: int, *, secondary_to_post16: bool) -> Deadline:
    """EHC-08: review and finalise the plan by 15 February of the transfer year (reg 18).

    For a move from secondary school to post-16 education the date is 31 March.
    """
    limit = time_limit("EHC-08")
    date = dt.date(transfer_year, 3, 31) if secondary_to_post16 else dt.date(transfer_year, 2, 15)
    return Deadline(
        id="phase_transfer",
        date=date,
        rule=f"{limit.rule} For a move in {transfer_year}: by {long_date(date)}.",
        legal_basis=limit.citations,
        rule_id=limit.id,
        duty_holder=limit.duty_holder,
        verification=limit.verification,
    )
