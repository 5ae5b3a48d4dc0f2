"""Vocabularies shared by models, forms, the API and reports: kinds, issue subjects, events.

Issue subjects are the ``about`` values of the situation contract (product.md §4), so a case's
issues can be handed to the law core unchanged.
"""

from django.db import models


class CaseKind(models.TextChoices):
    MEDIATION = "mediation", "Mediation"
    HEALTH_ONLY_MEDIATION = "health_only_mediation", "Health-only mediation"
    DISAGREEMENT_RESOLUTION = "disagreement_resolution", "Disagreement resolution"


class Requester(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    REPRESENTATIVE = "representative", "Representative of a young person who lacks capacity"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Telephone"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"


class IssueSubject(models.TextChoices):
    REFUSAL_TO_ASSESS = "refusal_to_assess", "Refusal to carry out an EHC needs assessment"
    REFUSAL_TO_REASSESS = "refusal_to_reassess", "Refusal to re-assess"
    REFUSAL_TO_ISSUE_PLAN = "refusal_to_issue_plan", "Refusal to issue an EHC plan"
    PLAN_NEEDS = "plan_needs", "Special educational needs in the plan (section B)"
    PLAN_PROVISION = "plan_provision", "Special educational provision in the plan (section F)"
    PLAN_PLACEMENT = "plan_placement", "School or placement named in the plan (section I)"
    PLAN_HEALTH_OR_SOCIAL_CARE = (
        "plan_health_or_social_care",
        "Health or social care in the plan (sections C, D, G, H)",
    )
    REFUSAL_TO_AMEND = "refusal_to_amend", "Refusal to amend the plan after a review"
    CEASE_TO_MAINTAIN = "cease_to_maintain", "Decision to cease to maintain the plan"
    DRAFT_PLAN = "draft_plan", "Draft plan"
    PROVISION_NOT_DELIVERED = "provision_not_delivered", "Provision not delivered"
    SUPPORT_WITHOUT_PLAN = "support_without_plan", "Support without an EHC plan"
    HEALTH_SERVICES = "health_services", "Health services"
    SOCIAL_CARE_SERVICES = "social_care_services", "Social care services"
    ASSESSMENT_OR_PLANNING_PROCESS = (
        "assessment_or_planning_process",
        "The assessment or planning process",
    )
    DELAY = "delay", "Delay"
    ORDER_OR_AGREEMENT_NOT_FOLLOWED = (
        "order_or_agreement_not_followed",
        "Tribunal order or mediation agreement not followed",
    )
    PERSONAL_BUDGET = "personal_budget", "Personal budget"
    EXCLUSION = "exclusion", "Exclusion"
    DISABILITY_DISCRIMINATION = "disability_discrimination", "Disability discrimination"
    OTHER = "other", "Other"


# Subjects the SEND Tribunal can hear on appeal (CFA 2014 s.51(2)).
APPEALABLE_SUBJECTS = frozenset(
    {
        IssueSubject.REFUSAL_TO_ASSESS,
        IssueSubject.REFUSAL_TO_REASSESS,
        IssueSubject.REFUSAL_TO_ISSUE_PLAN,
        IssueSubject.PLAN_NEEDS,
        IssueSubject.PLAN_PROVISION,
        IssueSubject.PLAN_PLACEMENT,
        IssueSubject.REFUSAL_TO_AMEND,
        IssueSubject.CEASE_TO_MAINTAIN,
    }
)
# An appeal only about these needs no mediation certificate (s.51(2)(c)(iii)/(iv)).
CERTIFICATE_EXEMPT_SUBJECTS = frozenset({IssueSubject.PLAN_PLACEMENT})


class PartyRole(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    CHILD = "child", "Child"
    SUPPORTER = "supporter", "Supporter or advocate"
    LA_OFFICER = "la_officer", "Local authority officer with authority to agree"
    HEALTH = "health", "Health representative"
    SOCIAL_CARE = "social_care", "Social care representative"
    SCHOOL = "school", "School or college"
    OTHER = "other", "Other"


class EventType(models.TextChoices):
    """Everything that can happen to a case; the timeline, audit and reports read this list."""

    CASE_OPENED = "case_opened", "Case opened"
    ADVICE_GIVEN = "advice_given", "Mediation advice given"
    MEDIATION_DECLINED = "mediation_declined", "Family does not want mediation"
    MEDIATION_REQUESTED = "mediation_requested", "Family wants mediation"
    LA_INFORMED = "la_informed", "Local authority told the family wants mediation"
    COMMISSIONING_BODY_NOTIFIED = (
        "commissioning_body_notified",
        "Health commissioning body notified",
    )
    SESSION_SCHEDULED = "session_scheduled", "Mediation meeting arranged"
    SESSION_NOTICE_SENT = "session_notice_sent", "Date and place sent to the family"
    SESSION_HELD = "session_held", "Mediation meeting held"
    LA_CANNOT_ARRANGE = "la_cannot_arrange", "Local authority cannot arrange in 30 days"
    MEDIATION_CONCLUDED = "mediation_concluded", "Mediation concluded"
    OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    ACTION_COMPLETED = "action_completed", "Agreed action done"
    FOLLOW_UP_STARTED = "follow_up_started", "Follow-up started"
    ASSIGNED = "assigned", "Case assigned"
    CASE_CLOSED = "case_closed", "Case closed"
    CASE_WITHDRAWN = "case_withdrawn", "Case withdrawn"
