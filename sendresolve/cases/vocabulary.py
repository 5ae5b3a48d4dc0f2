"""Vocabularies shared by models, forms, the API and reports: kinds, issue subjects, events.

Issue subjects are the ``about`` values of the situation contract (product.md §4), so a case's
issues can be handed to the law core unchanged.
"""

from django.db import models

from sendresolve.law import appeals


class CaseKind(models.TextChoices):
    MEDIATION = "mediation", "Mediation"
    HEALTH_ONLY_MEDIATION = "health_only_mediation", "Health-only mediation"
    DISAGREEMENT_RESOLUTION = "disagreement_resolution", "Disagreement resolution"


class Requester(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    REPRESENTATIVE = "representative", "Representative of a young person who lacks capacity"
    # Disagreement resolution between an LA and a health body has no family party (s.57 type 4).
    LOCAL_AUTHORITY = "local_authority", "Local authority (no family party)"


class DrType(models.TextChoices):
    """The four kinds of disagreement resolution (CFA 2014 s.57; law.md §6)."""

    FAMILY_BODY_DUTIES = (
        "family_body_duties",
        "Family and the LA, school, early years or post-16 body: how they carry out SEN duties",
    )
    FAMILY_SCHOOL_PROVISION = (
        "family_school_provision",
        "Family and a school, early years or post-16 body: the special educational provision",
    )
    FAMILY_HEALTH_SOCIAL_CARE = (
        "family_health_social_care",
        "Family and the ICB or LA: health or social care during assessment, planning or review",
    )
    LA_HEALTH = "la_health", "Local authority and health commissioning body (no family party)"


# Who each kind of disagreement resolution is with (the ``with`` values of the situation contract).
DR_TYPE_BODIES: dict[str, frozenset[str]] = {
    DrType.FAMILY_BODY_DUTIES: frozenset({"local_authority", "school", "early_years", "post16"}),
    DrType.FAMILY_SCHOOL_PROVISION: frozenset({"school", "early_years", "post16"}),
    DrType.FAMILY_HEALTH_SOCIAL_CARE: frozenset({"health", "social_care", "local_authority"}),
    DrType.LA_HEALTH: frozenset({"local_authority", "health"}),
}


class Body(models.TextChoices):
    """Who a disagreement is with: the ``with`` vocabulary of the situation contract."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early years provider"
    POST16 = "post16", "College or other post-16 institution"
    HEALTH = "health", "Health (ICB or NHS)"
    SOCIAL_CARE = "social_care", "Social care"


class Participation(models.TextChoices):
    """Whether a party has agreed to take part (disagreement resolution is voluntary)."""

    PENDING = "pending", "Not asked yet"
    AGREED = "agreed", "Agreed to take part"
    DECLINED = "declined", "Declined to take part"


class ProceedingKind(models.TextChoices):
    """Other routes running alongside a case (complaints, an appeal)."""

    TRIBUNAL_APPEAL = "tribunal_appeal", "SEND Tribunal appeal"
    SCHOOL_COMPLAINT = "school_complaint", "School complaint"
    COLLEGE_COMPLAINT = "college_complaint", "College complaint"
    LA_COMPLAINT = "local_authority_complaint", "Local authority complaint"
    NHS_COMPLAINT = "nhs_complaint", "NHS complaint"
    CHILDRENS_SOCIAL_CARE_COMPLAINT = (
        "childrens_social_care_complaint",
        "Children's social care complaint",
    )
    ADULT_SOCIAL_CARE_COMPLAINT = "adult_social_care_complaint", "Adult social care complaint"
    LGSCO = "lgsco", "Local Government and Social Care Ombudsman"
    PHSO = "phso", "Parliamentary and Health Service Ombudsman"
    JUDICIAL_REVIEW = "judicial_review", "Judicial review"
    OTHER = "other", "Other"


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


# Subjects the SEND Tribunal can hear on appeal (CFA 2014 s.51(2)), and those an appeal only
# about which needs no mediation certificate (s.55): the law core's rules, cited in
# ``sendresolve/law/appeals.yaml``.
APPEALABLE_SUBJECTS = appeals.APPEALABLE_SUBJECTS
CERTIFICATE_EXEMPT_SUBJECTS = appeals.CERTIFICATE_EXEMPT_SUBJECTS


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
    SESSION_CANCELLED = "session_cancelled", "Mediation meeting cancelled"
    LA_CANNOT_ARRANGE = "la_cannot_arrange", "Local authority cannot arrange in 30 days"
    MEDIATION_CONCLUDED = "mediation_concluded", "Mediation concluded"
    OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    ACTION_COMPLETED = "action_completed", "Agreed action done"
    FOLLOW_UP_STARTED = "follow_up_started", "Follow-up started"
    ASSIGNED = "assigned", "Case assigned"
    CASE_CLOSED = "case_closed", "Case closed"
    CASE_WITHDRAWN = "case_withdrawn", "Case withdrawn"
    PARTY_ADDED = "party_added", "Party added"
    PARTICIPATION_RECORDED = "participation_recorded", "Party's answer to taking part recorded"
    ALL_PARTIES_AGREED = "all_parties_agreed", "Everyone agreed to take part"
    NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward (a party declined)"
    PROCEEDING_RECORDED = "proceeding_recorded", "Complaint or appeal alongside recorded"
    HEALTH_BODY_ADDED = "health_body_added", "Health commissioning body added"
    AGREEMENT_NOTIFIED_TO_LA = (
        "agreement_notified_to_la",
        "Health body told the LA of the agreement",
    )
    TRIBUNAL_DECISION = "tribunal_decision", "Tribunal decision recorded"
    UNOPPOSED_APPEAL = "unopposed_appeal", "LA told the tribunal it will not oppose"
    DUTY_STEP_DONE = "duty_step_done", "Step after the tribunal done"
    RECOMMENDATION_MADE = "recommendation_made", "Tribunal recommendation recorded"
    RECOMMENDATION_RESPONSE = "recommendation_response", "Written response to a recommendation"
    # Rearranging and cancelling meetings, reopening and undoing (issue 18).
    SESSION_REARRANGED = "session_rearranged", "Mediation meeting rearranged"
    CASE_REOPENED = "case_reopened", "Case reopened"
    STEP_UNDONE = "step_undone", "Step recorded in error undone"
    # Corrections (``cases.services.corrections``).
    DETAILS_CORRECTED = "details_corrected", "Details corrected"
    CERTIFICATE_CORRECTED = "certificate_corrected", "Corrected certificate issued"
    # The contact log and tasks (issue 18).
    CONTACT_LOGGED = "contact_logged", "Contact logged"
    TASK_ADDED = "task_added", "Task added"
    TASK_DONE = "task_done", "Task done"
    TASK_REOPENED = "task_reopened", "Task reopened"
    # Documents on a case (``sendresolve.casefiles``, issue 21).
    DOCUMENT_ADDED = "document_added", "Document added"
    DOCUMENT_SHARED = "document_shared", "Who can see a document changed"
    # The mediation agreement document (``sendresolve.agreements``, issue 21).
    AGREEMENT_DRAFTED = "agreement_drafted", "Agreement document drafted"
    AGREEMENT_ISSUED = "agreement_issued", "Agreement document issued"
    AGREEMENT_RECEIVED = "agreement_received", "Receipt of the agreement confirmed"
    # What each participant needs to take part; the child's views (``participation``, issue 22).
    PARTICIPATION_NEEDS_CHANGED = (
        "participation_needs_changed",
        "What people need to take part changed",
    )
    SUPPORTER_NAMED = "supporter_named", "The family named a supporter"
    CHILD_VIEWS_RECORDED = "child_views_recorded", "Child's views recorded"
    CHILD_VIEWS_SHARED = "child_views_shared", "Family agreed to share the child's views"
    # Travel expenses (issue 22, ``sendresolve.expenses``).
    EXPENSES_CLAIMED = "expenses_claimed", "Travel expenses claimed"
    EXPENSES_DECIDED = "expenses_decided", "Travel expense claim decided"


class CancelledBy(models.TextChoices):
    """Who called off a meeting (recorded when it is cancelled)."""

    FAMILY = "family", "The family"
    LOCAL_AUTHORITY = "local_authority", "The local authority"
    PROVIDER = "provider", "The mediation provider"
    OTHER = "other", "Another party"


# Who may be charged for calling a meeting off late (``billing.billable``): anyone but the
# provider itself.
CHARGEABLE_CANCELLERS = frozenset(
    {CancelledBy.FAMILY, CancelledBy.LOCAL_AUTHORITY, CancelledBy.OTHER}
)


# -- triage: referrals made on a family's behalf ---------------------------------------------


class ReferrerKind(models.TextChoices):
    """Who referred the family to the provider, with the family's consent (blank: the family
    came themselves)."""

    SENDIASS = "sendiass", "SENDIASS (SEND information, advice and support service)"
    LOCAL_AUTHORITY = "local_authority", "The local authority"
    SCHOOL = "school", "A school, college or early years setting"
    CHARITY = "charity", "A charity or voluntary organisation"
    OTHER = "other", "Someone else"
