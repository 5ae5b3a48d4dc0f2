"""Subject access: everything held about a family, as one JSON document (UK GDPR art. 15).

``subject_access_export`` gathers one case, or with ``family=True`` every case with the same
email address, within what the actor may export: provider managers their own provider's cases,
administrators every case, the ``subject_access_export`` command (run on the server, actor
None) every case. Anyone else gets ``NotFound``. Each export writes an audit event.

What the document holds, per case: the case's details (names, contact details, dates, status),
issues, parties, events, deadlines, meetings, outcomes, the written agreement and its actions,
certificates (metadata; the PDF can be downloaded separately), health bodies, complaints and
appeals alongside, complaints about the provider linked to the case, tribunal decisions, duties
and recommendations, the contact log and the provider's tasks on the case (contact entries
marked confidential only with ``include_confidential``, like the notes below), the messages
sent to the family (outbox rows with the case's reference, to the family's contact details or
from a family template), and when the family's status link was used (the ``family.*`` audit
events). Requests for another format made with the same email address are added. Feedback is
anonymous by design (nothing links it to a person), so it cannot be included and the document
says so.

**Confidential mediation notes.** A subject access request can reach the mediator's notes: they
are the family's personal data. But mediation is confidential and without prejudice, and the
notes also hold the other side's positions; the exemptions in the Data Protection Act 2018
(Sch. 2, e.g. para 16, information about others, and para 19, legal professional privilege
where it applies) may justify withholding some or all of them. That is a judgment for the
provider's data protection lead, case by case. So the notes are left out by default, and put in
a separate, clearly marked section only when ``include_confidential=True`` is passed
explicitly by a provider manager or administrator (or the command's
``--include-confidential``); the audit event records which it was.
"""

import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet

from sendresolve.agreements.services import agreement_documents_listed
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.selectors import managed_provider_ids
from sendresolve.audit.services import SYSTEM_ACTOR, audit_record
from sendresolve.cases.models import Case
from sendresolve.cases.vocabulary import PartyRole
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.feedback.models import FormatRequest
from sendresolve.feedback.selectors import format_requests_for
from sendresolve.notifications.models import OutboxMessage
from sendresolve.quality.complaints import complaints_of_case
from sendresolve.tenancy.actors import user_of
from sendresolve.tenancy.selectors import is_global

FORMAT = "sendresolve-subject-access/1"
FAMILY_ROLES = frozenset(
    {PartyRole.PARENT, PartyRole.YOUNG_PERSON, PartyRole.CHILD, PartyRole.SUPPORTER}
)
# Messages these templates send go to the family (the others go to officers and staff).
FAMILY_TEMPLATES = frozenset(
    {
        "case_opened",
        "mediation_advice_given",
        "certificate_issued",
        "session_arranged",
        "session_cancelled",
        "status_link",
        "appeal_deadline_due_soon",
    }
)
CONFIDENTIAL_WARNING = (
    "CONFIDENTIAL MEDIATION NOTES. Mediation is confidential and without prejudice. Before "
    "disclosing these notes, check with your data protection lead whether an exemption in the "
    "Data Protection Act 2018 Schedule 2 applies (for example information about other people), "
    "and redact what is withheld."
)


def exportable_cases(actor) -> QuerySet[Case]:
    """The cases ``actor`` may export; actor None is the server command (every case)."""
    if actor is None or is_global(actor):
        return Case.objects.all()
    providers = managed_provider_ids(actor)
    if not providers:
        raise NotFound("No subject access for this user.")
    return Case.objects.filter(provider_id__in=providers)


def can_export(actor, case: Case) -> bool:
    """Whether ``actor`` may export ``case`` (for showing a link)."""
    try:
        return exportable_cases(actor).filter(pk=case.pk).exists()
    except NotFound:
        return False


def subject_access_cases(actor, *, reference: str, family: bool = False) -> list[Case]:
    """The case with ``reference`` and, with ``family``, every other case the actor may export
    with the same email address (oldest first). Raises ``NotFound``."""
    scope = exportable_cases(actor)
    try:
        case = scope.get(reference=reference)
    except Case.DoesNotExist:
        raise NotFound("No such case.") from None
    if not family or not case.email:
        return [case]
    return list(scope.filter(email__iexact=case.email).order_by("opened_on", "id"))


@transaction.atomic
def subject_access_export(
    *,
    actor,
    reference: str,
    family: bool = False,
    include_confidential: bool = False,
    via: str = "staff",
) -> dict[str, Any]:
    """The subject access document for a case (or its family), audited.

    Raises ``NotFound`` when the actor may not export the case. See the module docstring for
    what is included, and why confidential notes need ``include_confidential=True``.
    """
    cases = subject_access_cases(actor, reference=reference, family=family)
    requested = next(case for case in cases if case.reference == reference)
    document = subject_access_document(
        cases, include_confidential=include_confidential, generated_by=actor
    )
    audit_record(
        actor=actor,
        action="case.subject_access_export",
        target=requested,
        local_authority=requested.local_authority,
        provider=requested.provider,
        detail={
            "case_ids": [case.pk for case in cases],
            "family": family,
            "include_confidential": include_confidential,
            "via": via,
        },
    )
    return document


def subject_access_json(document: dict[str, Any]) -> str:
    """The document as indented JSON text (dates as ISO 8601)."""
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"


def subject_access_document(
    cases: list[Case], *, include_confidential: bool = False, generated_by=None
) -> dict[str, Any]:
    """Build the document for ``cases`` (already checked against the actor's scope)."""
    emails = sorted({case.email.lower() for case in cases if case.email})
    document: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": clock.now(),
        "generated_by": user.get_username() if (user := user_of(generated_by)) else SYSTEM_ACTOR,
        "about": {
            "case_references": [case.reference for case in cases],
            "email_addresses": emails,
        },
        "notes": [
            "Everything SEND Resolve holds about the family on these cases.",
            "Feedback is anonymous by design: nothing links it to a person, so none is included.",
            "Certificates are listed here; their PDFs are the documents the family was sent.",
            "Contact log entries marked confidential are "
            + (
                "included, marked confidential."
                if include_confidential
                else "not included (as for the confidential notes)."
            ),
            "The mediator's confidential notes are "
            + (
                "included in the separate section confidential_mediation_notes."
                if include_confidential
                else "not included (mediation confidentiality; see the provider's data "
                "protection lead)."
            ),
        ],
        "cases": [_case(case, include_confidential=include_confidential) for case in cases],
        "requests_for_another_format": _format_requests(generated_by, emails),
    }
    if include_confidential:
        document["confidential_mediation_notes"] = {
            "warning": CONFIDENTIAL_WARNING,
            "notes": [
                {
                    "case_reference": case.reference,
                    "written_at": note.created_at,
                    "text": note.text,
                }
                for case in cases
                for note in case.confidential_notes.order_by("created_at", "id")
            ],
        }
    return document


def _case(case: Case, *, include_confidential: bool = False) -> dict[str, Any]:
    anonymisation = getattr(case, "anonymisation", None)
    agreement = getattr(case, "agreement", None)
    return {
        "reference": case.reference,
        "kind": case.get_kind_display(),
        "disagreement_resolution_kind": case.get_dr_type_display() if case.dr_type else "",
        "status": case.get_status_display(),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "anonymised_on": anonymisation.anonymised_on if anonymisation else None,
        "provider": case.provider.name,
        "local_authority": case.local_authority.name,
        "health_commissioning_body": (
            case.commissioning_body.name if case.commissioning_body else ""
        ),
        "child": {"name": case.child_name, "date_of_birth": case.child_date_of_birth},
        "requester": {
            "relationship": case.get_requester_display(),
            "name": case.requester_name,
            "email": case.email,
            "phone": case.phone,
            "address": case.address,
            "preferred_channel": case.get_preferred_channel_display(),
        },
        "has_ehc_plan": case.has_ehc_plan,
        "decision": {
            "description": case.decision_description,
            "letter_date": case.decision_letter_date,
        },
        "health_care_in_issue": case.health_care_in_issue,
        "issues": [
            {
                "subject": issue.get_subject_display(),
                "with": issue.get_with_body_display() if issue.with_body else "",
                "description": issue.description,
                "outcome": _outcome(issue),
            }
            for issue in case.issues.all()
        ],
        "parties": [
            {
                "role": party.get_role_display(),
                "name": party.name,
                "organisation": party.organisation,
                "email": party.email,
                "phone": party.phone,
                "views_gathered_how": party.views_gathered_how,
                "taking_part": party.get_participation_display(),
                "answered_on": party.participation_on,
            }
            for party in case.parties.all()
        ],
        "events": [
            {
                "what": event.get_type_display(),
                "on": event.occurred_on,
                "recorded_at": event.recorded_at,
                "from_status": event.get_from_status_display() if event.from_status else "",
                "to_status": event.get_to_status_display() if event.to_status else "",
                "detail": event.detail,
            }
            for event in case.events.order_by("occurred_on", "recorded_at", "id")
        ],
        "deadlines": [
            {
                "title": deadline.title,
                "due_on": deadline.due_on,
                "who_must_act": deadline.responsible_label,
                "rule": deadline.rule,
                "state": deadline.get_state_display(),
                "met_on": deadline.met_on,
            }
            for deadline in case.deadlines.order_by("due_on", "id")
        ],
        "meetings": [
            {
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "how": session.get_mode_display(),
                "venue": session.venue.name if session.venue else "",
                "state": session.get_state_display(),
                "notice_sent_on": session.notice_sent_on,
            }
            for session in case.sessions.select_related("venue")
        ],
        "agreement": (
            {
                "agreed_on": agreement.agreed_on,
                "text": agreement.text,
                "different_timescale": agreement.different_timescale,
                "actions": [
                    {
                        "description": action.description,
                        "owner": action.get_owner_display(),
                        "due_on": action.agreed_due_on,
                        "completed_on": action.completed_on,
                    }
                    for action in agreement.actions.all()
                ],
            }
            if agreement
            else None
        ),
        "certificates": [
            {
                "number": certificate.number,
                "kind": certificate.get_kind_display(),
                "issued_on": certificate.issued_on,
                "decision": certificate.decision_description,
                "issues": certificate.issues,
                "appeal_deadline": certificate.appeal_deadline,
            }
            for certificate in case.certificates.all()
        ],
        "health_bodies": [
            {"name": link.commissioning_body.name, "notified_on": link.notified_on}
            for link in case.health_bodies.select_related("commissioning_body")
        ],
        "complaints_and_appeals_alongside": [
            {
                "kind": proceeding.get_kind_display(),
                "started_on": proceeding.started_on,
                "state": proceeding.get_state_display(),
                "reference": proceeding.reference,
                "detail": proceeding.detail,
            }
            for proceeding in case.proceedings.all()
        ],
        "tribunal": _tribunal(case),
        "complaints_about_the_provider": complaints_of_case(case),
        **_contacts_and_tasks(case, include_confidential=include_confidential),
        "documents": _documents(case, include_confidential=include_confidential),
        # The agreement's issued versions and the summary of issues in dispute (issue 21).
        "agreement_documents": agreement_documents_listed(case),
        "travel_expense_claims": _expense_claims(case),
        "messages_sent_to_the_family": _messages(case),
        "status_link_use": [
            {"at": event.occurred_at, "what": event.action}
            for event in AuditEvent.objects.filter(
                object_type="cases.case", object_id=str(case.pk), action__startswith="family."
            ).order_by("occurred_at", "id")
        ],
    }


def _contacts_and_tasks(case: Case, *, include_confidential: bool) -> dict[str, Any]:
    """The contact log (entries marked confidential only with ``include_confidential``, and
    marked so) and the provider's tasks on the case."""
    entries = case.contacts.order_by("occurred_at", "id")
    if not include_confidential:
        entries = entries.filter(confidential=False)
    return {
        "contact_log": [
            {
                "when": entry.occurred_at,
                "how": entry.get_kind_display(),
                "direction": entry.get_direction_display(),
                "with": entry.with_whom,
                "summary": entry.summary,
                "confidential": entry.confidential,
            }
            for entry in entries
        ],
        "tasks": [
            {"description": task.description, "due_on": task.due_on, "done_on": task.done_on}
            for task in case.tasks.order_by("due_on", "id")
        ],
    }


def _documents(case: Case, *, include_confidential: bool) -> list[dict[str, Any]]:
    """The documents on the case (``casefiles``): what each is, when it came and who can see
    it. The files themselves are supplied with the export from the staff documents page;
    confidential mediation material only with ``include_confidential``, as for the notes."""
    documents = case.files.order_by("uploaded_at", "id")
    if not include_confidential:
        documents = documents.filter(confidential=False)
    return [
        {
            "name": document.original_name,
            "kind": document.get_kind_display(),
            "added_on": document.uploaded_at,
            "added_by": "the family" if document.uploaded_by_id is None else "staff",
            "who_can_see_it": document.get_visibility_display(),
            "confidential": document.confidential,
            "size_bytes": document.size,
            "sha256": document.sha256,
        }
        for document in documents
    ]


def _expense_claims(case: Case) -> list[dict[str, Any]]:
    """The family's travel expense claims (issue 22): each line, the total and the decision."""
    return [
        {
            "sent_on": claim.submitted_on,
            "state": claim.get_state_display(),
            "decided_on": claim.decided_on,
            "reason": claim.reason,
            "total_pence": claim.total_pence,
            "lines": [
                {
                    "travelled_on": line.travelled_on,
                    "what": line.get_mode_display(),
                    "description": line.description,
                    "miles": str(line.miles) if line.miles is not None else None,
                    "amount_pence": line.amount_pence,
                }
                for line in claim.lines.all()
            ],
        }
        for claim in case.expense_claims.prefetch_related("lines").order_by("submitted_on", "id")
    ]


def _outcome(issue) -> str:
    outcome = getattr(issue, "outcome", None)
    return outcome.get_result_display() if outcome else ""


def _tribunal(case: Case) -> dict[str, Any]:
    return {
        "decisions": [
            {
                "outcome": decision.get_outcome_display(),
                "decided_on": decision.decided_on,
                "sent_on": decision.sent_on,
                "tribunal_reference": decision.tribunal_reference,
            }
            for decision in case.tribunal_decisions.all()
        ],
        "duties": [
            {
                "kind": duty.kind,
                "starts_on": duty.starts_on,
                "steps": [
                    {"step": step.step, "done_on": step.done_on} for step in duty.steps.all()
                ],
            }
            for duty in case.duties.prefetch_related("steps")
        ],
        "recommendations": [
            {
                "area": recommendation.get_area_display(),
                "made_on": recommendation.made_on,
                "text": recommendation.text,
                "responded_on": recommendation.responded_on,
                "response": (
                    recommendation.get_response_display() if recommendation.response else ""
                ),
                "response_detail": recommendation.response_detail,
            }
            for recommendation in case.recommendations.all()
        ],
    }


def _normalise(value: str) -> str:
    return re.sub(r"[\s\-().]", "", value or "").lower()


def _messages(case: Case) -> list[dict[str, Any]]:
    """Messages with the case's reference sent to the family: from a family template, or to
    one of the family's contact details (the case's, or a family party's)."""
    contacts = {_normalise(case.email), _normalise(case.phone), _normalise(case.address)}
    for party in case.parties.filter(role__in=FAMILY_ROLES):
        contacts |= {_normalise(party.email), _normalise(party.phone)}
    contacts.discard("")
    return [
        {
            "sent_at": message.sent_at,
            "created_at": message.created_at,
            "template": message.template,
            "channel": message.get_channel_display(),
            "to": message.to,
            "subject": message.subject,
            "body": message.body,
            "status": message.get_status_display(),
        }
        for message in OutboxMessage.objects.filter(reference=case.reference).order_by(
            "created_at", "id"
        )
        if message.template in FAMILY_TEMPLATES or _normalise(message.to) in contacts
    ]


def _format_requests(actor, emails: list[str]) -> list[dict[str, Any]]:
    """Requests for another format made with one of the emails, that the actor may read."""
    if not emails:
        return []
    requests = FormatRequest.objects.all() if actor is None else format_requests_for(actor)
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(email__iexact=email)
    return [
        {
            "made_at": request.created_at,
            "format": request.get_format_display(),
            "detail": request.detail,
            "name": request.name,
            "email": request.email,
            "phone": request.phone,
            "state": request.get_state_display(),
        }
        for request in requests.filter(condition).order_by("created_at", "id")
    ]
