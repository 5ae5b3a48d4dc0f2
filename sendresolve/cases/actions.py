"""The catalogue of case actions: one entry per thing anyone can do to a case.

Plain data, read by everything that needs to know about an action:

- ``cases.permissions`` decides who may perform it (``who``, and ``owned`` for the LA's and
  health body's own items);
- ``cases.recorder`` performs it (``service``, ``transition``, ``audit``) once per submission;
- the staff pages offer it (``page``: the generic form page for ``fields``, a button on the
  case page, or a page of its own) with its ``title``, ``hint`` and ``button``;
- the API accepts it at ``POST /api/v1/cases/{reference}/actions`` (a serializer generated from
  ``fields``, or the one named in ``serializer``), lists it at ``GET …/actions``, and documents
  it in the OpenAPI document.

Adding an action is one entry here plus its service. Services and serializers are named by
dotted path, so the catalogue imports no app that builds on this one (``tribunal``, ``api``).
"""

from dataclasses import dataclass

from sendresolve.tenancy.roles import PROVIDER_ROLES, Role

PROVIDER = frozenset(PROVIDER_ROLES)
LA = frozenset({Role.LA_OFFICER})
ICB = frozenset({Role.HEALTH_COMMISSIONER})
# Distinct provider roles (issue 23). The manager may do everything the provider's staff may; a
# mediator acts only on the cases assigned to them (``cases.permissions.can_act``); finance works
# on no case at all. An action not narrowed here stays ``PROVIDER`` (every case-working role):
# a new action should name the narrowest of these that fits, and ``PROVIDER`` only for the
# shared casework (contacts, tasks, parties, corrections).
ADVICE = frozenset({Role.ADVISER, Role.PROVIDER_MANAGER})  # advice and the family's decision
MEDIATION = frozenset({Role.MEDIATOR, Role.PROVIDER_MANAGER})  # meetings, outcomes, notes
ARRANGE = frozenset({Role.COORDINATOR, Role.PROVIDER_MANAGER})  # arranging and assigning

# Staff page kinds.
FORM = "form"  # the generic page built from ``fields``: /staff/cases/<ref>/do/<action>/, or
# …/do/<action>/<item id>/ for an action on an item inside the case (``target``)
BUTTON = "button"  # a one-button form on the case page (done today)
OWN_PAGE = "own"  # a page of its own (``url``), for forms the generic page cannot draw


@dataclass(frozen=True)
class Action:
    """One case action. ``name`` is also its transition's name in ``states`` if it has one."""

    name: str
    title: str
    service: str  # dotted path of the service; called with actor= and the fields
    audit: str  # the audit event's action
    who: frozenset[Role]  # roles that may perform it (administrators may do anything)
    transition: bool = False  # moves the case's status (``states.transitions_for``)
    fields: tuple[str, ...] = ("on",)  # the generic form / generated serializer fields
    target: str = "case"  # what the service acts on: the case, or an item in it
    owned: bool = False  # LA and health users act only on their own side's items
    page: str = FORM
    url: str = ""  # the staff page (OWN_PAGE) or the button's form action (BUTTON)
    button: str = "Record"
    hint: str = ""
    serializer: str = ""  # dotted path of a hand-written API serializer
    api: bool = True
    # A family may perform it on their own case, through its signed status link
    # (``tenancy.actors.FamilyActor``); staff never do (nor is it offered on staff pages).
    family: bool = False


def _entries(*actions: Action) -> dict[str, Action]:
    return {action.name: action for action in actions}


S = "sendresolve.cases.services."
T = "sendresolve.tribunal.services."
A = "sendresolve.api.serializers."

ACTIONS: dict[str, Action] = _entries(
    Action(
        "advice_give",
        "Record that mediation advice was given",
        S + "advice_give",
        "case.advice_give",
        ADVICE,
        transition=True,
        button="Record advice given",
        hint="The day the adviser explained mediation to the family.",
    ),
    Action(
        "mediation_decline",
        "Record that the family does not want mediation",
        S + "mediation_decline",
        "case.mediation_decline",
        ADVICE,
        transition=True,
        button="Record decision",
        hint="The certificate is due within 3 working days of this date.",
    ),
    Action(
        "mediation_request",
        "Record that the family wants mediation",
        S + "mediation_request",
        "case.mediation_request",
        ADVICE,
        transition=True,
        button="Record decision",
    ),
    Action(
        "la_inform",
        "Record that the local authority was told",
        S + "la_inform",
        "case.la_inform",
        ADVICE | ARRANGE,
        transition=True,
        hint="The 30-day clock for holding the mediation starts on this date.",
    ),
    Action(
        "commissioning_body_notify",
        "Record that the health commissioning body was notified",
        S + "commissioning_body_notify",
        "case.commissioning_body_notify",
        PROVIDER | LA,
        fields=("on", "commissioning_body"),
        serializer=A + "actions.CommissioningBodyNotifyActionSerializer",
    ),
    Action(
        "la_cannot_arrange",
        "Record that the local authority cannot arrange mediation in 30 days",
        S + "la_cannot_arrange",
        "case.la_cannot_arrange",
        PROVIDER | LA,
        transition=True,
        hint="A certificate is then due within 3 working days.",
    ),
    Action(
        "session_schedule",
        "Arrange a meeting",
        S + "session_schedule",
        "case.session_schedule",
        ARRANGE | MEDIATION,
        transition=True,
        fields=(),
        page=OWN_PAGE,
        url="staff:session-new",
        serializer=A + "sessions.SessionCreateSerializer",
        api=False,  # POST /api/v1/cases/{reference}/sessions
    ),
    Action(
        "session_notice_send",
        "Record that the date and place were sent",
        S + "session_notice_send",
        "case.session_notice_send",
        ARRANGE | MEDIATION,
        target="session",
        page=BUTTON,
        url="staff:session-update",
        button="Record notice sent today",
        api=False,
    ),
    Action(
        "session_hold",
        "Record that the meeting was held",
        S + "session_hold",
        "case.session_hold",
        MEDIATION,
        transition=True,
        fields=(),
        target="session",
        page=BUTTON,
        url="staff:session-update",
        button="Record as held",
        api=False,
    ),
    Action(
        "session_cancel",
        "Cancel the meeting",
        S + "session_cancel",
        "case.session_cancel",
        ARRANGE | MEDIATION,
        fields=("on", "cancelled_by", "reason"),
        target="session",
        button="Cancel meeting",
        hint="The day it was cancelled. The family and everyone invited are told, and the "
        "calendar invitation on the case page becomes a cancellation. The 30-day time limit "
        "for holding the mediation keeps running: arrange another meeting inside it.",
        serializer=A + "actions.SessionCancelActionSerializer",
    ),
    Action(
        "mediation_conclude",
        "Record the outcome",
        S + "mediation_conclude",
        "case.mediation_conclude",
        MEDIATION,
        transition=True,
        fields=(),
        page=OWN_PAGE,
        url="staff:conclude",
        serializer=A + "actions.MediationConcludeActionSerializer",
    ),
    Action(
        "certificate_issue",
        "Issue the mediation certificate",
        S + "certificate_issue",
        "case.certificate_issue",
        ADVICE | MEDIATION,
        transition=True,
        page=OWN_PAGE,  # check before you issue: what it will say, then issue
        url="staff:certificate-check",
        button="Issue certificate",
        hint="The date of issue printed on the certificate.",
        api=False,  # POST /api/v1/cases/{reference}/certificates
    ),
    Action(
        "follow_up_start",
        "Start following up agreed actions",
        S + "follow_up_start",
        "case.follow_up_start",
        MEDIATION | ARRANGE,
        transition=True,
        button="Start follow-up",
    ),
    Action(
        "case_close",
        "Close the case",
        S + "case_close",
        "case.case_close",
        PROVIDER,
        transition=True,
        button="Close case",
    ),
    Action(
        "case_withdraw",
        "Record that the family withdrew",
        S + "case_withdraw",
        "case.case_withdraw",
        PROVIDER,
        transition=True,
        fields=("on", "reason"),
        button="Withdraw case",
    ),
    Action(
        "case_assign",
        "Assign the case",
        S + "case_assign",
        "case.case_assign",
        ARRANGE,
        fields=("assignee",),
        page=OWN_PAGE,
        url="staff:case-assign",
        button="Assign",
        serializer=A + "actions.CaseAssignActionSerializer",
    ),
    Action(
        "note_add",
        "Add a confidential note",
        S + "note_add",
        "case.note_add",
        MEDIATION,
        fields=("text",),
        page=BUTTON,
        url="staff:note-add",
        button="Add note",
        api=False,
    ),
    Action(
        "action_complete",
        "Record that an agreed action was done",
        S + "action_complete",
        "case.action_complete",
        PROVIDER | LA | ICB,
        target="agreed_action",
        owned=True,
        page=BUTTON,
        url="staff:action-complete",
        button="Mark done today",
        api=False,
    ),
    Action(
        "party_add",
        "Add someone taking part",
        S + "party_add",
        "case.party_add",
        PROVIDER,
        fields=(),
        page=OWN_PAGE,
        url="staff:party-new",
        api=False,
    ),
    Action(
        "participation_record",
        "Record a party's answer to taking part",
        S + "participation_record",
        "case.participation_record",
        PROVIDER | LA | ICB,
        target="party",
        owned=True,
        page=BUTTON,
        url="staff:participation",
        serializer=A + "resolution.ParticipationRecordActionSerializer",
    ),
    Action(
        "proceeding_record",
        "Record a complaint or appeal alongside",
        S + "proceeding_record",
        "case.proceeding_record",
        PROVIDER | LA,
        fields=(),
        page=OWN_PAGE,
        url="staff:proceeding-new",
        serializer=A + "resolution.ProceedingRecordActionSerializer",
    ),
    Action(
        "proceeding_finish",
        "Record that a complaint or appeal alongside finished",
        S + "proceeding_finish",
        "case.proceeding_finish",
        PROVIDER | LA,
        fields=(),
        target="proceeding",
        page=BUTTON,
        url="staff:proceeding-finish",
        api=False,
    ),
    Action(
        "health_body_add",
        "Add a health commissioning body",
        S + "health_body_add",
        "case.health_body_add",
        PROVIDER,
        fields=("commissioning_body",),
        page=OWN_PAGE,
        url="staff:health-body-new",  # corrections (issue 18)
        serializer=A + "corrections.HealthBodyAddActionSerializer",
    ),
    Action(
        "agreement_la_notify",
        "Record that the local authority was told of the agreement",
        S + "agreement_la_notify",
        "case.agreement_la_notify",
        PROVIDER | ICB,
        owned=True,
        page=BUTTON,
        url="staff:agreement-la-told",
        button="Record the local authority was told today",
    ),
    Action(
        "tribunal_decision_record",
        "Record the tribunal's decision",
        T + "tribunal_decision_record",
        "case.tribunal_decision_record",
        PROVIDER | LA,
        transition=True,
        fields=(),
        page=OWN_PAGE,
        url="staff:tribunal-decision-new",
        serializer=A + "resolution.TribunalDecisionRecordActionSerializer",
    ),
    Action(
        "duty_step_complete",
        "Record a step after the tribunal as done",
        T + "duty_step_complete",
        "case.duty_step_complete",
        PROVIDER | LA,
        target="step",
        owned=True,
        page=BUTTON,
        url="staff:duty-step-done",
        serializer=A + "resolution.DutyStepCompleteActionSerializer",
    ),
    Action(
        "recommendation_respond",
        "Record the written response to a recommendation",
        T + "recommendation_respond",
        "case.recommendation_respond",
        PROVIDER | LA | ICB,
        fields=(),
        target="recommendation",
        owned=True,
        page=OWN_PAGE,
        url="staff:recommendation-respond",
        serializer=A + "resolution.RecommendationRespondActionSerializer",
    ),
    # -- rearranging meetings, reopening and undoing (issue 18) ---------------------------------
    Action(
        "session_rearrange",
        "Rearrange the meeting",
        S + "session_rearrange",
        "case.session_rearrange",
        ARRANGE | MEDIATION,
        fields=(),
        target="session",
        page=OWN_PAGE,
        url="staff:session-rearrange",
        button="Rearrange meeting",
        serializer=A + "sessions.SessionRearrangeSerializer",
        api=False,  # POST /api/v1/cases/{reference}/sessions/{id}/rearrangement
    ),
    Action(
        "case_reopen",
        "Reopen the case",
        S + "case_reopen",
        "case.case_reopen",
        PROVIDER,
        fields=("reason",),
        button="Reopen case",
        hint="The case goes back to the status it had before it was closed or withdrawn.",
        serializer=A + "actions.CaseReopenActionSerializer",
    ),
    Action(
        "step_undo",
        "Undo the last step",
        S + "step_undo",
        "case.step_undo",
        PROVIDER,
        fields=("reason",),
        target="event",
        button="Undo step",
        hint="For a step recorded in error. The case goes back to the status it had before, "
        "and its deadlines are worked out again.",
        serializer=A + "actions.StepUndoActionSerializer",
    ),
    # -- corrections (issue 18): putting right what was recorded wrongly, through the recorder
    # (``cases.services.corrections``), with the before and after in the timeline.
    Action(
        "case_correct",
        "Correct the case's details",
        S + "case_correct",
        "case.case_correct",
        PROVIDER,
        fields=(),
        page=OWN_PAGE,
        url="staff:correct-details",
        button="Save corrections",
        api=False,  # PATCH /api/v1/cases/{reference}
    ),
    # -- the family's own (issue 20): from their status page, never a staff page or the API.
    Action(
        "family_contact_change",
        "Change the family's contact details",
        S + "family.family_contact_change",
        "case.family_contact_change",
        frozenset(),
        fields=(),
        page=OWN_PAGE,
        button="Save contact details",
        api=False,
        family=True,
    ),
    Action(
        "issue_add",
        "Add an issue",
        S + "issue_add",
        "case.issue_add",
        PROVIDER,
        fields=(),
        page=OWN_PAGE,
        url="staff:issue-new",
        button="Add issue",
        serializer=A + "corrections.IssueAddActionSerializer",
    ),
    Action(
        "issue_correct",
        "Correct an issue",
        S + "issue_correct",
        "case.issue_correct",
        PROVIDER,
        fields=(),
        target="issue",
        page=OWN_PAGE,
        url="staff:issue-correct",
        button="Save corrections",
        serializer=A + "corrections.IssueCorrectActionSerializer",
    ),
    Action(
        "issue_remove",
        "Remove an issue recorded in error",
        S + "issue_remove",
        "case.issue_remove",
        PROVIDER,
        fields=(),
        target="issue",
        page=OWN_PAGE,
        url="staff:issue-remove",
        button="Remove issue",
        serializer=A + "corrections.IssueRemoveActionSerializer",
    ),
    Action(
        "health_body_remove",
        "Remove a health body added in error",
        S + "health_body_remove",
        "case.health_body_remove",
        PROVIDER,
        fields=(),
        target="health_body",
        page=OWN_PAGE,
        url="staff:health-body-remove",
        button="Remove health body",
        serializer=A + "corrections.HealthBodyRemoveActionSerializer",
    ),
    Action(
        "party_correct",
        "Correct someone's details",
        S + "party_correct",
        "case.party_correct",
        PROVIDER,
        fields=(),
        target="party",
        page=OWN_PAGE,
        url="staff:party-correct",
        button="Save corrections",
        serializer=A + "corrections.PartyCorrectActionSerializer",
    ),
    Action(
        "certificate_correct",
        "Issue a corrected certificate",
        S + "certificate_correct",
        "case.certificate_correct",
        ADVICE | MEDIATION,
        fields=(),
        target="certificate",
        page=BUTTON,
        url="staff:certificate-correct",
        button="Issue a corrected certificate",
        hint="A new certificate with a new number; the old one is kept, marked superseded.",
        serializer=A + "corrections.CertificateCorrectActionSerializer",
    ),
    # -- The contact log and tasks (issue 18) --------------------------------------------------
    Action(
        "contact_log",
        "Log a contact",
        S + "contact_log",
        "case.contact_log",
        PROVIDER,
        fields=(),
        page=OWN_PAGE,
        url="staff:contact-new",
        button="Log contact",
        api=False,  # POST /api/v1/cases/{reference}/contacts
    ),
    Action(
        "task_add",
        "Add a task",
        S + "task_add",
        "case.task_add",
        PROVIDER,
        fields=(),
        page=OWN_PAGE,
        url="staff:task-new",
        button="Add task",
        api=False,  # POST /api/v1/cases/{reference}/tasks
    ),
    Action(
        "task_done",
        "Mark a task done",
        S + "task_done",
        "case.task_done",
        PROVIDER,
        fields=(),
        target="task",
        page=BUTTON,
        url="staff:task-update",
        button="Mark done",
        api=False,  # POST /api/v1/cases/{reference}/tasks/{id}/done
    ),
    Action(
        "task_reopen",
        "Reopen a task",
        S + "task_reopen",
        "case.task_reopen",
        PROVIDER,
        fields=(),
        target="task",
        page=BUTTON,
        url="staff:task-update",
        button="Reopen",
        api=False,  # POST /api/v1/cases/{reference}/tasks/{id}/reopen
    ),
    # -- Documents on a case (issue 21): ``sendresolve.casefiles``, named by dotted path -----
    Action(
        "document_add",
        "Add a document",
        "sendresolve.casefiles.services.document_add",
        "case.document_add",
        PROVIDER | LA | ICB,
        fields=(),
        owned=True,  # LA and health officers add documents for their own side
        page=OWN_PAGE,
        url="staff:document-new",
        button="Upload document",
        api=False,  # POST /api/v1/cases/{reference}/documents
    ),
    Action(
        "document_share",
        "Change who can see a document",
        "sendresolve.casefiles.services.document_share",
        "case.document_share",
        PROVIDER,
        fields=(),
        target="document",
        page=OWN_PAGE,
        url="staff:document-share",
        button="Save",
        api=False,
    ),
    # -- Mediators' diary (issue 22): ``sendresolve.diary``, named by dotted path ---------------
    # ``session_schedule`` and the mediator's (and venue's) booking in one transaction; offered
    # from the "Arrange a meeting" page's "Find free slots" (never on its own on the case page).
    Action(
        "session_book",
        "Arrange a meeting with a mediator",
        "sendresolve.diary.services.session_book",
        "case.session_book",
        ARRANGE | MEDIATION,
        fields=(),
        page=OWN_PAGE,
        url="staff:diary-slots",
        button="Book this slot",
        api=False,  # POST /api/v1/cases/{reference}/bookings
    ),
    # -- The mediation agreement document (issue 21): ``sendresolve.agreements`` -------------
    # The mediator words it and issues it (mediators, coordinators and managers); the LA's and
    # health body's officers confirm their side received it; the family confirms through their
    # status link.
    Action(
        "agreement_draft_save",
        "Edit the agreement's wording",
        "sendresolve.agreements.services.agreement_draft_save",
        "case.agreement_draft_save",
        MEDIATION,
        fields=(),
        page=OWN_PAGE,
        url="staff:agreement-edit",
        button="Save draft",
        serializer=A + "agreements.AgreementDraftSaveActionSerializer",
    ),
    Action(
        "agreement_issue",
        "Issue the agreement",
        "sendresolve.agreements.services.agreement_issue",
        "case.agreement_issue",
        MEDIATION,
        fields=(),
        page=BUTTON,
        url="staff:agreement-issue",
        button="Issue agreement",
        hint="A signed PDF with a version number; a version issued before is kept, superseded.",
        serializer=A + "agreements.AgreementIssueActionSerializer",
    ),
    Action(
        "agreement_receipt_confirm",
        "Record that the agreement was received",
        "sendresolve.agreements.services.agreement_receipt_confirm",
        "case.agreement_receipt_confirm",
        LA | ICB,
        fields=(),
        owned=True,  # each officer confirms for their own side
        page=BUTTON,
        url="staff:agreement-receipt",
        button="Confirm we received it",
        serializer=A + "agreements.AgreementReceiptConfirmActionSerializer",
    ),
    Action(
        "agreement_receipt_family",
        "Confirm you received the agreement",
        "sendresolve.agreements.services.agreement_receipt_family",
        "case.agreement_receipt_family",
        frozenset(),
        fields=(),
        page=OWN_PAGE,
        button="Confirm I received it",
        api=False,
        family=True,
    ),
    # -- What people need to take part; the child's views (issue 22): ``sendresolve.participation``
    Action(
        "participation_needs_change",
        "Change what people need to take part",
        "sendresolve.participation.services.participation_needs_change",
        "case.participation_needs_change",
        PROVIDER,
        fields=(),
        page=OWN_PAGE,
        url="staff:participation-needs",
        button="Save",
        serializer=A + "participation.ParticipationNeedsChangeActionSerializer",
    ),
    Action(
        "participation_needs_family_change",
        "Change what you need to take part",
        "sendresolve.participation.services.participation_needs_family_change",
        "case.participation_needs_family_change",
        frozenset(),
        fields=(),
        page=OWN_PAGE,
        button="Save",
        api=False,
        family=True,
    ),
    Action(
        "supporter_name",
        "Name a supporter",
        "sendresolve.participation.services.supporter_name",
        "case.supporter_name",
        frozenset(),
        fields=(),
        page=OWN_PAGE,
        button="Save supporter",
        api=False,
        family=True,
    ),
    Action(
        "child_views_record",
        "Record the child's or young person's views",
        "sendresolve.participation.services.child_views_record",
        "case.child_views_record",
        MEDIATION,
        fields=(),
        page=OWN_PAGE,
        url="staff:child-views-new",
        button="Save their views",
        api=False,
    ),
    Action(
        "child_views_share",
        "Record that the family agreed to share the child's views",
        "sendresolve.participation.services.child_views_share",
        "case.child_views_share",
        PROVIDER,
        fields=(),
        target="child_views",
        page=OWN_PAGE,
        url="staff:child-views-share",
        button="Record agreement to share",
        api=False,
    ),
    # -- Travel expenses (issue 22): ``sendresolve.expenses``, named by dotted path ----------
    Action(
        "expense_claim",
        "Claim travel expenses",
        "sendresolve.expenses.services.expense_claim",
        "case.expense_claim",
        frozenset(),
        fields=(),
        page=OWN_PAGE,
        button="Send claim",
        api=False,
        family=True,  # from the family's status page
    ),
    Action(
        "expense_decide",
        "Record a decision on a travel expense claim",
        "sendresolve.expenses.services.expense_decide",
        "case.expense_decide",
        LA,  # the LA pays: its officers decide, never the provider
        fields=(),
        target="expense_claim",
        owned=True,
        page=OWN_PAGE,
        url="staff:expense-decide",
        button="Record decision",
        api=False,  # POST /api/v1/expense-claims/{id}/decision
    ),
)
