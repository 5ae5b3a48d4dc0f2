"""Warnings for the advice: unclear law, passed deadlines, ages and dates to check.

Each warning is plain English. Where the law is unclear ([U] in law.md) the warning says so;
where a deadline has passed it says what can still be done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .dates import long_date
from .passed_deadlines import passed_deadline_warnings
from .rules import Deadline
from .situation import HEALTH_OR_CARE_TOPICS, Findings, Situation

__all__ = ["PLAN_CONTENTS", "situation_warnings"]

PLAN_CONTENTS = frozenset({"plan_needs", "plan_provision", "plan_placement", "refusal_to_amend"})


def situation_warnings(
    s: Situation, f: Findings, today: dt.date, chosen: Mapping[str, str], deadlines: list[Deadline]
) -> list[str]:
    out: list[str] = []
    if not f.school_age_certain and (f.appeal or f.mediation or f.discrimination_at_school):
        out.append(
            "At 15 or 16 it depends on the birthday who makes these decisions. Compulsory school "
            "age ends on the last Friday of June of the school year in which a child turns 16; "
            "after that the young person, not the parent, appeals and asks for mediation. "
            + (
                "This advice assumes that has happened."
                if f.school_age_ended
                else "This advice assumes it has not happened yet."
            )
        )
    holder = f.appeal or f.mediation or f.discrimination_at_school
    if holder and f.school_age_ended and s.requester == "parent":
        if s.young_person_lacks_capacity:
            out.append(
                "Because the young person cannot make these decisions themselves (they lack "
                "mental capacity), a representative, such as a parent, acts for them "
                "(Children and Families Act 2014 s.80; the details are unconfirmed)."
            )
        else:
            out.append(
                "The young person is over compulsory school age, so the right to appeal and to "
                "ask for mediation is theirs, not the parent's. Parents can still help and "
                "support them."
            )
    if s.young_person_lacks_capacity and s.requester == "young_person" and holder:
        out.append(
            "Because the young person lacks mental capacity for these decisions, a "
            "representative acts for them (Children and Families Act 2014 s.80; details "
            "unconfirmed)."
        )
    if not s.has_ehc_plan and f.about & PLAN_CONTENTS:
        out.append(
            "You said there is no EHC plan, but appeals about what a plan says need a final plan. "
            "Check whether a final plan has been issued."
        )
    if s.has_ehc_plan and "refusal_to_assess" in f.about:
        out.append(
            "There is already an EHC plan, so a refusal to assess again is usually a refusal to "
            "reassess. The appeal route is the same."
        )
    if "lgsco" in chosen and f.appeal:
        out.append(
            "The Local Government and Social Care Ombudsman is probably not open for anything "
            "you could appeal to the tribunal (Local Government Act 1974 s.26(6)(a); R (Milburn) "
            "v LGSCO [2023] EWCA Civ 207). It can still look at other things, such as delay."
        )
    if f.past_young_person:
        out.append(
            'At 25 a person is no longer a "young person" in SEND law (Children and Families '
            "Act 2014 s.83(2)). You cannot ask for a new EHC needs assessment or appeal a refusal "
            "to assess. An EHC plan you already have can carry on only to the end of the "
            "academic year in which you turn 25 (SEND Regulations 2014 reg 46)."
        )
    care = bool(f.about & HEALTH_OR_CARE_TOPICS or f.with_ & {"health", "social_care"})
    if chosen.get("tribunal_recommendations") == "default" and care:
        out.append(
            "The tribunal can only look at health and social care alongside an education appeal. "
            "If mediation sorts out all the education issues, the health and social care points "
            "cannot go to the tribunal on their own."
        )
    if s.has_ehc_plan and "health_services" in f.about:
        out.append(
            "Therapy that helps with learning, such as speech and language therapy, should "
            "normally be written in section F of the EHC plan as special educational help. You "
            "can appeal about section F (SEND Code of Practice; paragraph unconfirmed)."
        )
    if "county_court_discrimination_claim" in chosen:
        out.append(
            "The law is not settled on some details of discrimination claims outside schools; "
            "get legal advice about where and when to claim."
        )
    counted = {d.id for d in deadlines} & {"exclusion_board_meets", "exclusion_review_request_by"}
    if "exclusion_review" in chosen and not counted:
        out.append(
            "Exclusion reviews have short time limits, counted in school days. Add the date "
            "the governors told you their decision, or ask the school or SENDIASS straight away."
        )
    if "secretary_of_state_complaint" in chosen and chosen["secretary_of_state_complaint"] == (
        "college"
    ):
        out.append(
            "How college complaints are escalated is not fully confirmed; check with SENDIASS."
        )
    out.extend(_date_warnings(s, f, today))
    out.extend(passed_deadline_warnings(deadlines, s.dates, today))
    for deadline in deadlines:
        out.extend(f"The law is not settled here. {note}" for note in deadline.uncertain)
    return list(dict.fromkeys(out))


def _date_warnings(s: Situation, f: Findings, today: dt.date) -> list[str]:
    out = []
    for key, day in s.dates.items():
        if day > today:
            out.append(
                f"The date given for {key.replace('_', ' ')} ({long_date(day)}) is after "
                "today. Check it."
            )
        if day < dt.date(2014, 9, 1):
            out.append(
                f"The date given for {key.replace('_', ' ')} is before 1 September 2014, "
                "when the current law started. This advice may not apply."
            )
    dates = s.dates
    if not f.appeal and "decision_letter" in dates:
        out.append(
            "The decision letter date was not used for an appeal deadline, because what you "
            "disagree about cannot be appealed to the tribunal."
        )
    if f.appeal and "decision_letter" not in dates:
        out.append(
            "Add the date on the decision letter to see the date to contact a mediation adviser "
            "and the appeal deadline."
            if f.certificate_required
            else "Add the date on the decision letter to see the appeal deadline."
        )
    if f.appeal and not f.certificate_required and "certificate_issued" in dates:
        out.append(
            "No mediation certificate is needed for an appeal only about the school, so the "
            "appeal deadline is 2 months from the decision letter, not 1 month from the "
            "certificate."
        )
    if (
        "certificate_issued" in dates
        and "decision_letter" in dates
        and dates["certificate_issued"] < dates["decision_letter"]
    ):
        out.append("The certificate date is before the decision letter date. Check both dates.")
    return out
