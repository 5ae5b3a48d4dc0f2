"""The audit trail in words: one sentence for every audit action code (issue 23).

"Asha Adviser read case SR-7K3M-Q9XD", "Asha Adviser issued the certificate for case
SR-7K3M-Q9XD on 3 May 2024". Each code has a phrase in ``SENTENCES`` (``{case}`` is where the
case reference goes); a case step missing from it reads from its catalogue title ("Record that
the local authority was told" → "recorded that the local authority was told"), and
``report.export.*`` and ``retention.*.*`` are read from their parts.
``staff/tests/test_audit_sentences.py`` finds every code the code base writes and checks each
has a sentence.

A sentence names only the member of staff (their name, or their username if they have none),
"The family" or "The system", and the case reference: never anything else of the event's
detail but a date, a report's name, a file format, an invoice number or a count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from markupsafe import Markup, escape

from sendresolve.cases.actions import ACTIONS
from sendresolve.staff.banners import done_heading

CASE = "{case}"
SENTENCES: dict[str, str] = {
    # Reading a case and its papers.
    "case.read.page": "read case {case}",
    "case.read.agreement": "read the agreement of case {case}",
    "case.read.certificate": "read the certificate of case {case}",
    "case.read.certificate_easy_read": "read the Easy Read certificate letter of case {case}",
    "case.read.documents": "read the documents of case {case}",
    "case.read.expense_claim": "read a travel expense claim of case {case}",
    "case.read.invite": "downloaded a meeting invitation of case {case}",
    "case.agreement.download": "downloaded the agreement of case {case}",
    "case.document.download": "downloaded a document of case {case}",
    "case.subject_access_export": "downloaded everything held about the family of case {case}",
    "case.participation_needs.given": "recorded what people need to take part in case {case}",
    "case.proceeding_finish": "recorded that a complaint or appeal alongside case {case} finished",
    "api.case.read": "read case {case} through the API",
    "api.certificate.download": "downloaded the certificate of case {case} through the API",
    "agreement.summary.issue": "issued the agreement summary of case {case}",
    "document.send": "sent a document of case {case}",
    "reminder.send": "sent a deadline reminder for case {case}",
    "meeting_reminder.send": "sent a meeting reminder for case {case}",
    "verification.certificate.check": "had a certificate's authenticity checked",
    "verification.agreement.check": "had an agreement's authenticity checked",
    # Case steps (the catalogue's audit verbs, and steps recorded outside the catalogue).
    "case.case_open": "opened case {case}",
    "case.advice_give": "recorded that mediation advice was given on case {case}",
    "case.mediation_decline": "recorded that the family of case {case} does not want mediation",
    "case.mediation_request": "recorded that the family of case {case} wants mediation",
    "case.la_inform": "recorded that the local authority was told about case {case}",
    "case.commissioning_body_notify": (
        "recorded that the health commissioning body was told about case {case}"
    ),
    "case.la_cannot_arrange": (
        "recorded that the local authority cannot arrange mediation in 30 days for case {case}"
    ),
    "case.session_schedule": "arranged a meeting for case {case}",
    "case.session_book": "arranged a meeting with a mediator for case {case}",
    "case.session_notice_send": (
        "recorded that the meeting's date and place were sent for case {case}"
    ),
    "case.session_hold": "recorded that the meeting for case {case} was held",
    "case.session_cancel": "cancelled a meeting of case {case}",
    "case.session_rearrange": "rearranged a meeting of case {case}",
    "case.mediation_conclude": "recorded the outcome of the mediation for case {case}",
    "case.outcome_record": "recorded the outcome of case {case}",
    "case.certificate_issue": "issued the certificate for case {case}",
    "case.certificate_correct": "issued a corrected certificate for case {case}",
    "case.follow_up_start": "started following up the agreed actions of case {case}",
    "case.case_close": "closed case {case}",
    "case.case_withdraw": "recorded that the family withdrew case {case}",
    "case.case_reopen": "reopened case {case}",
    "case.case_assign": "assigned case {case}",
    "case.case_correct": "corrected the details of case {case}",
    "case.step_undo": "undid the last step recorded on case {case}",
    "case.note_add": "added a confidential note to case {case}",
    "case.action_complete": "recorded that an agreed action of case {case} was done",
    "case.party_add": "added someone taking part in case {case}",
    "case.party_correct": "corrected the details of someone taking part in case {case}",
    "case.participation_record": "recorded a party's answer to taking part in case {case}",
    "case.dr_all_agreed": "recorded that everyone agreed to take part in case {case}",
    "case.dr_not_taken_forward": "recorded that case {case} was not taken forward",
    "case.proceeding_record": "recorded a complaint or appeal alongside case {case}",
    "case.health_body_add": "added a health commissioning body to case {case}",
    "case.health_body_remove": "removed a health body added in error from case {case}",
    "case.agreement_la_notify": (
        "recorded that the local authority was told of the agreement in case {case}"
    ),
    "case.tribunal_decision_record": "recorded the tribunal's decision on case {case}",
    "case.duty_step_complete": "recorded a step after the tribunal as done on case {case}",
    "case.recommendation_record": "recorded the tribunal's recommendations on case {case}",
    "case.recommendation_respond": "recorded the response to a recommendation on case {case}",
    "case.family_contact_change": "changed the family's contact details on case {case}",
    "case.issue_add": "added an issue to case {case}",
    "case.issue_correct": "corrected an issue of case {case}",
    "case.issue_remove": "removed an issue recorded in error from case {case}",
    "case.contact_log": "logged a contact on case {case}",
    "case.task_add": "added a task to case {case}",
    "case.task_done": "marked a task of case {case} done",
    "case.task_reopen": "reopened a task of case {case}",
    "case.document_add": "added a document to case {case}",
    "case.document_share": "changed who can see a document of case {case}",
    "case.agreement_draft_save": "edited the agreement's wording for case {case}",
    "case.agreement_issue": "issued the agreement for case {case}",
    "case.agreement_receipt_confirm": "recorded that the agreement of case {case} was received",
    "case.agreement_receipt_family": "confirmed receiving the agreement of case {case}",
    "case.participation_needs_change": "changed what people need to take part in case {case}",
    "case.participation_needs_family_change": (
        "changed what they need to take part in case {case}"
    ),
    "case.supporter_name": "named a supporter in case {case}",
    "case.child_views_record": "recorded the child's or young person's views in case {case}",
    "case.child_views_share": (
        "recorded that the family agreed to share the child's views in case {case}"
    ),
    "case.expense_claim": "claimed travel expenses on case {case}",
    "case.expense_decide": "decided a travel expense claim on case {case}",
    # The family's own pages (through the signed link sent to them).
    "family.status.read": "looked at the status page of case {case}",
    "family.status_link.send": "asked for a new link to case {case}",
    "family.certificate.download": "downloaded the certificate of case {case}",
    "family.agreement.download": "downloaded the agreement of case {case}",
    "family.document.download": "downloaded a document of case {case}",
    "family.documents.read": "looked at the documents of case {case}",
    "family.expenses.read": "looked at their travel expenses on case {case}",
    "family.contact_details.read": "looked at their contact details on case {case}",
    "family.participation_needs.read": "looked at what they need to take part in case {case}",
    "family.supporter.read": "looked at their supporter's details on case {case}",
    # The provider's own records.
    "venue.create": "added a venue",
    "venue.update": "changed a venue's details",
    "venue.retire": "stopped using a venue",
    "venue.reinstate": "started using a venue again",
    "venue.list": "looked at the list of venues",
    "venue.read": "looked at a venue",
    "expenses.list": "looked at the travel expense claims to decide",
    "diary.mediator.create": "set up a mediator's diary",
    "diary.mediator.update": "changed a mediator's diary details",
    "diary.conflict.declare": "declared a mediator's conflict of interest",
    "diary.conflict.remove": "removed a mediator's conflict of interest",
    "diary.availability.replace": "changed a mediator's weekly availability",
    "diary.availability.exception": "added a day a mediator is away",
    "diary.availability.exception_remove": "removed a day a mediator was away",
    "diary.booking.create": "booked a mediator",
    "diary.feed.create": "made a calendar feed for a mediator",
    "diary.feed.revoke": "stopped a mediator's calendar feed",
    "diary.read.feed": "read a mediator's calendar feed",
    "diary.read.mediator": "looked at a mediator's diary",
    "diary.read.week": "looked at the mediators' week",
    "billing.terms.add": "changed a contract's prices",
    "billing.invoice.draft": "drafted invoice {number}",
    "billing.invoice.approve": "approved invoice {number}",
    "billing.invoice.sent": "recorded that invoice {number} was sent",
    "billing.invoice.download": "downloaded invoice {number}",
    "billing.credit_note.create": "issued credit note {number}",
    "billing.volume_alert": "was warned that a contract is near its volume cap",
    "commission.create": "recorded a council's contract with a provider",
    "membership.grant": "gave someone a role",
    "local_authorities.load": "loaded the list of local authorities",
    "local_authority_contacts.load": "loaded the local authorities' contact details",
    # Feedback and requests for another format.
    "feedback.record": "recorded feedback on the service",
    "feedback.format_request": "recorded a request for another format",
    "feedback.format_request.sent": "recorded that a document in another format was sent",
    # Signing in, the API, downloads and the audit trail itself.
    "sign_in.two_factor.set_up": "set up their authenticator app",
    "sign_in.backup_code.use": "signed in with a backup code",
    "api.token.create": "made an API token",
    "api.token.revoke": "revoked an API token",
    "decision_letter.download": "downloaded a decision letter paragraph",
    "audit.export.csv": "downloaded the audit trail ({rows} events)",
    "retention.audit_events.delete": "removed audit events older than the retention period",
    # Targets, the satisfaction survey and complaints about the provider (``quality``), and
    # the local authorities' exports (``exports``), both issue 23/25 branches.
    "quality.targets.set": "set a contract's targets",
    "quality.survey.send": "sent the satisfaction survey for case {case}",
    "quality.complaint.record": "recorded a complaint about the provider",
    "quality.complaint.respond": "recorded the response to a complaint about the provider",
    "export.sen2": "downloaded the SEN2 export ({rows} rows)",
    "export.case-events": "downloaded the case events export ({rows} rows)",
    # Importing a caseload (``imports``), school terms (``schoolterms``) and webhooks
    # (``webhooks``): issue 24 and 25 branches.
    "import.cases": "imported a caseload file",
    "import.errors.download": "downloaded the errors of a caseload import",
    "case.import.create": "imported case {case}",
    "case.import.update": "updated case {case} from an import",
    "school_term.add": "added school term dates",
    "school_term.remove": "removed school term dates",
    "school_term.list": "looked at the school term dates",
    "school_closure.add": "added a day the schools are closed",
    "school_closure.remove": "removed a day the schools are closed",
    "webhook.endpoint.create": "added a webhook endpoint",
    "webhook.endpoint.delete": "removed a webhook endpoint",
    "webhook.endpoint.list": "looked at the webhook endpoints",
    "webhook.endpoint.read": "looked at a webhook endpoint",
    "webhook.endpoint.rotate": "changed a webhook endpoint's secret",
    "webhook.delivery.list": "looked at the webhook deliveries",
    "webhook.delivery.read": "looked at a webhook delivery",
    "webhook.delivery.replay": "sent a webhook delivery again",
    # Managing the provider's staff (``staffroles``), and its branding and message wording
    # (``branding``).
    "staff.invite": "invited someone to join the provider's staff",
    "staff.invite.accept": "accepted an invitation to join the provider's staff",
    "staff.roles.change": "changed a member of staff's roles",
    "staff.suspend": "suspended a member of staff",
    "staff.reactivate": "reactivated a member of staff",
    "staff.remove": "removed a member of staff",
    "branding.update": "changed the provider's branding",
    "branding.logo.set": "changed the provider's logo",
    "branding.logo.remove": "removed the provider's logo",
    "message_template.edit": "changed the wording of a message",
    "message_template.reset": "put a message back to its standard wording",
}
# Codes with a part that varies, read from their parts.
REPORTS = {"mediation": "the mediation report", "annual_return": "the annual mediation return"}
FORMATS = {"csv": "as CSV", "xlsx": "as a spreadsheet"}
RETAINED = {
    "cases": "closed cases",
    "confidential_notes": "confidential notes",
    "outbox_messages": "sent messages",
    "feedback": "feedback",
    "format_requests": "requests for another format",
    "audit_events": "audit events",
    "saved_requests": "saved requests",
    "provider_complaints": "complaints about the provider",
    "survey_comments": "satisfaction survey comments",
    "survey_invitations": "satisfaction survey invitations",
    "unconfirmed_imports": "caseload imports never confirmed",
    "webhook_deliveries": "webhook deliveries",
}
RETENTION_VERBS = {"anonymise": "anonymised", "delete": "deleted", "redact": "redacted"}
# The detail values a sentence may show: none of them is personal data.
SHOWN = ("number", "rows", "count")


@dataclass(frozen=True)
class Sentence:
    text: str  # plain, with the case reference
    html: Markup  # the same, the case reference linked to its case page


def phrase_for(code: str, detail: dict[str, Any] | None = None) -> str | None:
    """What was done, after the name of who did it ("read case {case}"); None if the code has
    no words."""
    detail = detail or {}
    if code in SENTENCES:
        return SENTENCES[code]
    parts = code.split(".")
    if code.startswith("report.export.") and len(parts) == 3:
        report = REPORTS.get(str(detail.get("report", "")), "a report")
        return f"downloaded {report} {FORMATS.get(parts[2], 'as a file')}"
    if code.startswith("retention.") and len(parts) == 3 and parts[1] in RETAINED:
        verb = RETENTION_VERBS.get(parts[2])
        if verb:
            return f"{verb} {RETAINED[parts[1]]} past the retention period"
    if code.startswith("case.read."):
        return "read case {case}"
    entry = next((a for a in ACTIONS.values() if a.audit == code), None)
    if entry is not None:
        heading = done_heading(entry.title)
        if not heading.startswith("Done:"):
            return f"{heading[:1].lower()}{heading[1:]} on case {CASE}"
    return None


def who_did(code: str, name: str) -> str:
    """Who acted: the member of staff's name, else the family (its own pages and actions) or
    the system."""
    if name:
        return name
    family = code.startswith("family.") or any(
        a.family and a.audit == code for a in ACTIONS.values()
    )
    return "The family" if family else "The system"


def _on(detail: dict[str, Any]) -> str:
    try:
        day = dt.date.fromisoformat(str(detail.get("on", "")))
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"


def sentence(code: str, *, name: str, reference: str, detail: dict[str, Any]) -> Sentence:
    """The event in words. ``name`` is the member of staff's ('' for none), ``reference`` the
    case's ('' if the event is about no case, or one since removed)."""
    phrase = phrase_for(code, detail) or f"did something recorded as {code}"
    values = {key: str(detail.get(key, "")) for key in SHOWN}
    text_phrase = phrase.replace(CASE, "\0").format(**values)
    on = _on(detail)
    if on and code.startswith("case.") and not code.startswith("case.read."):
        text_phrase += f" on {on}"
    who = who_did(code, name)
    before, _, after = text_phrase.partition("\0")
    if "\0" not in text_phrase:
        return Sentence(f"{who} {text_phrase}.", escape(f"{who} {text_phrase}."))
    case_text = reference or "(removed)"
    link: Markup | str = case_text
    if reference:
        url = reverse("staff:case", args=[reference])
        link = Markup('<a class="govuk-link app-reference" href="{}">{}</a>').format(url, reference)
    html = escape(f"{who} {before}") + link + escape(f"{after}.")
    return Sentence(f"{who} {before}{case_text}{after}.", html)
