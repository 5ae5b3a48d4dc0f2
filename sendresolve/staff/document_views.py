"""Staff pages for a case's documents: the list, adding one, and downloading one.

Views parse, call one selector or the catalogue's ``document_add`` action, and render; who sees
which document is ``casefiles.selectors``, who may add one is the catalogue and its service.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.casefiles import selectors
from sendresolve.casefiles.content import ALLOWED_WORDS
from sendresolve.casefiles.http import document_response
from sendresolve.casefiles.services import document_opened
from sendresolve.casefiles.uploads import max_words, upload_too_large
from sendresolve.cases.permissions import can_act, is_provider_side
from sendresolve.cases.privacy import HEALTH_OWNER, LA_OWNER
from sendresolve.core.errors import NotFound
from sendresolve.staff.case_views import case_or_404, form_perform, form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.document_forms import VISIBILITY_HINTS, DocumentForm, ShareForm
from sendresolve.tenancy.actors import ActorRequest


def _may_add(request: ActorRequest, case) -> bool:
    owner = LA_OWNER if request.actor.is_officer_of(case.local_authority_id) else HEALTH_OWNER
    return can_act(request.actor, case, "document_add", action_owner=owner)


@login_required
@require_GET
@tenant_404
def document_list(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    documents = list(selectors.documents_for(request.actor, case))
    audit_record(
        actor=request.actor,
        action="case.read.documents",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"count": len(documents)},
    )
    return render(
        request,
        "staff/documents.html",
        {
            "case": case,
            "documents": documents,
            "may_add": _may_add(request, case),
            "may_share": can_act(request.actor, case, "document_share"),
            "provider_side": is_provider_side(request.actor, case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def document_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not _may_add(request, case):
        raise Http404("No such action")
    provider_side = is_provider_side(request.actor, case)
    form = DocumentForm(request.POST or None, request.FILES or None, provider_side=provider_side)
    if request.method == "POST":
        if upload_too_large(request):
            form.add_error("file", f"The selected file must be smaller than {max_words()}")
        elif form.is_valid():
            data = form.cleaned_data
            if form_perform(
                form,
                request,
                case,
                "document_add",
                upload=data["file"],
                kind=data["kind"],
                visibility=data["visibility"],
                confidential=bool(data.get("confidential")),
            ):
                return redirect("staff:documents", reference=case.reference)
    return form_render(
        request,
        "staff/document_new.html",
        form,
        {
            "case": case,
            "max_words": max_words(),
            "allowed_words": ALLOWED_WORDS,
            "visibility_hints": VISIBILITY_HINTS,
        },
    )


@never_cache
@login_required
@require_GET
@tenant_404
def document_download(request: ActorRequest, reference: str, document_id: int) -> HttpResponseBase:
    case = case_or_404(request, reference)
    try:
        document = selectors.document_get(request.actor, case, document_id=document_id)
    except NotFound:
        raise Http404("No such document") from None
    document_opened(actor=request.actor, document=document, via="staff")
    return document_response(document)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def document_share(request: ActorRequest, reference: str, document_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "document_share"):
        raise Http404("No such action")
    try:
        document = selectors.document_get(request.actor, case, document_id=document_id)
    except NotFound:
        raise Http404("No such document") from None
    form = ShareForm(request.POST or None, initial={"visibility": document.visibility})
    if request.method == "POST" and form.is_valid():
        visibility = form.cleaned_data["visibility"]
        if form_perform(
            form, request, case, "document_share", document=document, visibility=visibility
        ):
            return redirect("staff:documents", reference=case.reference)
    return form_render(
        request,
        "staff/document_share.html",
        form,
        {"case": case, "document": document, "visibility_hints": VISIBILITY_HINTS},
    )
