from django.urls import include, path

from sendresolve.diary import slot_views as diary_slot_views
from sendresolve.diary import views as diary_views
from sendresolve.staff import (
    audit_views,
    case_views,
    certificate_views,
    contact_views,
    correction_views,
    document_views,
    expense_views,
    format_views,
    help_views,
    letter_views,
    meeting_views,
    opening_views,
    participation_views,
    resolution_views,
    sign_in_views,
    staff_views,
    term_dates_views,
    triage_views,
    venue_views,
    views,
)

app_name = "staff"

urlpatterns = [
    path("", case_views.home, name="home"),
    path("sign-in/", case_views.home, name="sign-in"),
    path("sign-in/code/", sign_in_views.code, name="sign-in-code"),
    path("sign-in/set-up/", sign_in_views.set_up, name="sign-in-set-up"),
    path("sign-in/backup-codes/", sign_in_views.backup_codes, name="sign-in-backup-codes"),
    path("sign-out/", views.sign_out, name="sign-out"),
    # The staff footer's pages (staff.help_views).
    path("privacy/", help_views.privacy, name="help-privacy"),
    path("accessibility/", help_views.accessibility, name="help-accessibility"),
    path("cookies/", help_views.cookies, name="help-cookies"),
    path("organisations/", views.organisations, name="organisations"),
    path("feedback/", views.feedback, name="feedback"),
    path("audit/", audit_views.audit_list, name="audit"),
    path("audit/events.csv", audit_views.audit_csv, name="audit-csv"),
    path(
        "local-authorities/<dfe_code:dfe_code>/",
        views.local_authority_detail,
        name="local-authority",
    ),
    path(
        "local-authorities/<dfe_code:dfe_code>/decision-letter/",
        letter_views.decision_letter,
        name="decision-letter",
    ),
    path(
        "local-authorities/<dfe_code:dfe_code>/decision-letter.pdf",
        letter_views.decision_letter_pdf,
        name="decision-letter-pdf",
    ),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("cases/new/", opening_views.case_new, name="case-new"),
    path("cases/<case_ref:reference>/", case_views.case_detail, name="case"),
    path("cases/<case_ref:reference>/do/<str:action>/", case_views.case_action, name="case-action"),
    path(
        "cases/<case_ref:reference>/do/<str:action>/<int:item_id>/",
        case_views.case_item_action,
        name="case-item-action",
    ),
    path("cases/<case_ref:reference>/meetings/new/", case_views.session_new, name="session-new"),
    # Rearranging a meeting (issue 18); cancelling it, reopening and undoing are generic pages.
    # Before session-update, whose <what> would match "rearrange".
    path(
        "cases/<case_ref:reference>/meetings/<int:session_id>/rearrange/",
        meeting_views.session_rearrange,
        name="session-rearrange",
    ),
    path(
        "cases/<case_ref:reference>/meetings/<int:session_id>/<str:what>/",
        case_views.session_update,
        name="session-update",
    ),
    path(
        "cases/<case_ref:reference>/meetings/<int:session_id>/invite.ics",
        meeting_views.session_invite,
        name="session-invite",
    ),
    path(
        "cases/<case_ref:reference>/certificate/check/",
        certificate_views.certificate_check,
        name="certificate-check",
    ),
    path("cases/<case_ref:reference>/assign/", case_views.case_assign, name="case-assign"),
    path("cases/<case_ref:reference>/outcome/", case_views.conclude, name="conclude"),
    path(
        "cases/<case_ref:reference>/agreed-actions/<int:action_id>/done/",
        case_views.action_complete,
        name="action-complete",
    ),
    path("cases/<case_ref:reference>/notes/", case_views.note_add, name="note-add"),
    path(
        "cases/<case_ref:reference>/subject-access.json",
        audit_views.subject_access,
        name="subject-access",
    ),
    path(
        "cases/<case_ref:reference>/certificates/<certificate_number:number>.pdf",
        case_views.certificate_pdf,
        name="certificate",
    ),
    path("cases/<case_ref:reference>/people/new/", resolution_views.party_new, name="party-new"),
    path(
        "cases/<case_ref:reference>/people/<int:party_id>/answer/",
        resolution_views.participation,
        name="participation",
    ),
    path(
        "cases/<case_ref:reference>/alongside/new/",
        resolution_views.proceeding_new,
        name="proceeding-new",
    ),
    path(
        "cases/<case_ref:reference>/alongside/<int:proceeding_id>/finished/",
        resolution_views.proceeding_finish,
        name="proceeding-finish",
    ),
    path(
        "cases/<case_ref:reference>/tribunal/new/",
        resolution_views.tribunal_decision_new,
        name="tribunal-decision-new",
    ),
    path(
        "cases/<case_ref:reference>/tribunal/steps/<int:step_id>/done/",
        resolution_views.duty_step_done,
        name="duty-step-done",
    ),
    path(
        "cases/<case_ref:reference>/recommendations/<int:recommendation_id>/response/",
        resolution_views.recommendation_respond,
        name="recommendation-respond",
    ),
    path(
        "cases/<case_ref:reference>/agreement/la-told/",
        resolution_views.agreement_la_told,
        name="agreement-la-told",
    ),
    # -- corrections (issue 18) ---------------------------------------------------------
    path(
        "cases/<case_ref:reference>/correct/details/",
        correction_views.correct_details,
        name="correct-details",
    ),
    path(
        "cases/<case_ref:reference>/correct/decision/",
        correction_views.correct_decision,
        name="correct-decision",
    ),
    path(
        "cases/<case_ref:reference>/correct/issues/new/",
        correction_views.issue_new,
        name="issue-new",
    ),
    path(
        "cases/<case_ref:reference>/correct/issues/<int:issue_id>/",
        correction_views.issue_correct,
        name="issue-correct",
    ),
    path(
        "cases/<case_ref:reference>/correct/issues/<int:issue_id>/remove/",
        correction_views.issue_remove,
        name="issue-remove",
    ),
    path(
        "cases/<case_ref:reference>/correct/people/<int:party_id>/",
        correction_views.party_correct,
        name="party-correct",
    ),
    path(
        "cases/<case_ref:reference>/correct/health-bodies/new/",
        correction_views.health_body_new,
        name="health-body-new",
    ),
    path(
        "cases/<case_ref:reference>/correct/health-bodies/<int:link_id>/remove/",
        correction_views.health_body_remove,
        name="health-body-remove",
    ),
    path(
        "cases/<case_ref:reference>/certificates/<certificate_number:number>/correct/",
        correction_views.certificate_correct,
        name="certificate-correct",
    ),
    # -- Documents on a case (issue 21) -------------------------------------------------------
    path("cases/<case_ref:reference>/documents/", document_views.document_list, name="documents"),
    path(
        "cases/<case_ref:reference>/documents/new/",
        document_views.document_new,
        name="document-new",
    ),
    path(
        "cases/<case_ref:reference>/documents/<int:document_id>/",
        document_views.document_download,
        name="document",
    ),
    path(
        "cases/<case_ref:reference>/documents/<int:document_id>/share/",
        document_views.document_share,
        name="document-share",
    ),
    # -- The contact log and tasks (issue 18) ---------------------------------------------------
    path("cases/<case_ref:reference>/contacts/new/", contact_views.contact_new, name="contact-new"),
    path("cases/<case_ref:reference>/tasks/new/", contact_views.task_new, name="task-new"),
    path(
        "cases/<case_ref:reference>/tasks/<int:task_id>/<str:what>/",
        contact_views.task_update,
        name="task-update",
    ),
    # -- requests for another format, and a certificate's Easy Read covering letter (issue 20) --
    path("format-requests/", format_views.format_requests, name="format-requests"),
    path(
        "format-requests/<int:request_id>/sent/",
        format_views.format_request_sent,
        name="format-request-sent",
    ),
    path(
        "cases/<case_ref:reference>/certificates/<certificate_number:number>/easy-read/",
        format_views.certificate_letter,
        name="certificate-easy-read",
    ),
    # -- triage: assigning from the queue and the case page --
    path("queue/assign/", triage_views.queue_assign, name="queue-assign"),
    path(
        "cases/<case_ref:reference>/assign/me/",
        triage_views.case_assign_me,
        name="case-assign-me",
    ),
    # -- Mediators' diary (issue 22): sendresolve.diary -----------------------------------------
    path("diary/", diary_views.mediator_list, name="diary"),
    path("diary/people/<int:user_id>/record/", diary_views.mediator_edit, name="diary-edit"),
    path("diary/mediators/<int:pk>/", diary_views.mediator_detail, name="diary-mediator"),
    path(
        "diary/mediators/<int:pk>/conflicts/<int:conflict_id>/remove/",
        diary_views.conflict_remove,
        name="diary-conflict-remove",
    ),
    path("diary/mediators/<int:pk>/hours/", diary_views.hours_edit, name="diary-hours"),
    path("diary/mediators/<int:pk>/week/", diary_views.mediator_week, name="diary-week"),
    path(
        "diary/mediators/<int:pk>/feed/<str:what>/",
        diary_views.feed_manage,
        name="diary-feed-manage",
    ),
    path("diary/venues/<int:pk>/week/", diary_views.venue_week, name="diary-venue-week"),
    path("diary/feed/<str:token>.ics", diary_views.feed, name="diary-feed"),
    path(
        "cases/<case_ref:reference>/meetings/slots/",
        diary_slot_views.slots,
        name="diary-slots",
    ),
    # -- The mediation agreement document (issue 21): ``agreements.staff_views`` ------------
    path("", include("sendresolve.agreements.staff_views")),
    # -- Contracts and invoices (issue 23): managers and finance officers only --
    path("billing/", include("sendresolve.billing.urls")),
    # -- What people need to take part; the child's views (issue 22) --
    path(
        "cases/<case_ref:reference>/taking-part/",
        participation_views.needs_change,
        name="participation-needs",
    ),
    path(
        "cases/<case_ref:reference>/child-views/new/",
        participation_views.child_views_new,
        name="child-views-new",
    ),
    path(
        "cases/<case_ref:reference>/child-views/<int:item_id>/share/",
        participation_views.child_views_share,
        name="child-views-share",
    ),
    # -- venues managed by the provider (issue 22) --
    path("venues/", venue_views.venue_list, name="venues"),
    path("venues/new/", venue_views.venue_new, name="venue-new"),
    path("venues/<int:venue_id>/", venue_views.venue_edit, name="venue"),
    path(
        "venues/<int:venue_id>/<str:what>/",
        venue_views.venue_retire_view,
        name="venue-retire",
    ),
    # -- travel expense claims (issue 22) --
    path("travel-expenses/", expense_views.expense_list, name="expenses"),
    path(
        "cases/<case_ref:reference>/travel-expenses/<int:claim_id>/",
        expense_views.expense_decide,
        name="expense-decide",
    ),
    # -- exports for local authorities (issue 25) --
    path("exports/", include("sendresolve.exports.urls")),
    # -- Targets, survey results and complaints about the provider (issue 23): managers only --
    path("", include("sendresolve.quality.staff_urls")),
    # -- importing a live caseload (issue 25): provider managers only --
    path("provider/import/", include("sendresolve.imports.urls")),
    # -- an LA's own school term dates (issue 24) --
    path("term-dates/", term_dates_views.term_dates_index, name="term-dates-index"),
    path(
        "local-authorities/<dfe_code:dfe_code>/term-dates/",
        term_dates_views.term_dates,
        name="term-dates",
    ),
    path(
        "local-authorities/<dfe_code:dfe_code>/term-dates/new-term/",
        term_dates_views.term_new,
        name="term-new",
    ),
    path(
        "local-authorities/<dfe_code:dfe_code>/term-dates/new-closure/",
        term_dates_views.closure_new,
        name="closure-new",
    ),
    path(
        "local-authorities/<dfe_code:dfe_code>/term-dates/terms/<int:term_id>/remove/",
        term_dates_views.term_remove,
        name="term-remove",
    ),
    path(
        "local-authorities/<dfe_code:dfe_code>/term-dates/closures/<int:closure_id>/remove/",
        term_dates_views.closure_remove,
        name="closure-remove",
    ),
    # -- Webhooks (issue 25): an organisation's endpoints and their delivery log ---------------
    path("webhooks/", include("sendresolve.webhooks.urls")),
    # A provider's messages and letterhead (issue 23, sendresolve/branding): managers only.
    path("provider/", include("sendresolve.branding.urls")),
    # -- staff and roles, self-service (issue 23): managers; the invitation link is open --
    path("people/", staff_views.staff_list, name="staff-list"),
    path("people/invite/", staff_views.staff_invite, name="staff-invite"),
    path("people/<int:user_id>/", staff_views.staff_member, name="staff-member"),
    path(
        "people/<int:user_id>/<str:what>/",
        staff_views.staff_status,
        name="staff-status",
    ),
    path("join/<str:token>/", staff_views.invite_accept, name="invite-accept"),
]
