"""The deadlines of the advice contract, computed from a case's dates and a few facts.

Each contract deadline id (law.md, "Deadline ids in the advice contract") comes from one rule:

=================================  ===========  ==============================================
deadline id                        rule         needs
=================================  ===========  ==============================================
``contact_mediation_adviser``      MED-01       ``decision_letter``, certificate required
``certificate_after_declining``    MED-02       ``adviser_informed_declined``
``health_body_notified``           MED-03       ``la_informed_mediation_wanted``, health in issue
``mediation_held``                 MED-05/04    ``la_informed_mediation_wanted`` (LA arranges) or
                                                ``commissioning_body_notified`` (health only)
``certificate_when_not_arranged``  MED-07       ``la_cannot_arrange``
``certificate_after_mediation``    MED-08       ``mediation_ended``
``appeal_registration``            APP-01       ``decision_letter``, ``certificate_issued``
``recommendation_response``        REC-01       ``recommendation_made``
``disability_discrimination_claim`` DDC-01      ``discrimination_act``
``agreed_actions_due``             AGR-02       ``mediation_agreement``
``la_decision_on_assessment``      EHC-01       ``request_received``
``final_plan_due``                 EHC-05       ``request_received``
``draft_plan_comments_by``         EHC-04       ``draft_plan_served``
=================================  ===========  ==============================================

The clocks added for issue 24 (judicial review, complaints, annual reviews, reassessment, after
the tribunal, exclusions) are listed in :mod:`sendresolve.law.further_deadlines`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .clocks import (
    agreement_deadlines,
    appeal_deadline,
    mediation_notice_by,
    tribunal_order_deadlines,
    unopposed_appeal_deadlines,
)
from .further_deadlines import (
    FURTHER_DATE_KEYS,
    FURTHER_DEADLINE_IDS,
    REG_10_NOTE,
    FurtherFacts,
    further_deadlines,
    with_reg_10_exception,
)
from .passed_deadlines import passed_deadline_warnings
from .rules import Deadline, deadline_for, time_limit
from .schemas import InputError, validate
from .school_days import SchoolTerms, TermDatesUnknown, school_terms
from .situation import parse_date
from .working_days import HESC_WD, calendar_with_extra_holidays

__all__ = [
    "CONTRACT_DEADLINE_IDS",
    "DATE_KEYS",
    "DEADLINES_SCHEMA",
    "CaseFacts",
    "case_deadlines",
    "contract_deadlines",
    "passed_deadline_warnings",
]

#: Dates a situation or case may give (product.md §4).
DATE_KEYS = (
    "decision_letter",
    "adviser_informed_declined",
    "la_informed_mediation_wanted",
    "commissioning_body_notified",
    "la_cannot_arrange",
    "mediation_ended",
    "certificate_issued",
    "mediation_agreement",
    "tribunal_order",
    "recommendation_made",
    "discrimination_act",
    "request_received",
    "draft_plan_served",
    *FURTHER_DATE_KEYS,
)

#: Every deadline id of the advice contract, in the order they are listed.
CONTRACT_DEADLINE_IDS = (
    "contact_mediation_adviser",
    "certificate_after_declining",
    "health_body_notified",
    "mediation_held",
    "certificate_when_not_arranged",
    "certificate_after_mediation",
    "appeal_registration",
    "recommendation_response",
    "disability_discrimination_claim",
    "agreed_actions_due",
    "la_decision_on_assessment",
    "draft_plan_comments_by",
    "final_plan_due",
    *FURTHER_DEADLINE_IDS,
)


@dataclass(frozen=True)
class CaseFacts:
    """The facts, besides dates, that decide which deadlines apply.

    ``certificate_required``: a mediation certificate is needed before appealing (None when no
    appeal is in play). ``health_care_in_issue``: the mediation issues include health care.
    ``health_only``: the issues are only about health care, so the health body arranges the
    mediation. ``appeal_in_play``: a SEND Tribunal appeal can be made about the decision.
    """

    certificate_required: bool | None = True
    health_care_in_issue: bool = False
    health_only: bool = False
    appeal_in_play: bool = True
    further: FurtherFacts = FurtherFacts()


def contract_deadlines(
    dates: Mapping[str, dt.date],
    facts: CaseFacts,
    *,
    extra_holidays: Iterable[dt.date] = (),
    warnings: list[str] | None = None,
    routes: Collection[str] | None = None,
) -> list[Deadline]:
    """Return every contract deadline the dates and facts allow, in contract order.

    ``extra_holidays`` are non-working days to add to every calendar (e.g. a newly proclaimed
    bank holiday that the ``holidays`` package does not know yet). ``warnings``, if given,
    receives what could not be counted (e.g. school days without term dates) and the reg 10(4)
    note. ``routes``, if given, leaves out clocks that only belong beside other routes.
    """
    unknown = set(dates) - set(DATE_KEYS)
    if unknown:
        raise ValueError(f"unknown date key(s): {', '.join(sorted(unknown))}")
    extra = frozenset(extra_holidays)
    out: list[Deadline] = []

    def add(deadline_id: str, rule_id: str, key: str, label: str) -> None:
        if key in dates:
            limit = time_limit(rule_id)
            calendar = (
                calendar_with_extra_holidays(limit.working_day_calendar.name, extra)
                if extra
                else None
            )
            out.append(
                deadline_for(
                    rule_id,
                    dates[key],
                    deadline_id=deadline_id,
                    trigger_label=label,
                    calendar=calendar,
                )
            )

    if facts.certificate_required:
        add("contact_mediation_adviser", "MED-01", "decision_letter", "Decision letter sent")
    add(
        "certificate_after_declining",
        "MED-02",
        "adviser_informed_declined",
        "Adviser told you do not want mediation",
    )
    if facts.health_care_in_issue or facts.health_only:
        add(
            "health_body_notified",
            "MED-03",
            "la_informed_mediation_wanted",
            "Local authority told you want mediation",
        )
    if facts.health_only:
        add(
            "mediation_held",
            "MED-04",
            "commissioning_body_notified",
            "Health body received the notice",
        )
    else:
        add(
            "mediation_held",
            "MED-05",
            "la_informed_mediation_wanted",
            "Local authority told you want mediation",
        )
    add(
        "certificate_when_not_arranged",
        "MED-07",
        "la_cannot_arrange",
        "Local authority said it cannot arrange mediation in time",
    )
    add("certificate_after_mediation", "MED-08", "mediation_ended", "Mediation ended")
    has_limb = "decision_letter" in dates or (
        "certificate_issued" in dates and facts.certificate_required
    )
    if facts.appeal_in_play and has_limb:
        out.append(
            appeal_deadline(
                dates.get("decision_letter"),
                dates.get("certificate_issued"),
                certificate_required=bool(facts.certificate_required),
                calendar=calendar_with_extra_holidays(HESC_WD.name, extra),
            )
        )
    add("recommendation_response", "REC-01", "recommendation_made", "Recommendation made")
    add(
        "disability_discrimination_claim",
        "DDC-01",
        "discrimination_act",
        "Day of the discrimination",
    )
    add("agreed_actions_due", "AGR-02", "mediation_agreement", "Mediation agreement signed")
    add("la_decision_on_assessment", "EHC-01", "request_received", "Request received")
    add("draft_plan_comments_by", "EHC-04", "draft_plan_served", "Draft plan served")
    add("final_plan_due", "EHC-05", "request_received", "Request received")
    further, notes = further_deadlines(dates, facts.further, routes)
    out.extend(further)
    if facts.further.assessment_exception:
        out = with_reg_10_exception(out)
        if any(d.rule.endswith(REG_10_NOTE) for d in out):
            notes.append(REG_10_NOTE)
    if warnings is not None:
        warnings.extend(notes)
    order = {deadline_id: i for i, deadline_id in enumerate(CONTRACT_DEADLINE_IDS)}
    return sorted(out, key=lambda d: order.get(d.id, len(order)))


# -- the ``sendresolve deadlines`` input -------------------------------------------------------

DEADLINES_SCHEMA = "sendresolve.deadlines/1"


def case_deadlines(data: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Compute the deadlines for a case from its dates (input of ``sendresolve deadlines``).

    ``data`` follows ``schemas/deadlines-input.schema.json``::

        {
          "today": "2024-04-01",                 # optional; overrides the ``today`` argument
          "dates": {"decision_letter": "2024-01-31", "mediation_ended": "2024-03-12", ...},
          "certificate_required": true,           # default true (false: placement-only appeal)
          "health_care_in_issue": false,          # default false
          "health_only": false,                   # default false (health body arranges)
          "appeal_in_play": true,                 # default true
          "tribunal_order_type": "make_plan",     # with dates.tribunal_order: reg 44 clocks
          "agreement_types": ["amend_plan"],      # with dates.mediation_agreement: reg 42(2)
          "la_was_party_to_agreement": true,      # false: reg 42(4) 1-week notice to the LA
          "mediation_date": "2025-01-15",         # MED-06 notice of date and place
          "unopposed_appeal_type": "contents"     # with dates.la_will_not_oppose: reg 45
        }

    Returns ``{"schema": "sendresolve.deadlines/1", "deadlines": [...], "warnings": [...]}``.
    Invalid input raises :class:`~sendresolve.law.schemas.InputError` naming the field.
    """
    validate("deadlines-input", data)
    raw_dates = data.get("dates") or {}
    dates = {key: parse_date(value, f"dates.{key}") for key, value in raw_dates.items()}
    as_of = parse_date(data["today"], "today") if "today" in data else today
    facts = CaseFacts(
        certificate_required=bool(data.get("certificate_required", True)),
        health_care_in_issue=bool(data.get("health_care_in_issue", False)),
        health_only=bool(data.get("health_only", False)),
        appeal_in_play=bool(data.get("appeal_in_play", True)),
        further=FurtherFacts(
            sen_case=data.get("tribunal_case_type", "sen_appeal") == "sen_appeal",
            phase_transfer_year=data.get("phase_transfer_year"),
            to_post16=bool(data.get("phase_transfer_to_post16", False)),
            terms=_terms(data),
            assessment_exception=bool(data.get("assessment_exception", False)),
        ),
    )
    notes: list[str] = []
    deadlines = contract_deadlines(dates, facts, warnings=notes)
    if "mediation_date" in data:
        meeting = parse_date(data["mediation_date"], "mediation_date")
        deadlines.append(mediation_notice_by(meeting))
    if "tribunal_order" in dates and "tribunal_order_type" in data:
        deadlines.extend(
            tribunal_order_deadlines(dates["tribunal_order"], str(data["tribunal_order_type"]))
        )
    if "la_will_not_oppose" in dates and "unopposed_appeal_type" in data:
        deadlines.extend(
            unopposed_appeal_deadlines(
                dates["la_will_not_oppose"], str(data["unopposed_appeal_type"])
            )
        )
    if "mediation_agreement" in dates:
        agreed = data.get("agreement_types") or []
        extra = agreement_deadlines(
            dates["mediation_agreement"],
            appealable=[str(a) for a in agreed],
            other_actions=False,  # agreed_actions_due is already a contract deadline
            la_was_party=bool(data.get("la_was_party_to_agreement", True)),
        )
        deadlines.extend(extra)
    warnings = passed_deadline_warnings(deadlines, dates, as_of) + notes
    for deadline in deadlines:
        warnings.extend(f"The law is not settled here. {note}" for note in deadline.uncertain)
    return {
        "schema": DEADLINES_SCHEMA,
        "deadlines": [d.to_dict() for d in deadlines],
        "warnings": list(dict.fromkeys(warnings)),
    }


def _terms(data: Mapping[str, Any]) -> SchoolTerms | None:
    """The council's own term dates if given, else its published ones (None if unknown)."""
    name = str(data.get("local_authority") or "the council")
    if "term_dates" in data:
        try:
            return SchoolTerms.from_mapping(name, data["term_dates"], set_by_council=True)
        except ValueError as exc:
            raise InputError(f"term_dates: {exc}") from None
    if "local_authority" in data:
        try:
            return school_terms(name)
        except TermDatesUnknown:
            return None
    return None
