"""The route finder: a family's situation → the routes open to them, deadlines and warnings.

:func:`advise` returns the Advice contract (``sendresolve.advice/1``, product.md §4). It follows
law.md §11:

* Appealable local authority decisions (CFA s.51(2)) → tribunal appeal; a mediation certificate
  is needed first (s.55) unless the appeal is only about the school in section I (both rules are
  data in ``appeals.yaml``; :func:`~sendresolve.law.situation.situation_findings` applies them).
* Health sections C/G only → no tribunal appeal; mediation arranged by the health body (s.53);
  NHS complaint → PHSO. Social care → children's (<18) or adult (18+) complaint → LGSCO.
* Tribunal recommendations on health and social care only alongside an education appeal of type
  (b)–(f), never a refusal to assess (SI 2017/1306).
* Disability discrimination by a school → SEND Tribunal claim, no mediation or certificate;
  colleges and others → county court.
* Delays, provision not delivered, orders or agreements not followed → complaints, LGSCO,
  Secretary of State, judicial review. The LGSCO is "probably excluded" where an appeal could be
  made (Local Government Act 1974 s.26(6)(a); *R (Milburn) v LGSCO* [2023] EWCA Civ 207).

The words families see are data in ``routes.yaml``; this module only decides which apply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from .appeals import DECISIONS
from .cautions import situation_warnings
from .dates import long_date
from .deadlines import CaseFacts, contract_deadlines
from .further_deadlines import further_facts
from .rules import CURRENT_LAW_START, Deadline
from .school_days import SchoolTerms
from .situation import (
    Findings,
    Situation,
    parse_situation,
    situation_findings,
)

__all__ = ["ADVICE_SCHEMA", "ROUTE_IDS", "advise", "advise_situation"]

ADVICE_SCHEMA = "sendresolve.advice/1"

#: Every route id of the contract, in the order routes are shown ("what to do first").
ROUTE_IDS = (
    "local_resolution",
    "sendiass",
    "mediation_advice",
    "mediation",
    "disagreement_resolution",
    "exclusion_review",
    "tribunal_appeal",
    "tribunal_recommendations",
    "tribunal_decision_challenge",
    "disability_discrimination_claim",
    "county_court_discrimination_claim",
    "school_complaint",
    "college_complaint",
    "early_years_complaint",
    "local_authority_complaint",
    "childrens_social_care_complaint",
    "adult_social_care_complaint",
    "nhs_complaint",
    "secretary_of_state_complaint",
    "lgsco",
    "phso",
    "judicial_review",
)

EDUCATION_BODIES = frozenset({"local_authority", "school", "early_years", "post16"})
BODY_NAMES = {
    "local_authority": "the {LA}",
    "school": "{childs} school",
    "early_years": "the nursery or early years setting",
    "post16": "the college or sixth form",
    "health": "the health service (NHS)",
    "social_care": "social care",
}
#: What a family may say an ICB failed to do; the Secretary of State cannot look at it.
ICB_FAILURES = frozenset({"delay", "order_or_agreement_not_followed", "provision_not_delivered"})
LA_COMPLAINT_TOPICS = frozenset(
    {
        "refusal_to_assess",
        "assessment_or_planning_process",
        "draft_plan",
        "personal_budget",
        "support_without_plan",
        "other",
    }
)


@cache
def _texts() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("routes.yaml").read_text("utf-8")
    texts: dict[str, Any] = yaml.safe_load(text)
    return texts


def _choose(s: Situation, f: Findings) -> dict[str, str]:
    """Return {route id: why-variant} for every route open in this situation."""
    about, with_ = f.about, f.with_
    chosen: dict[str, str] = {
        "local_resolution": "no_plan"
        if not s.has_ehc_plan and "support_without_plan" in about
        else "default",
        "sendiass": "default",
    }
    if f.certificate_required and f.appeal:
        chosen["mediation_advice"] = "default"
    if f.mediation:
        if f.health_only:
            chosen["mediation"] = "commissioning_body"
        elif f.health_in_issue:
            chosen["mediation"] = "local_authority_health"
        elif f.appeal and not f.certificate_required:
            chosen["mediation"] = "placement"
        elif not f.appeal and f.social_care_issue:
            chosen["mediation"] = "social_care"
        else:
            chosen["mediation"] = "local_authority"
    dr_topics = about - {
        "disability_discrimination",
        "exclusion",
        "order_or_agreement_not_followed",
    }
    in_ehc_process = (
        s.has_ehc_plan
        or "request_received" in s.dates
        or bool(about & {"assessment_or_planning_process", "draft_plan", "refusal_to_issue_plan"})
    )
    if dr_topics and with_ & EDUCATION_BODIES:
        chosen["disagreement_resolution"] = "default"
    elif dr_topics and with_ & {"health", "social_care"} and in_ehc_process:
        chosen["disagreement_resolution"] = "health"
    if (
        "exclusion" in about
        and "school" in with_
        and s.school_type not in ("independent", "non_maintained_special")
    ):
        chosen["exclusion_review"] = "default"
    if f.appeal:
        chosen["tribunal_appeal"] = "certificate" if f.certificate_required else "no_certificate"
        # The power covers every appeal under s.51(2)(b)-(f) (SI 2017/1306), so families are
        # told of it whether or not they mentioned health or social care.
        if set(f.education) - {"refusal_to_assess"}:
            chosen["tribunal_recommendations"] = "default"
    if "recommendation_made" in s.dates:
        chosen["tribunal_recommendations"] = "made"
    if s.dates.keys() & {"tribunal_decision", "written_reasons"}:
        chosen["tribunal_decision_challenge"] = "default"
    if f.discrimination_at_school:
        chosen["disability_discrimination_claim"] = "default"
    if f.discrimination_elsewhere:
        chosen["county_court_discrimination_claim"] = "default"
    if "school" in with_:
        chosen["school_complaint"] = "default"
    if "post16" in with_:
        chosen["college_complaint"] = "default"
    if "early_years" in with_:
        chosen["early_years_complaint"] = "default"
    la_variant = _la_complaint_variant(s, f)
    if la_variant:
        chosen["local_authority_complaint"] = la_variant
    if f.social_care_issue:
        key = "adult_social_care_complaint" if f.adult else "childrens_social_care_complaint"
        chosen[key] = "default"
    if "health" in with_ or "health_services" in about:
        chosen["nhs_complaint"] = "default"
    sos = _secretary_of_state_variant(s, f)
    if sos:
        chosen["secretary_of_state_complaint"] = sos
    if "local_authority_complaint" in chosen or f.social_care_issue:
        chosen["lgsco"] = "default"
    if "health" in with_ and about & ICB_FAILURES and not sos:
        chosen["nhs_complaint"] = "icb"
    if "nhs_complaint" in chosen:
        chosen["phso"] = "default"
    if (
        about & {"delay", "provision_not_delivered", "order_or_agreement_not_followed"}
        or f.health_only
        or "recommendation_made" in s.dates
        or "personal_budget" in about
    ):
        chosen["judicial_review"] = "default"
    return chosen


def _in_force(chosen: dict[str, str], as_of: dt.date) -> dict[str, str]:
    """Drop routes that began after the current law and after ``as_of`` (law.md §0.1).

    ``as_of`` is the decision's date where known, else today. Routes in force since the
    current law began are kept for earlier dates: a separate warning covers those.
    """
    specs = _texts()["routes"]
    return {
        route_id: variant
        for route_id, variant in chosen.items()
        if not (CURRENT_LAW_START < specs[route_id]["in_force_from"] > as_of)
    }


def _la_complaint_variant(s: Situation, f: Findings) -> str | None:
    about, with_ = f.about, f.with_
    if "order_or_agreement_not_followed" in about:
        return "order"
    if "delay" in about:
        return "delay"
    if "provision_not_delivered" in about and s.has_ehc_plan and with_ & EDUCATION_BODIES:
        return "not_delivered"
    if "personal_budget" in about:
        # No appeal against a refused personal budget (law.md §4.1): complaint, LGSCO, JR.
        return "personal_budget"
    if "la_cannot_arrange" in s.dates:
        # SEND Regs 2014: the council must arrange mediation within 30 days; failing that is
        # maladministration the family can complain about (and take to the LGSCO).
        return "mediation_not_arranged"
    if "disability_discrimination" in about and "local_authority" in with_:
        # The council's own services (Equality Act 2010 s.29): complaint and LGSCO besides
        # the county court.
        return "discrimination"
    if "local_authority" in with_ and about & LA_COMPLAINT_TOPICS:
        return "process"
    return None


def _secretary_of_state_variant(s: Situation, f: Findings) -> str | None:
    """Education Act 1996 ss.496-497 reach councils and governing bodies, never an ICB."""
    if f.about & {"order_or_agreement_not_followed", "delay"} and f.with_ & EDUCATION_BODIES:
        return "authority"
    if "school" in f.with_ and s.school_type in (None, "maintained", "academy"):
        return "school"
    if "post16" in f.with_:
        return "college"
    return None


# -- words ---------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class _Writer:
    """Fills placeholders and explains each glossary term the first time it is used."""

    def __init__(self, s: Situation, f: Findings) -> None:
        young = f.school_age_ended
        self.values = {
            "child": "you" if young and s.requester == "young_person" else "your child",
            "childs": "your" if young and s.requester == "young_person" else "your child's",
            "child_is": "you are" if s.requester == "young_person" else "your child is",
        }
        self.glossary: dict[str, list[str]] = _texts()["glossary"]
        self.seen: set[str] = set()
        # The same for every route of the situation: worked out once.
        self.bodies = _join([BODY_NAMES[w] for w in s.with_])
        self.decisions = _join([DECISIONS[a].words for a in f.education])

    def __call__(self, text: str, **extra: str) -> str:
        values = {**self.values, **extra}

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in values:
                return self.__call__(values[key]) if "{" in values[key] else values[key]
            if key in self.glossary:
                first, later = self.glossary[key]
                words = later if key in self.seen else first
                self.seen.add(key)
                before = match.string[: match.start()].rstrip()
                if not before or before.endswith((".", ":")):
                    words = words[0].upper() + words[1:]
                return words
            raise KeyError(f"unknown placeholder {{{key}}} in route text")

        return _PLACEHOLDER.sub(fill, _squashed(text))


@lru_cache(maxsize=4096)
def _squashed(text: str) -> str:
    """``text`` on one line with single spaces (route texts are few: kept once squashed)."""
    return " ".join(text.split())


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _route(
    route_id: str,
    variant: str,
    write: _Writer,
    s: Situation,
    f: Findings,
    by_id: dict[str, Deadline],
    today: dt.date,
) -> dict[str, Any]:
    spec = _texts()["routes"][route_id]
    why = write(spec["why"][variant], bodies=write.bodies, decisions=write.decisions)
    extra = _deadline_sentence(route_id, by_id, today)
    if extra:
        why = f"{why} {extra}"
    return {
        "id": route_id,
        "title": spec["title"],
        "why": why,
        "legal_basis": [
            *spec["legal_basis"],
            *spec.get("legal_basis_by_variant", {}).get(variant, ()),
        ],
    }


def _deadline_sentence(route_id: str, by_id: dict[str, Deadline], today: dt.date) -> str:
    """Add the key date to a route's explanation where the situation gives one."""
    sentences = {
        "mediation_advice": ("contact_mediation_adviser", "Contact the adviser by {date}."),
        "tribunal_appeal": (
            "appeal_registration",
            "The tribunal must get your appeal by 5pm on {date}.",
        ),
        "disability_discrimination_claim": (
            "disability_discrimination_claim",
            "The last day for the claim is {date}.",
        ),
        "tribunal_recommendations": (
            "recommendation_response",
            "The reply is due by {date}.",
        ),
        "judicial_review": (
            "judicial_review_by",
            "The claim must be made promptly, and by {date} at the latest.",
        ),
        "tribunal_decision_challenge": (
            "upper_tribunal_permission_by",
            "Ask for permission to appeal by 5pm on {date}.",
        ),
        "lgsco": ("lgsco_complaint_by", "Go to the Ombudsman by {date}."),
        "nhs_complaint": ("nhs_complaint_by", "Complain by {date}."),
        "phso": ("phso_complaint_by", "Go to the Ombudsman by {date}."),
        "exclusion_review": (
            "exclusion_review_request_by",
            "Ask for the independent review by {date}.",
        ),
    }
    if route_id not in sentences or sentences[route_id][0] not in by_id:
        return ""
    deadline_id, template = sentences[route_id]
    deadline = by_id[deadline_id]
    when = deadline.practical_date or deadline.date
    if today > deadline.date:
        return f"The usual deadline was {long_date(deadline.date)}: see the warnings below."
    return template.format(date=long_date(when))


# -- entry points --------------------------------------------------------------------------------


def advise_situation(
    situation: Situation, *, today: dt.date, terms: SchoolTerms | None = None
) -> dict[str, Any]:
    """Return the advice for an already validated :class:`Situation`, as of ``today``.

    ``terms``: the council's own term dates (a council may set them), counted for school-day
    clocks in preference to the published ones shipped for ``situation.local_authority``.
    """
    f = situation_findings(situation, today)
    facts = CaseFacts(
        certificate_required=f.certificate_required if f.appeal else None,
        health_care_in_issue=f.health_in_issue,
        health_only=f.health_only,
        appeal_in_play=f.appeal,
        further=further_facts(situation, f, terms=terms),
    )
    notes: list[str] = []
    chosen = _in_force(_choose(situation, f), situation.dates.get("decision_letter") or today)
    deadlines = contract_deadlines(situation.dates, facts, warnings=notes, routes=chosen)
    by_id = {d.id: d for d in deadlines}
    write = _Writer(situation, f)
    routes = [
        _route(route_id, chosen[route_id], write, situation, f, by_id, today)
        for route_id in ROUTE_IDS
        if route_id in chosen
    ]
    warnings = list(
        dict.fromkeys([*situation_warnings(situation, f, today, chosen, deadlines), *notes])
    )
    if f.appeal or f.mediation or f.discrimination_at_school:
        if situation.young_person_lacks_capacity and f.school_age_ended:
            appellant: str | None = "representative"
        else:
            appellant = "young_person" if f.school_age_ended else "parent"
    else:
        appellant = None
    if f.health_only:
        arranged_by: str | None = "commissioning_body"
    elif f.mediation:
        arranged_by = "local_authority"
    else:
        arranged_by = None
    return {
        "schema": ADVICE_SCHEMA,
        "appellant": appellant,
        "mediation_certificate_required": f.certificate_required,
        "mediation_arranged_by": arranged_by,
        "routes": routes,
        "deadlines": [d.to_dict() for d in deadlines],
        "warnings": warnings,
    }


def advise(
    situation: Mapping[str, Any] | Situation,
    *,
    today: dt.date | None = None,
    terms: SchoolTerms | None = None,
) -> dict[str, Any]:
    """Validate a situation and return the advice (product.md §4, ``sendresolve.advice/1``).

    ``situation`` is a dict decoded from JSON (validated strictly; a
    :class:`~sendresolve.law.situation.SituationError` names any bad field) or a
    :class:`Situation`. The situation's own ``today`` wins; otherwise ``today`` must be given.
    The law core never reads the clock. ``terms``: the council's own term dates, if it set
    any (:func:`advise_situation`).
    """
    parsed = situation if isinstance(situation, Situation) else parse_situation(situation)
    as_of = parsed.today or today
    if as_of is None:
        raise ValueError("advise() needs today: the situation has none and none was passed")
    return advise_situation(parsed, today=as_of, terms=terms)
