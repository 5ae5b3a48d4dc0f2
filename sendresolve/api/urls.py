"""REST API v1, mounted at /api/v1/ (paths without trailing slashes)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from sendresolve.api import errors
from sendresolve.api.views import (
    assignment,
    cases,
    certificates,
    contacts,
    docs,
    documents,
    reports,
    sessions,
    staff,
    verification,
)

app_name = "api"

CASE = "cases/<case_ref:reference>"

urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", docs.docs, name="docs"),
    path("cases", cases.CaseListView.as_view(), name="cases"),
    path(CASE, cases.CaseDetailView.as_view(), name="case-detail"),
    path(f"{CASE}/actions", cases.CaseActionView.as_view(), name="case-actions"),
    path(f"{CASE}/deadlines", cases.CaseDeadlinesView.as_view(), name="case-deadlines"),
    path(f"{CASE}/events", cases.CaseEventsView.as_view(), name="case-events"),
    path(f"{CASE}/notes", sessions.NoteCreateView.as_view(), name="case-notes"),
    path(f"{CASE}/sessions", sessions.SessionListView.as_view(), name="case-sessions"),
    path(
        f"{CASE}/sessions/<int:session_id>/held",
        sessions.SessionHeldView.as_view(),
        name="session-held",
    ),
    path(
        f"{CASE}/sessions/<int:session_id>/notice-sent",
        sessions.SessionNoticeSentView.as_view(),
        name="session-notice-sent",
    ),
    # Rearranging and cancelling a meeting (issue 18).
    path(
        f"{CASE}/sessions/<int:session_id>/rearrangement",
        sessions.SessionRearrangementView.as_view(),
        name="session-rearrangement",
    ),
    path(
        f"{CASE}/sessions/<int:session_id>/cancellation",
        sessions.SessionCancellationView.as_view(),
        name="session-cancellation",
    ),
    path(
        f"{CASE}/agreed-actions/<int:action_id>/complete",
        sessions.AgreedActionCompleteView.as_view(),
        name="agreed-action-complete",
    ),
    path(
        f"{CASE}/certificates",
        certificates.CaseCertificatesView.as_view(),
        name="case-certificates",
    ),
    path(
        "certificates/<certificate_number:number>.pdf",
        certificates.CertificatePdfView.as_view(),
        name="certificate-pdf",
    ),
    # -- The contact log and tasks (issue 18) ---------------------------------------------------
    path(f"{CASE}/contacts", contacts.ContactListView.as_view(), name="case-contacts"),
    path(f"{CASE}/tasks", contacts.TaskListView.as_view(), name="case-tasks"),
    path(f"{CASE}/tasks/<int:task_id>/done", contacts.TaskDoneView.as_view(), name="task-done"),
    path(
        f"{CASE}/tasks/<int:task_id>/reopen",
        contacts.TaskReopenView.as_view(),
        name="task-reopen",
    ),
    # -- Documents on a case (issue 21) -------------------------------------------------------
    path(f"{CASE}/documents", documents.DocumentListView.as_view(), name="case-documents"),
    path(
        f"{CASE}/documents/<int:document_id>/file",
        documents.DocumentFileView.as_view(),
        name="case-document-file",
    ),
    # -- triage --
    path(
        f"{CASE}/assignment",
        assignment.CaseAssignmentView.as_view(),
        name="case-assignment",
    ),
    path("reports/mediation", reports.MediationReportView.as_view(), name="report-mediation"),
    path("reports/annual-return", reports.AnnualReturnView.as_view(), name="report-annual"),
    # Check a certificate by its verification code: public, no token (issue 21).
    path("verify", verification.VerifyView.as_view(), name="verify"),
    # -- Staff and roles (issue 23): the provider's managers --
    path("staff", staff.StaffListView.as_view(), name="staff"),
    path("staff/invitations", staff.StaffInviteView.as_view(), name="staff-invitations"),
    path("staff/<int:user_id>/roles", staff.StaffRolesView.as_view(), name="staff-roles"),
    path(
        "staff/<int:user_id>/suspension",
        staff.StaffSuspensionView.as_view(),
        name="staff-suspension",
    ),
    # Anything else under /api/v1/ is a JSON 404, never an HTML page. Not ``.*``: a path with an
    # encoded newline (%0A) would escape it.
    re_path(r"^[\s\S]*$", errors.not_found, name="not-found"),
]
