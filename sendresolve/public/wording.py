"""One wording for each choice a family makes, read by the route finder, the online request,
its check-your-answers page and the status page, so they cannot drift apart.

Keys are the stored values (``cases.vocabulary.Requester``, ``IssueSubject`` and
``cases.services.OnlineRequest``); ``public/tests/test_wording.py`` holds them to those lists.
Plain data: no Django, so the finder's steps can read it without touching models.
"""

#: Who is asking, as the family says it.
WHO_LABELS: dict[str, str] = {
    "parent": "I am a parent or carer",
    "young_person": "I am the young person (aged 16 to 25)",
    "representative": "I am helping a young person who cannot make these decisions themselves",
}
WHO_HINTS: dict[str, str] = {
    "representative": "For example, you are the parent of a young person aged 16 to 25 who "
    "does not have the mental capacity to make decisions about this.",
}

#: What a family can ask for online (``OnlineRequest``), as the request and status pages say it.
REQUEST_LABELS: dict[str, str] = {
    "mediation_advice": "Mediation advice",
    "mediation": "Mediation",
    "disagreement_resolution": "Disagreement resolution",
}
REQUEST_HINTS: dict[str, str] = {
    "mediation_advice": "Talk to a mediation adviser about a council decision you could "
    "appeal. You need to do this before most appeals to the tribunal (an independent court "
    "that can change some council decisions).",
    "mediation": "You already know you want mediation about a council decision. A mediator "
    "who does not take sides helps you and the council talk and try to agree. It is free and "
    "private.",
    "disagreement_resolution": "Someone who does not take sides helps you and a school, "
    "college, council or the NHS try to agree. You do not need an EHC plan (education, health "
    "and care plan).",
}
#: The start button on the advice page that leads into the request for each.
REQUEST_START: dict[str, str] = {
    "mediation_advice": "Ask for mediation advice online",
    "mediation": "Ask for mediation online",
    "disagreement_resolution": "Ask for disagreement resolution online",
}

#: What the disagreement is about (``IssueSubject``), in the family's words.
SUBJECT_LABELS: dict[str, str] = {
    "refusal_to_assess": "The council will not do an EHC needs assessment",
    "refusal_to_issue_plan": "The council did an assessment but will not make an EHC plan",
    "support_without_plan": "The help given at school, nursery or college without an EHC plan",
    "plan_needs": "The needs described in the EHC plan (section B)",
    "plan_provision": "The help for learning set out in the EHC plan (section F)",
    "plan_placement": "The school or college named in the EHC plan, or that none is named "
    "(section I)",
    "plan_health_or_social_care": "The health or social care parts of the EHC plan "
    "(sections C, D, G and H)",
    "draft_plan": "A draft EHC plan",
    "refusal_to_amend": "The council will not change the EHC plan after a review",
    "refusal_to_reassess": "The council will not assess the needs again",
    "cease_to_maintain": "The council has decided to end the EHC plan",
    "provision_not_delivered": "Help in the EHC plan is not being given",
    "health_services": "Health services, for example speech and language therapy",
    "social_care_services": "Social care services or a social care assessment",
    "assessment_or_planning_process": "How an assessment or plan is being done",
    "delay": "Things are taking too long",
    "personal_budget": "A personal budget",
    "exclusion": "An exclusion from school",
    "disability_discrimination": "Being treated unfairly because of a disability",
    "order_or_agreement_not_followed": "A tribunal order or a mediation agreement is not "
    "being followed",
    "other": "Something else",
}
SUBJECT_HINTS: dict[str, str] = {
    "support_without_plan": "Sometimes called SEN support.",
    "plan_provision": "The special educational provision: for example teaching, therapy or "
    "equipment.",
    "delay": "For example, the council has missed a time limit.",
    "personal_budget": "Money to arrange some of the help yourself.",
}

#: The decision letter's date, when the family does not have it.
NO_LETTER_LABEL = "I do not have the letter, or I cannot find the date"
NO_LETTER_SUMMARY = "You do not have the letter or the date"
NO_LETTER_NEXT = (
    "A mediation adviser will help you find the date on the council's decision letter. The "
    "time limit for appealing to the tribunal counts from that date, so ask the council's SEND "
    "team for a copy of the letter as soon as you can."
)


def choices(labels: dict[str, str], keys) -> list[tuple[str, str]]:
    """``(key, label)`` pairs for ``keys``, in that order."""
    return [(key, labels[key]) for key in keys]
