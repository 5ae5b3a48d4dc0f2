"""Staff pages for the agreement document: the agreement page (versions, who confirmed
receiving each, the draft's preview), editing the wording, issuing, confirming receipt (LA and
health officers), and the PDFs.

Views parse, call one selector or catalogue action, and render. Whoever sees the case sees the
page; drafts are the provider's only (``agreements.selectors``). Every read and download is
audited.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.agreements import content, selectors
from sendresolve.agreements.http import pdf_response
from sendresolve.agreements.models import Party
from sendresolve.agreements.rendering import paragraphs
from sendresolve.agreements.services import (
    agreement_preview_pdf,
    document_opened,
    issues_summary_get,
    receipt_party,
)
from sendresolve.agreements.staff_forms import AgreementWordingForm
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Agreement
from sendresolve.cases.permissions import can_act
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.staff.case_views import button_perform, case_or_404, form_perform, form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest


def _may_confirm(request: ActorRequest, case) -> str | None:
    """The party the officer would confirm for, if they may."""
    try:
        party, owner = receipt_party(request.actor, case)
    except ValidationError:
        return None
    if not can_act(request.actor, case, "agreement_receipt_confirm", action_owner=owner):
        return None
    return party


@login_required
@require_GET
@tenant_404
def agreement_page(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not case.outcomes.exists():
        raise Http404("No outcome of mediation yet")
    versions = list(selectors.documents_for(request.actor, case))
    current = next((v for v in versions if v.state == "issued"), None)
    draft = next((v for v in versions if v.state == "draft"), None)
    audit_record(
        actor=request.actor,
        action="case.read.agreement",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"versions": len(versions)},
    )
    party = _may_confirm(request, case)
    return render(
        request,
        "agreements/agreement.html",
        {
            "case": case,
            "agreement": Agreement.objects.filter(case=case).first(),
            "versions": versions,
            "current": current,
            "draft": draft,
            "draft_sections": content.sections_current(case, draft.sections) if draft else [],
            "draft_actions": content.agreed_actions(case) if draft else [],
            "result_label": content.result_label,
            "remaining": content.remaining_issues(case),
            "may_draft": can_act(request.actor, case, "agreement_draft_save"),
            "may_issue": draft is not None and can_act(request.actor, case, "agreement_issue"),
            "confirm_party": party
            if current is not None and party and not selectors.confirmed(current, party)
            else None,
            "parties": dict(Party.choices),
            "paragraphs": paragraphs,
            "iso_date": content.iso_date,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def agreement_edit(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    agreement = Agreement.objects.filter(case=case).first()
    if not can_act(request.actor, case, "agreement_draft_save") or agreement is None:
        raise Http404("No such action")
    draft = selectors.draft_for(case)
    source = draft or selectors.document_in_force(case)
    if source is not None:
        initial = {"intro": source.intro, "closing": source.closing}
        sections = content.sections_current(case, source.sections)
    else:
        default = content.draft_default(case, agreement)
        initial = {"intro": default["intro"], "closing": default["closing"]}
        sections = default["sections"]
    initial.update({f"section-{s['issue']}": s["text"] for s in sections})
    form = AgreementWordingForm(request.POST or None, initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        if form_perform(
            form,
            request,
            case,
            "agreement_draft_save",
            intro=form.cleaned_data["intro"],
            sections=form.section_texts(),
            closing=form.cleaned_data["closing"],
        ):
            return redirect("staff:agreement", reference=case.reference)
    return form_render(
        request,
        "agreements/edit.html",
        form,
        {
            "case": case,
            "sections": sections,
            "result_label": content.result_label,
            "next_version": draft.version
            if draft
            else (source.version + 1 if source is not None else 1),
        },
    )


@login_required
@require_POST
@tenant_404
def agreement_issue(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "agreement_issue"):
        raise Http404("No such action")
    response = button_perform(request, case, "agreement_issue")
    return _to_agreement_page(response, case)


@login_required
@require_POST
@tenant_404
def agreement_receipt(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if _may_confirm(request, case) is None:
        raise Http404("No such action")
    response = button_perform(request, case, "agreement_receipt_confirm")
    return _to_agreement_page(response, case)


def _to_agreement_page(response: HttpResponse, case) -> HttpResponse:
    """After a button: back to the agreement page (a broken rule keeps its error page)."""
    if response.status_code == 302:
        return redirect("staff:agreement", reference=case.reference)
    return response


@never_cache
@login_required
@require_GET
@tenant_404
def draft_pdf(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    draft = selectors.draft_for(case)
    if draft is None or not selectors.sees_drafts(request.actor, case):
        raise Http404("No draft")
    document_opened(actor=request.actor, case=case, number=f"draft-v{draft.version}", via="staff")
    return pdf_response(agreement_preview_pdf(draft), f"{case.reference}-draft-v{draft.version}")


@never_cache
@login_required
@require_GET
@tenant_404
def agreement_pdf(request: ActorRequest, reference: str, number: str) -> HttpResponse:
    case = case_or_404(request, reference)
    try:
        document = selectors.issued_document_get(case, number=number)
    except NotFound:
        raise Http404("No such agreement") from None
    document_opened(actor=request.actor, case=case, number=document.number, via="staff")
    return pdf_response(document.pdf, document.number)


@never_cache
@login_required
@require_GET
@tenant_404
def issues_pdf(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    try:
        summary = issues_summary_get(case=case)
    except NotFound:
        raise Http404("No outcome yet") from None
    document_opened(actor=request.actor, case=case, number=summary.number, via="staff")
    return pdf_response(summary.pdf, summary.number)


CASE = "cases/<case_ref:reference>/agreement/"

# Included in the staff URLs (``staff/urls.py``), so the names are ``staff:agreement…``.
urlpatterns = [
    path(CASE, agreement_page, name="agreement"),
    path(f"{CASE}edit/", agreement_edit, name="agreement-edit"),
    path(f"{CASE}issue/", agreement_issue, name="agreement-issue"),
    path(f"{CASE}received/", agreement_receipt, name="agreement-receipt"),
    path(f"{CASE}draft.pdf", draft_pdf, name="agreement-draft-pdf"),
    path(f"{CASE}<agreement_number:number>.pdf", agreement_pdf, name="agreement-pdf"),
    path(f"{CASE}issues-in-dispute.pdf", issues_pdf, name="issues-in-dispute-pdf"),
]
