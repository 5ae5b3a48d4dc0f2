"""Drafting, issuing and confirming receipt of the agreement document; making the summary of the
issues still in dispute.

Each write on a case is a catalogue action (``cases.actions``: ``agreement_draft_save``,
``agreement_issue``, ``agreement_receipt_confirm`` for LA and health officers,
``agreement_receipt_family`` for the family through their status link) recorded as a case step
by the recorder, so it is checked against the actor, audited and in the timeline; pages and the
API call them through ``recorder.action_perform``, so a double submission does them once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from sendresolve.agreements import content, rendering
from sendresolve.agreements.models import AgreementDocument, AgreementReceipt, IssuesSummary, Party
from sendresolve.audit.services import audit_record
from sendresolve.branding.selectors import letterhead
from sendresolve.cases.models import Agreement, Case, Certificate
from sendresolve.cases.privacy import HEALTH_OWNER, LA_OWNER
from sendresolve.cases.recorder import Step, action_require, case_step_record
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.core.text import text_clean
from sendresolve.notifications.sending import document_send_to_family
from sendresolve.tenancy.actors import FamilyActor, Who, as_actor, user_of
from sendresolve.verification.models import VerificationCode
from sendresolve.verification.services import verification_code_issue

logger = logging.getLogger(__name__)

TEXT_MAX = 5000


def _text(value: str, field: str, empty: str) -> str:
    value = text_clean(value or "", multiline=True).strip()
    if not value:
        raise ValidationError(empty, field=field)
    if len(value) > TEXT_MAX:
        raise ValidationError(f"Use {TEXT_MAX} characters or fewer.", field=field)
    return value


def agreement_draft_save(
    *, actor: Who, case: Case, intro: str, sections: Mapping[int, str], closing: str
) -> AgreementDocument:
    """Save the mediator's wording of the agreement: the draft, or a new draft (the next
    version) when the one in force has been issued. Every issue needs its paragraph."""
    action_require(actor, case, "agreement_draft_save")
    if not Agreement.objects.filter(case=case).exists():
        raise ValidationError(
            "No agreement was recorded with the outcome of mediation, so there is none to word.",
            field="intro",
        )
    intro = _text(intro, "intro", "Enter the opening paragraph.")
    closing = _text(closing, "closing", "Enter the closing paragraph.")
    issues = content.issues_with_outcomes(case)
    known = {issue.pk for issue in issues}
    unknown = [pk for pk in sections if pk not in known]
    if unknown:
        raise ValidationError("A paragraph is for an issue not on this case.", field="sections")
    wording = {
        issue.pk: _text(
            sections.get(issue.pk, ""),
            f"section-{issue.pk}",
            f"Enter what was agreed about “{content.issue_label(issue)}”.",
        )
        for issue in issues
    }
    new_sections = content.sections_current(
        case, [{"issue": pk, "text": text} for pk, text in wording.items()]
    )

    def apply(step: Step) -> AgreementDocument:
        draft = (
            AgreementDocument.objects.select_for_update()
            .filter(case=step.case, state=AgreementDocument.State.DRAFT)
            .first()
        )
        if draft is None:
            last = step.case.agreement_documents.order_by("-version").first()
            draft = AgreementDocument(case=step.case, version=(last.version + 1) if last else 1)
        draft.intro, draft.sections, draft.closing = intro, new_sections, closing
        draft.save()
        step.detail = {"document_id": draft.pk, "version": draft.version}
        return draft

    return case_step_record(
        actor=actor,
        case=case,
        action="agreement_draft_save",
        event_type=EventType.AGREEMENT_DRAFTED,
        on=clock.today(),
        apply=apply,
        not_before=None,
    )


def agreement_issue(*, actor: Who, case: Case) -> AgreementDocument:
    """Issue the draft: freeze the agreed actions with their dates, number it, give it a
    verification code and render the signed PDF. The version in force before it is kept,
    marked superseded. After the commit, the family is sent it (``notifications.sending``)."""
    action_require(actor, case, "agreement_issue")
    if not case.agreement_documents.filter(state=AgreementDocument.State.DRAFT).exists():
        raise ValidationError("There is no draft to issue. Save the wording first.", field=None)

    def apply(step: Step) -> AgreementDocument:
        today = step.on
        draft = (
            AgreementDocument.objects.select_for_update()
            .filter(case=step.case, state=AgreementDocument.State.DRAFT)
            .first()
        )
        if draft is None:
            raise ValidationError("There is no draft to issue. Save the wording first.")
        previous = (
            AgreementDocument.objects.select_for_update()
            .filter(case=step.case, state=AgreementDocument.State.ISSUED)
            .first()
        )
        if previous is not None:
            previous.state = AgreementDocument.State.SUPERSEDED
            previous.superseded_on = today
            previous.save(update_fields=["state", "superseded_on"])
        draft.sections = content.sections_current(step.case, draft.sections)
        draft.actions = content.agreed_actions(step.case)
        draft.number = f"{step.case.reference}-A{draft.version}"
        draft.issued_on = today
        draft.issued_by = user_of(actor)
        draft.state = AgreementDocument.State.ISSUED
        draft.pdf = rendering.agreement_pdf(agreement_data(draft))
        draft.save()
        step.detail = {"document_id": draft.pk, "version": draft.version, "number": draft.number}
        return draft

    document = case_step_record(
        actor=actor,
        case=case,
        action="agreement_issue",
        event_type=EventType.AGREEMENT_ISSUED,
        on=clock.today(),
        apply=apply,
        not_before=None,
    )
    transaction.on_commit(lambda: _send_to_family(case, document.number))
    return document


def _send_to_family(case: Case, number: str) -> None:
    """Send the issued agreement to the family by their chosen channel (and a note to the
    mediator), once per version; and, when some issues remain in dispute, the one-page summary
    they can attach to their appeal."""
    document_send_to_family(case=case, kind="agreement", number=number)
    if content.remaining_issues(case):
        summary = issues_summary_get(case=case)
        document_send_to_family(case=case, kind="remaining_issues", number=summary.number)


class _AlreadyConfirmed(ValidationError):
    """This party has confirmed receiving this version already: nothing more is recorded."""


def _receipt_record(
    *, actor: Who, case: Case, action: str, party: str, owner: str | None
) -> AgreementReceipt:
    document = case.agreement_documents.filter(state=AgreementDocument.State.ISSUED).first()
    if document is None:
        raise ValidationError("There is no issued agreement to confirm.", field=None)
    existing = document.receipts.filter(party=party).first()
    if existing is not None:
        return existing  # confirmed once; a repeat changes nothing

    def apply(step: Step) -> AgreementReceipt:
        if document.receipts.filter(party=party).exists():
            raise _AlreadyConfirmed("Already confirmed.")
        receipt = AgreementReceipt.objects.create(
            document=document, party=party, confirmed_by=user_of(actor)
        )
        step.detail = {"document_id": document.pk, "version": document.version, "party": party}
        return receipt

    try:
        return case_step_record(
            actor=actor,
            case=case,
            action=action,
            event_type=EventType.AGREEMENT_RECEIVED,
            on=clock.today(),
            apply=apply,
            owner=owner,
            not_before=None,
        )
    except _AlreadyConfirmed:
        return document.receipts.get(party=party)


def receipt_party(actor: Who, case: Case) -> tuple[str, str]:
    """Which party an officer confirms for (and the catalogue's owner for ``owned``): the
    case's LA's officers for the LA, a health commissioner for the health body."""
    actor = as_actor(actor)
    if actor.is_officer_of(case.local_authority_id):
        return Party.LOCAL_AUTHORITY, LA_OWNER
    if actor.commissioning_body_ids:
        return Party.COMMISSIONING_BODY, HEALTH_OWNER
    raise ValidationError("Only the local authority's or health body's officers confirm here.")


def agreement_receipt_confirm(*, actor: Who, case: Case) -> AgreementReceipt:
    """An LA officer or a health commissioner confirms their side received the agreement."""
    try:
        party, owner = receipt_party(actor, case)
    except ValidationError:
        action_require(actor, case, "agreement_receipt_confirm")  # others: as if no case
        raise
    return _receipt_record(
        actor=actor, case=case, action="agreement_receipt_confirm", party=party, owner=owner
    )


def agreement_receipt_family(*, actor: FamilyActor, case: Case) -> AgreementReceipt:
    """The family confirms they received the agreement, through their status link."""
    return _receipt_record(
        actor=actor,
        case=case,
        action="agreement_receipt_family",
        party=Party.FAMILY,
        owner=None,
    )


# -- rendering data ------------------------------------------------------------------------------


def _verify_url() -> str:
    return settings.SENDRESOLVE_BASE_URL + reverse("public:verify")


def _contact(case: Case) -> str:
    return ", ".join(letterhead(case.provider).contact_lines)


def _letterhead(case: Case) -> dict:
    """The provider's address and logo at the top of the document (issue 23, ``branding``)."""
    head = letterhead(case.provider)
    return {"provider_address": head.address, "provider_logo": head.logo}


def agreement_data(document: AgreementDocument, *, draft: bool = False) -> rendering.AgreementData:
    """What a version prints. A draft shows today's actions and no code; an issued version
    its frozen actions and its verification code (made in the issuing transaction)."""
    case = document.case
    agreement = Agreement.objects.filter(case=case).first()
    sections = content.sections_current(case, document.sections) if draft else document.sections
    previous = (
        case.agreement_documents.filter(version__lt=document.version)
        .exclude(state=AgreementDocument.State.DRAFT)
        .order_by("-version")
        .values_list("number", flat=True)
        .first()
    )
    issuer = document.issued_by
    number = document.number or f"{case.reference}-A{document.version}"
    return rendering.AgreementData(
        number=number,
        version=document.version,
        replaces_number=previous or "",
        issue_date=document.issued_on or clock.today(),
        agreed_on=agreement.agreed_on if agreement else clock.today(),
        issuer_name=(issuer.get_full_name() or issuer.get_username()) if issuer else "",
        provider_name=case.provider.name,
        provider_contact=_contact(case),
        **_letterhead(case),
        local_authority_name=case.local_authority.name,
        case_reference=case.reference,
        child_name=case.child_name,
        family_name=case.requester_name,
        intro=document.intro,
        sections=tuple(
            {**section, "result_label": content.result_label(section.get("result", ""))}
            for section in sections
        ),
        actions=tuple(content.agreed_actions(case) if draft else document.actions),
        different_timescale=agreement.different_timescale if agreement else "",
        closing=document.closing,
        verification_code=""
        if draft
        else verification_code_issue(kind=VerificationCode.Kind.AGREEMENT, number=number),
        verify_url=_verify_url(),
        draft=draft,
    )


def agreement_preview_pdf(document: AgreementDocument) -> bytes:
    """A draft as it would print, marked as a draft, unsigned and without a code."""
    return rendering.agreement_pdf(agreement_data(document, draft=True))


def issues_summary_get(*, case: Case) -> IssuesSummary:
    """The case's issues-still-in-dispute summary, made (numbered, coded, rendered and signed)
    the first time anyone entitled asks for it, after mediation has an outcome. The caller has
    checked who is asking."""
    found = IssuesSummary.objects.filter(case=case).first()
    if found is not None:
        return found
    if not case.outcomes.exists():
        raise NotFound("No outcome of mediation is recorded yet.")
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        found = IssuesSummary.objects.filter(case=case).first()
        if found is not None:
            return found
        summary = IssuesSummary(
            case=case,
            number=f"{case.reference}-RI",
            issued_on=clock.today(),
            issues=content.remaining_issues(case),
        )
        code = verification_code_issue(
            kind=VerificationCode.Kind.REMAINING_ISSUES, number=summary.number
        )
        summary.pdf = rendering.summary_pdf(summary_data(summary, verification_code=code))
        summary.save()
        audit_record(
            actor=None,
            action="agreement.summary.issue",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
            detail={"summary_number": summary.number},
        )
    return summary


def summary_data(summary: IssuesSummary, *, verification_code: str) -> rendering.SummaryData:
    case = summary.case
    held = tuple(
        case.events.filter(type=EventType.SESSION_HELD)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
    )
    certificate = (
        case.certificates.filter(
            superseded_on__isnull=True, kind=Certificate.Kind.MEDIATION_CONCLUDED
        )
        .values_list("number", flat=True)
        .first()
    )
    return rendering.SummaryData(
        number=summary.number,
        issue_date=summary.issued_on,
        provider_name=case.provider.name,
        provider_contact=_contact(case),
        **_letterhead(case),
        local_authority_name=case.local_authority.name,
        case_reference=case.reference,
        child_name=case.child_name,
        family_name=case.requester_name,
        mediation_dates=held,
        issues=tuple(
            {"label": item["label"], "result_label": content.result_label(item["result"])}
            for item in summary.issues
        ),
        certificate_number=certificate or "",
        verification_code=verification_code,
        verify_url=_verify_url(),
    )


def document_opened(*, actor: Who, case: Case, number: str, via: str) -> None:
    """Audit a download of an agreement or the summary (``via``: staff, api or family)."""
    audit_record(
        actor=None if via == "family" else actor,
        action="family.agreement.download" if via == "family" else "case.agreement.download",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"number": number, "via": via},
    )


# -- retention and subject access ---------------------------------------------------------------


def agreement_documents_anonymise(case_ids: list[int]) -> None:
    """Retention (``retention.services``): the wording and the PDFs name the family and the
    child, so they go with the case's personal details; numbers, versions, dates, states and
    who confirmed receiving each stay, as for certificates."""
    AgreementDocument.objects.filter(case_id__in=case_ids).update(
        intro="", sections=[], closing="", actions=[], pdf=b"", updated_at=clock.now()
    )
    IssuesSummary.objects.filter(case_id__in=case_ids).update(pdf=b"")


def agreement_documents_listed(case: Case) -> list[dict[str, Any]]:
    """Subject access (``retention.subject_access``): each issued version and the summary of
    issues in dispute, as the family was sent them (drafts are the mediator's work, not yet
    anything held about the family as sent)."""
    versions = [
        {
            "number": document.number,
            "version": document.version,
            "state": document.get_state_display(),
            "issued_on": document.issued_on,
            "superseded_on": document.superseded_on,
            "received": [
                {"by": receipt.get_party_display(), "on": receipt.confirmed_at}
                for receipt in document.receipts.all()
            ],
        }
        for document in case.agreement_documents.exclude(state=AgreementDocument.State.DRAFT)
        .defer("pdf")
        .prefetch_related("receipts")
    ]
    summary = IssuesSummary.objects.filter(case=case).defer("pdf").first()
    return versions + (
        [
            {
                "number": summary.number,
                "kind": "Issues still in dispute",
                "issued_on": summary.issued_on,
                "issues": [item["label"] for item in summary.issues],
            }
        ]
        if summary is not None
        else []
    )
