"""The clocks families meet beyond mediation and appeal (issue 24), as contract deadlines.

=================================  ===========  ==============================================
deadline id                        rule         needs
=================================  ===========  ==============================================
``judicial_review_by``             CMP-05       ``grounds_arose``
``lgsco_complaint_by``             CMP-01       ``grounds_arose``
``nhs_complaint_by``               CMP-02       ``grounds_arose``
``phso_complaint_by``              CMP-06       ``grounds_arose``
``complaint_stage1_response``      CMP-04       ``complaint_made`` (children's social care)
``complaint_stage1_extended``      CMP-04       ``complaint_made``
``complaint_stage2_response``      CMP-04       ``stage2_requested``
``complaint_stage2_extended``      CMP-04       ``stage2_requested``
``complaint_panel_meets``          CMP-04       ``panel_requested``
``no_plan_decision``               EHC-03       ``request_received``
``review_decision_due``            EHC-06       ``review_meeting``
``amendment_comments_by``          EHC-04       ``amendments_sent`` (reg 22(2)(c))
``amended_plan_due``               EHC-07       ``amendments_sent``
``phase_transfer_review_by``       EHC-08       ``phase_transfer_year``
``reassessment_decision_due``      EHC-10       ``reassessment_requested``
``reassessed_plan_due``            EHC-09       ``reassessment_notice``
``set_aside_by``                   TRB-01       ``tribunal_decision``
``upper_tribunal_permission_by``   TRB-02       ``tribunal_decision`` / ``written_reasons``
``exclusion_board_meets``          EXC-01       ``exclusion_notice`` and term dates
``exclusion_review_request_by``    EXC-02       ``board_decision`` and term dates
=================================  ===========  ==============================================

Each rule's values are those in force on its trigger date (law.md §0.1). Where the family says
a reg 10(4) exception applies (for example the school was closed for 4 weeks or more), the
assessment clocks are still shown but say the council need not keep to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from .after_tribunal import after_tribunal_deadlines
from .clocks import phase_transfer_deadline
from .rules import Deadline, deadline_for
from .school_days import SchoolTerms, TermDatesUnknown, exclusion_deadline, school_terms
from .situation import Findings, Situation

__all__ = [
    "FURTHER_DATE_KEYS",
    "FURTHER_DEADLINE_IDS",
    "ROUTE_DEADLINES",
    "REG_10_NOTE",
    "FurtherFacts",
    "further_deadlines",
    "further_facts",
    "with_reg_10_exception",
]

#: Dates that start the clocks of this module, in schema order.
FURTHER_DATE_KEYS = (
    "grounds_arose",
    "complaint_made",
    "stage2_requested",
    "panel_requested",
    "review_meeting",
    "amendments_sent",
    "reassessment_requested",
    "reassessment_notice",
    "tribunal_decision",
    "written_reasons",
    "exclusion_notice",
    "board_decision",
    "la_will_not_oppose",
)

FURTHER_DEADLINE_IDS = (
    "judicial_review_by",
    "lgsco_complaint_by",
    "nhs_complaint_by",
    "phso_complaint_by",
    "complaint_stage1_response",
    "complaint_stage1_extended",
    "complaint_stage2_response",
    "complaint_stage2_extended",
    "complaint_panel_meets",
    "no_plan_decision",
    "review_decision_due",
    "amendment_comments_by",
    "amended_plan_due",
    "phase_transfer_review_by",
    "reassessment_decision_due",
    "reassessed_plan_due",
    "set_aside_by",
    "upper_tribunal_permission_by",
    "exclusion_board_meets",
    "exclusion_review_request_by",
)

#: Deadlines the finder shows only beside one of these routes (any of them).
ROUTE_DEADLINES: dict[str, frozenset[str]] = {
    "judicial_review_by": frozenset({"judicial_review"}),
    "lgsco_complaint_by": frozenset({"lgsco"}),
    "nhs_complaint_by": frozenset({"nhs_complaint", "adult_social_care_complaint"}),
    "phso_complaint_by": frozenset({"phso"}),
    **{
        deadline_id: frozenset({"childrens_social_care_complaint"})
        for deadline_id in (
            "complaint_stage1_response",
            "complaint_stage1_extended",
            "complaint_stage2_response",
            "complaint_stage2_extended",
            "complaint_panel_meets",
        )
    },
    "exclusion_board_meets": frozenset({"exclusion_review"}),
    "exclusion_review_request_by": frozenset({"exclusion_review"}),
}

_SIMPLE: tuple[tuple[str, str, str | None, str, str], ...] = (
    # (deadline id, rule id, step, date key, trigger label)
    ("judicial_review_by", "CMP-05", None, "grounds_arose", "Decision or failure on"),
    ("lgsco_complaint_by", "CMP-01", None, "grounds_arose", "You knew about the problem on"),
    ("nhs_complaint_by", "CMP-02", None, "grounds_arose", "You knew about the problem on"),
    ("phso_complaint_by", "CMP-06", None, "grounds_arose", "You knew about the problem on"),
    ("complaint_stage1_response", "CMP-04", "stage1_response", "complaint_made", "Complaint made"),
    ("complaint_stage1_extended", "CMP-04", "stage1_extended", "complaint_made", "Complaint made"),
    (
        "complaint_stage2_response",
        "CMP-04",
        "stage2_response",
        "stage2_requested",
        "Stage 2 asked for",
    ),
    (
        "complaint_stage2_extended",
        "CMP-04",
        "stage2_extended",
        "stage2_requested",
        "Stage 2 asked for",
    ),
    ("complaint_panel_meets", "CMP-04", "panel_meets", "panel_requested", "Review panel asked for"),
    ("no_plan_decision", "EHC-03", None, "request_received", "Request received"),
    ("review_decision_due", "EHC-06", None, "review_meeting", "Review meeting held"),
    ("amendment_comments_by", "EHC-04", None, "amendments_sent", "Proposed changes sent"),
    ("amended_plan_due", "EHC-07", None, "amendments_sent", "Proposed changes sent"),
    (
        "reassessment_decision_due",
        "EHC-10",
        None,
        "reassessment_requested",
        "Reassessment asked for",
    ),
    ("reassessed_plan_due", "EHC-09", None, "reassessment_notice", "Reassessment notice"),
)

ASSESSMENT_DEADLINES = frozenset(
    {"la_decision_on_assessment", "no_plan_decision", "final_plan_due"}
)
REG_10_NOTE = (
    "You said an exception applies (for example the school or college was closed for 4 weeks "
    "or more, or there were exceptional personal circumstances). Then the local authority need "
    "not keep to this time limit, but must still act as soon as it can (SEND Regulations 2014 "
    "regs 10(4) and 13(3))."
)


@dataclass(frozen=True)
class FurtherFacts:
    """Facts besides dates for these clocks.

    ``sen_case``: the tribunal case is a special educational needs appeal (False: a disability
    discrimination claim). ``phase_transfer_year`` / ``to_post16``: the year of a move between
    phases of education (reg 18). ``terms``: the council's term dates, for school days.
    ``assessment_exception``: a reg 10(4) exception applies.
    """

    sen_case: bool = True
    phase_transfer_year: int | None = None
    to_post16: bool = False
    terms: SchoolTerms | None = None
    assessment_exception: bool = False


def further_deadlines(
    dates: Mapping[str, dt.date],
    facts: FurtherFacts,
    routes: Collection[str] | None = None,
) -> tuple[list[Deadline], list[str]]:
    """Return (deadlines, warnings) for the clocks of this module that the dates allow.

    With ``routes`` (the finder's chosen routes), clocks that belong beside a route not offered
    (:data:`ROUTE_DEADLINES`) are not computed.
    """
    out: list[Deadline] = []
    warnings: list[str] = []
    offered = None if routes is None else frozenset(routes)

    def wanted(deadline_id: str) -> bool:
        needs = ROUTE_DEADLINES.get(deadline_id)
        return offered is None or needs is None or bool(needs & offered)

    for deadline_id, rule_id, step, key, label in _SIMPLE:
        if key in dates and wanted(deadline_id):
            out.append(
                deadline_for(
                    rule_id, dates[key], deadline_id=deadline_id, step=step, trigger_label=label
                )
            )
    if facts.phase_transfer_year is not None:
        moved = phase_transfer_deadline(
            facts.phase_transfer_year, secondary_to_post16=facts.to_post16
        )
        out.append(replace(moved, id="phase_transfer_review_by"))
    out.extend(
        after_tribunal_deadlines(
            dates.get("tribunal_decision"), dates.get("written_reasons"), sen_case=facts.sen_case
        )
    )
    for deadline_id, key in (
        ("exclusion_board_meets", "exclusion_notice"),
        ("exclusion_review_request_by", "board_decision"),
    ):
        if key not in dates or not wanted(deadline_id):
            continue
        if facts.terms is None:
            warnings.append(
                "Exclusion time limits are counted in school days. Tell us the council to count "
                "them with its term dates, or ask the school straight away."
            )
            continue
        try:
            out.append(exclusion_deadline(deadline_id, dates[key], facts.terms))
        except TermDatesUnknown as exc:
            warnings.append(
                f"{exc} The exclusion time limit (15 school days) cannot be counted here: ask "
                "the school for its term dates straight away."
            )
    return out, list(dict.fromkeys(warnings))


def with_reg_10_exception(deadlines: list[Deadline]) -> list[Deadline]:
    """Say on the assessment clocks that they do not bind where a reg 10(4) exception applies."""
    return [
        replace(d, rule=f"{d.rule} {REG_10_NOTE}") if d.id in ASSESSMENT_DEADLINES else d
        for d in deadlines
    ]


def further_facts(s: Situation, f: Findings, *, terms: SchoolTerms | None = None) -> FurtherFacts:
    """The facts for these clocks from a finder situation.

    The tribunal case is a discrimination claim only where there is a claim and no appeal.
    Term dates are ``terms`` (the council's own, where it set them), else its published ones,
    when it has any.
    """
    if terms is None and s.local_authority:
        try:
            terms = school_terms(s.local_authority)
        except TermDatesUnknown:
            terms = None
    return FurtherFacts(
        sen_case=f.appeal or not f.discrimination_at_school,
        phase_transfer_year=s.phase_transfer_year,
        to_post16=s.phase_transfer_to_post16,
        terms=terms,
        assessment_exception=s.assessment_exception,
    )
