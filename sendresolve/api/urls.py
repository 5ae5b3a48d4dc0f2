"""REST API v1, mounted at /api/v1/ (paths without trailing slashes)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from sendresolve.api import errors
from sendresolve.api.views import (
    agreements,
    assignment,
    billing,
    cases,
    certificates,
    contacts,
    docs,
    documents,
    expenses,
    quality,
    reports,
    sessions,
    staff,
    verification,
)
from sendresolve.api.views import diary as diary_views
from sendresolve.api.views import exports as export_views
from sendresolve.api.views import webhooks as webhook_views

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
    # -- Mediators' diary (issue 22) ----------------------------------------------------------
    path("mediators", diary_views.MediatorListView.as_view(), name="mediators"),
    path(
        "mediators/<int:mediator_id>",
        diary_views.MediatorDetailView.as_view(),
        name="mediator-detail",
    ),
    path(
        "mediators/<int:mediator_id>/availability",
        diary_views.AvailabilityView.as_view(),
        name="mediator-availability",
    ),
    path(
        f"{CASE}/slot-proposals",
        diary_views.SlotProposalsView.as_view(),
        name="case-slot-proposals",
    ),
    path(f"{CASE}/bookings", diary_views.BookingCreateView.as_view(), name="case-bookings"),
    # -- The mediation agreement document and the issues still in dispute (issue 21) ---------
    path(f"{CASE}/agreement", agreements.AgreementView.as_view(), name="case-agreement"),
    path(
        f"{CASE}/agreement/<agreement_number:agreement_number>.pdf",
        agreements.AgreementPdfView.as_view(),
        name="case-agreement-pdf",
    ),
    path(
        f"{CASE}/issues-in-dispute.pdf",
        agreements.IssuesSummaryPdfView.as_view(),
        name="case-issues-in-dispute-pdf",
    ),
    # -- Contracts and invoices (issue 23): managers and finance officers of a provider --------
    path("commissions", billing.CommissionListView.as_view(), name="commissions"),
    path(
        "commissions/<int:commission_id>",
        billing.CommissionDetailView.as_view(),
        name="commission-detail",
    ),
    path("invoices", billing.InvoiceListView.as_view(), name="invoices"),
    path("invoices/<int:invoice_id>", billing.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("invoices/<int:invoice_id>.pdf", billing.InvoicePdfView.as_view(), name="invoice-pdf"),
    path("invoices/<int:invoice_id>.csv", billing.InvoiceCsvView.as_view(), name="invoice-csv"),
    path("invoices/<int:invoice_id>.xlsx", billing.InvoiceXlsxView.as_view(), name="invoice-xlsx"),
    path("billing-runs", billing.BillingRunView.as_view(), name="billing-runs"),
    # -- venues and travel expense claims (issue 22) --
    path("venues", expenses.VenueListView.as_view(), name="venues"),
    path("venues/<int:venue_id>", expenses.VenueDetailView.as_view(), name="venue-detail"),
    path("expense-claims", expenses.ExpenseClaimListView.as_view(), name="expense-claims"),
    path(
        "expense-claims/<int:claim_id>",
        expenses.ExpenseClaimDetailView.as_view(),
        name="expense-claim-detail",
    ),
    path(
        "expense-claims/<int:claim_id>/decision",
        expenses.ExpenseClaimDecisionView.as_view(),
        name="expense-claim-decision",
    ),
    # -- Exports for local authorities (issue 25): SEN2-shaped and case events, streamed -------
    path("exports/sen2.csv", export_views.Sen2CsvView.as_view(), name="export-sen2-csv"),
    path("exports/sen2.jsonl", export_views.Sen2JsonLinesView.as_view(), name="export-sen2-jsonl"),
    path(
        "exports/case-events.csv",
        export_views.CaseEventsCsvView.as_view(),
        name="export-case-events-csv",
    ),
    path(
        "exports/case-events.jsonl",
        export_views.CaseEventsJsonLinesView.as_view(),
        name="export-case-events-jsonl",
    ),
    # -- Targets and quality (issue 23): a commission's KPI targets and ratings --
    path(
        "commissions/<int:commission_id>/targets",
        quality.CommissionTargetsView.as_view(),
        name="commission-targets",
    ),
    # -- Webhooks (issue 25): an organisation's endpoints and their delivery log -------------
    path("webhooks/endpoints", webhook_views.WebhookEndpointListView.as_view(), name="webhooks"),
    path(
        "webhooks/endpoints/<int:endpoint_id>",
        webhook_views.WebhookEndpointDetailView.as_view(),
        name="webhook-detail",
    ),
    path(
        "webhooks/endpoints/<int:endpoint_id>/secret-rotation",
        webhook_views.WebhookSecretRotationView.as_view(),
        name="webhook-secret-rotation",
    ),
    path(
        "webhooks/endpoints/<int:endpoint_id>/deliveries",
        webhook_views.WebhookDeliveryListView.as_view(),
        name="webhook-deliveries",
    ),
    path(
        "webhooks/endpoints/<int:endpoint_id>/deliveries/<int:delivery_id>/replay",
        webhook_views.WebhookReplayView.as_view(),
        name="webhook-replay",
    ),
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
