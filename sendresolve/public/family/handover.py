"""From the route finder's answers to the online request's.

A family who has used the route finder has already said which council, who is asking, what
the disagreement is about and the date on the decision letter. Following the advice page's
start button copies those answers into the request, in the request's own keys, so the request
asks only what is still missing (the journey counts a question answered when its form accepts
the stored answer). Nothing the finder did not ask is guessed.
"""

from sendresolve.cases.services import OnlineRequest
from sendresolve.public.family import forms
from sendresolve.public.finder.steps import UNKNOWN_DATE, Answers
from sendresolve.public.wording import REQUEST_LABELS, WHO_LABELS

#: Each subject the finder offers and the request subject it becomes (None: not something
#: this service's requests are about, such as an exclusion or a discrimination claim).
#: A subject is carried only if the chosen request offers it (``forms.subject_choices``).
SUBJECT_MAP: dict[str, str | None] = {
    "refusal_to_assess": "refusal_to_assess",
    "refusal_to_issue_plan": "refusal_to_issue_plan",
    "support_without_plan": "support_without_plan",
    "plan_needs": "plan_needs",
    "plan_provision": "plan_provision",
    "plan_placement": "plan_placement",
    "plan_health_or_social_care": "plan_health_or_social_care",
    "draft_plan": "draft_plan",
    "refusal_to_amend": "refusal_to_amend",
    "refusal_to_reassess": "refusal_to_reassess",
    "cease_to_maintain": "cease_to_maintain",
    "provision_not_delivered": "provision_not_delivered",
    "health_services": "health_services",
    "social_care_services": "social_care_services",
    "assessment_or_planning_process": "assessment_or_planning_process",
    "delay": "delay",
    "personal_budget": "personal_budget",
    "order_or_agreement_not_followed": "order_or_agreement_not_followed",
    "other": "other",
    "exclusion": None,  # a school's exclusion review, not mediation or disagreement resolution
    "disability_discrimination": None,  # a claim to the tribunal, not a request here
}


def subjects_for(about: list[str], *, request: str) -> list[str]:
    """The request's subjects for the finder's ``about``, those the request offers, in the
    request's order."""
    wanted = {SUBJECT_MAP.get(key) for key in about} - {None}
    return [key for key, _ in forms.subject_choices(request) if key in wanted]


def health_care_in_issue(finder: Answers) -> str | None:
    """ "yes" if the family said the disagreement involves health, "no" if what they said
    leaves health out, None (ask them) if it could go either way."""
    about, with_ = set(finder.get("about", [])), set(finder.get("with", []))
    if "health" in with_ or "health_services" in about:
        return "yes"
    if "plan_health_or_social_care" in about:
        return None  # health, social care or both: the request asks
    return "no" if about else None


def request_answers(finder: Answers, *, request: str) -> dict:
    """The request's answers for the finder's ``finder`` answers, asking for ``request``."""
    if request not in REQUEST_LABELS:
        raise ValueError(f"Not an online request: {request!r}")
    answers: dict = {"request": request}
    if isinstance(finder.get("council"), str):
        answers["local_authority"] = finder["council"]
    if finder.get("who") in WHO_LABELS:
        answers["requester"] = finder["who"]
    subjects = subjects_for(list(finder.get("about") or []), request=request)
    if subjects:
        answers["subjects"] = subjects
        answers["decision_description"] = ""
    if request != OnlineRequest.DISAGREEMENT_RESOLUTION:
        letter = finder.get("decision_letter")
        if letter == UNKNOWN_DATE:
            answers.update(decision_letter_date="", decision_letter_unknown=True)
        elif isinstance(letter, str) and letter:
            answers.update(decision_letter_date=letter, decision_letter_unknown=False)
        health = health_care_in_issue(finder)
        if health is not None:
            answers["health_care_in_issue"] = health
    return answers
