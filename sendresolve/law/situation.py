"""The family's situation (input of the route finder): strict parsing and validation.

:func:`parse_situation` checks a situation dict against ``schemas/situation.schema.json`` (unknown
keys or values, wrong types, impossible dates, ages outside 0–25) and then against the law (a
"young person" must be over compulsory school age). Any problem raises :class:`SituationError`
naming the field, e.g. ``dates.decision_letter: "2024-02-30" is not a valid date (use
YYYY-MM-DD)``.

Compulsory school age ends on the last Friday of June of the school year in which the child turns
16 (law.md §7). Ages are whole years, so at 15 and 16 it depends on the birthday:
:func:`compulsory_school_age_status` says when it cannot tell.

:func:`situation_findings` works out what a situation means before routes are chosen: what can be
appealed and whether a certificate is needed (``appeals.py``), mediation, health and social care,
discrimination claims and who holds the rights. Both the routes (``routes.py``) and the warnings
(``cautions.py``) read these :class:`Findings`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .appeals import APPEALABLE_SUBJECTS, CLAIMS, certificate_required
from .schemas import InputError, validate

__all__ = [
    "EARLIEST_DATE",
    "HEALTH_OR_CARE_TOPICS",
    "LATEST_DATE",
    "YOUNG_PERSON_AGE_LIMIT",
    "Findings",
    "Situation",
    "SituationError",
    "compulsory_school_age_status",
    "last_friday_of_june",
    "parse_date",
    "parse_situation",
    "situation_findings",
]

EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
HEALTH_OR_CARE_TOPICS = frozenset(
    {"plan_health_or_social_care", "health_services", "social_care_services"}
)
#: From this age a person is not a "young person" (Children and Families Act 2014 s.83(2)).
YOUNG_PERSON_AGE_LIMIT = 25
#: Decisions that only arise on a request for a new assessment or plan (none at 25 and over).
NEW_PLAN_DECISIONS = frozenset({"refusal_to_assess", "refusal_to_issue_plan"})


class SituationError(InputError):
    """A situation that is not valid; the message names the field."""


@dataclass(frozen=True)
class Situation:
    """A validated situation. ``with_`` and ``about`` keep the order they were given in."""

    age: int
    requester: str
    has_ehc_plan: bool
    with_: tuple[str, ...]
    about: tuple[str, ...]
    dates: Mapping[str, dt.date] = field(default_factory=lambda: MappingProxyType({}))
    today: dt.date | None = None
    school_type: str | None = None
    young_person_lacks_capacity: bool | None = None
    compulsory_school_age_ended: bool | None = None
    early_years_setting: str | None = None
    phase_transfer_year: int | None = None
    phase_transfer_to_post16: bool = False
    assessment_exception: bool = False
    local_authority: str | None = None


def parse_date(value: str, field_name: str, error: type[InputError] = SituationError) -> dt.date:
    """Parse an ISO date (YYYY-MM-DD) within the supported range, or raise naming the field."""
    shown = json.dumps(value)
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise error(f"{field_name}: {shown} is not a valid date (use YYYY-MM-DD)") from None
    if len(value) != 10:
        raise error(f"{field_name}: {shown} is not a valid date (use YYYY-MM-DD)")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise error(
            f"{field_name}: {shown} is outside the supported range "
            f"({EARLIEST_DATE.year}–{LATEST_DATE.year})"
        )
    return day


def parse_situation(data: Any) -> Situation:
    """Validate ``data`` (a dict decoded from JSON) and return a :class:`Situation`."""
    validate("situation", data, SituationError)
    dates = {
        key: parse_date(value, f"dates.{key}") for key, value in (data.get("dates") or {}).items()
    }
    today = parse_date(data["today"], "today") if "today" in data else None
    situation = Situation(
        age=data["age"],
        requester=data["requester"],
        has_ehc_plan=data["has_ehc_plan"],
        with_=tuple(data["with"]),
        about=tuple(data["about"]),
        dates=MappingProxyType(dates),
        today=today,
        school_type=data.get("school_type"),
        young_person_lacks_capacity=data.get("young_person_lacks_capacity"),
        compulsory_school_age_ended=data.get("compulsory_school_age_ended"),
        early_years_setting=data.get("early_years_setting"),
        phase_transfer_year=data.get("phase_transfer_year"),
        phase_transfer_to_post16=bool(data.get("phase_transfer_to_post16", False)),
        assessment_exception=bool(data.get("assessment_exception", False)),
        local_authority=data.get("local_authority"),
    )
    _check_ages(situation)
    return situation


def _check_ages(s: Situation) -> None:
    """Reject combinations the law rules out (law.md §7, "Ages and who holds the rights")."""
    ended = s.compulsory_school_age_ended
    if ended is True and s.age <= 14:
        raise SituationError(
            f"compulsory_school_age_ended: cannot be true at age {s.age} (compulsory school age "
            "ends in the school year the child turns 16)"
        )
    if ended is False and s.age >= 17:
        raise SituationError(
            f"compulsory_school_age_ended: cannot be false at age {s.age} (compulsory school "
            "age has always ended by 17)"
        )
    if s.requester == "young_person":
        if ended is False or s.age <= 14:
            raise SituationError(
                f'requester: "young_person" means someone over compulsory school age, but the '
                f"age is {s.age}; a child's parent makes these requests"
                if ended is not False
                else 'requester: "young_person" means someone over compulsory school age, but '
                "compulsory_school_age_ended is false"
            )
        if s.age == 15 and ended is not True:
            raise SituationError(
                'requester: "young_person" at age 15 needs compulsory_school_age_ended: true '
                "(it ends on the last Friday of June of the school year the child turns 16)"
            )
    if s.young_person_lacks_capacity and (ended is False or s.age <= 14):
        raise SituationError(
            "young_person_lacks_capacity: only applies to a young person over compulsory "
            f"school age, not a child aged {s.age}"
        )


def last_friday_of_june(year: int) -> dt.date:
    """The last Friday of June in ``year`` (the day compulsory school age ends)."""
    day = dt.date(year, 6, 30)
    return day - dt.timedelta(days=(day.weekday() - 4) % 7)


@dataclass(frozen=True)
class SchoolAgeStatus:
    """Whether compulsory school age has ended, and whether that had to be assumed."""

    ended: bool
    certain: bool


def compulsory_school_age_status(situation: Situation, today: dt.date) -> SchoolAgeStatus:
    """Decide whether compulsory school age has ended for the child or young person.

    Given ``compulsory_school_age_ended``, that answer is used. Otherwise: 17 or over, ended;
    14 or under, not ended. At 15 or 16 it depends on the birthday. After the last Friday of
    June and before September every 16-year-old has passed it, while a 15-year-old may have
    (if born in July or August). Where the birthday decides it, the requester is taken at their
    word (a young person asking themselves → ended; a parent → not ended) and ``certain`` is
    False so a warning can say so.
    """
    if situation.compulsory_school_age_ended is not None:
        return SchoolAgeStatus(situation.compulsory_school_age_ended, True)
    age = situation.age
    if age >= 17:
        return SchoolAgeStatus(True, True)
    if age <= 14:
        return SchoolAgeStatus(False, True)
    summer = last_friday_of_june(today.year) < today <= dt.date(today.year, 8, 31)
    if age == 16 and summer:
        return SchoolAgeStatus(True, True)
    if age == 15 and not summer:
        return SchoolAgeStatus(False, True)
    return SchoolAgeStatus(situation.requester == "young_person", False)


@dataclass(frozen=True)
class Findings:
    """What the route finder works out from a situation before choosing routes and warnings."""

    about: frozenset[str]
    with_: frozenset[str]
    education: tuple[str, ...]
    appeal: bool
    certificate_required: bool | None
    mediation: bool
    health_in_issue: bool
    health_only: bool
    social_care_issue: bool
    discrimination_at_school: bool
    discrimination_elsewhere: bool
    adult: bool
    school_age_ended: bool
    school_age_certain: bool
    past_young_person: bool = False


def situation_findings(s: Situation, today: dt.date) -> Findings:
    """Work out from ``s`` what can be appealed, mediated or claimed, and who holds the rights.

    ``education`` keeps the appealable decisions in the order given (CFA 2014 s.51(2)).
    ``certificate_required`` follows :func:`~sendresolve.law.appeals.certificate_required` for an
    appeal; a disability discrimination claim at school alone needs none; otherwise None.
    """
    about = frozenset(s.about)
    with_ = frozenset(s.with_)
    # At 25 a person is no longer a "young person" (CFA 2014 s.83(2)): there is no right to ask
    # for an assessment, so no appeal against a refusal to assess or to issue a new plan; reg 46
    # only lets an existing plan run to the end of the academic year.
    past_young_person = s.age >= YOUNG_PERSON_AGE_LIMIT
    education = tuple(
        a
        for a in s.about
        if a in APPEALABLE_SUBJECTS and not (past_young_person and a in NEW_PLAN_DECISIONS)
    )
    appeal = bool(education)
    plan_care = s.has_ehc_plan and bool(about & HEALTH_OR_CARE_TOPICS)
    mediation = appeal or plan_care
    social = "social_care" in with_ or "social_care_services" in about
    health = mediation and ("health" in with_ or "health_services" in about)
    health_only = mediation and not appeal and health and not social
    discrimination = "disability_discrimination" in about
    # A maintained nursery school is a school for Equality Act 2010 s.85 (Sch 17 → the tribunal);
    # other early years settings are service providers (s.29 → the county court).
    nursery_school = "early_years" in with_ and s.early_years_setting == "maintained_nursery_school"
    at_school = ("school" in with_ and (discrimination or "exclusion" in about)) or (
        nursery_school and discrimination
    )
    elsewhere_bodies = {"post16", "local_authority", "health", "social_care"}
    if not nursery_school:
        elsewhere_bodies.add("early_years")
    elsewhere = discrimination and bool(with_ & elsewhere_bodies)
    if appeal:
        certificate = certificate_required(education)
    elif at_school:
        certificate = CLAIMS["disability_discrimination"].certificate
    else:
        certificate = None
    status = compulsory_school_age_status(s, today)
    return Findings(
        about=about,
        with_=with_,
        education=education,
        appeal=appeal,
        certificate_required=certificate,
        mediation=mediation,
        health_in_issue=health,
        health_only=health_only,
        social_care_issue=social,
        discrimination_at_school=at_school,
        discrimination_elsewhere=elsewhere,
        adult=s.age >= 18,
        school_age_ended=status.ended,
        school_age_certain=status.certain,
        past_young_person=past_young_person,
    )
