"""The family's agreement and summary, through their status link: download an issued version
of the agreement and the summary of the issues still in dispute, and confirm they received the
agreement (the catalogue's family action, once per submission).

The link is the family's permission (``public/family/links.py``): a link we did not issue for
the case answers 404, an old one 410, as the status page does. The family never sees a draft.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.agreements import content, selectors
from sendresolve.agreements.http import pdf_response
from sendresolve.agreements.services import document_opened, issues_summary_get
from sendresolve.cases.models import Case
from sendresolve.cases.recorder import action_perform
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.public.family.links import LinkExpired, LinkInvalid, case_for_token, link_days
from sendresolve.tenancy.actors import FamilyActor

TEMPLATES = "public/family/status/"
SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")


def _private(response: HttpResponse, referrer: str = "no-referrer") -> HttpResponse:
    """The address is a key to the case: keep it out of referrers and search. A page with a
    form sends its address to this site only ("same-origin"): under "no-referrer" the browser
    posts the form with ``Origin: null``, which Django's CSRF check refuses."""
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _case(request: HttpRequest, token: str) -> Case | HttpResponse:
    try:
        return case_for_token(token)
    except LinkExpired:
        context = {"days": link_days(), "feedback_page": "/your-case/"}
        return _private(render(request, TEMPLATES + "link_expired.html", context, status=410))
    except LinkInvalid:
        context = {"feedback_page": "/your-case/"}
        return _private(render(request, TEMPLATES + "link_invalid.html", context, status=404))


def family_agreement_context(case: Case) -> dict[str, Any]:
    """What the status page shows about the agreement document and the issues still in
    dispute (its ``agreements/_family_status.html`` include)."""
    current = selectors.document_in_force(case)
    return {
        "agreement_current": current,
        "agreement_earlier": [d for d in selectors.issued_documents(case) if d != current],
        "agreement_received": selectors.family_confirmed(current),
        "outcome_recorded": case.outcomes.exists(),
        "remaining_issues": content.remaining_issues(case),
        "result_label": content.result_label,
    }


@never_cache
@require_GET
def agreement_pdf(request: HttpRequest, token: str, number: str) -> HttpResponse:
    case = _case(request, token)
    if isinstance(case, HttpResponse):
        return case
    try:
        document = selectors.issued_document_get(case, number=number)
    except NotFound:
        raise Http404("No such agreement") from None
    document_opened(actor=None, case=case, number=document.number, via="family")
    return _private(pdf_response(document.pdf, document.number))


@never_cache
@require_GET
def issues_pdf(request: HttpRequest, token: str) -> HttpResponse:
    case = _case(request, token)
    if isinstance(case, HttpResponse):
        return case
    try:
        summary = issues_summary_get(case=case)
    except NotFound:
        raise Http404("No outcome yet") from None
    document_opened(actor=None, case=case, number=summary.number, via="family")
    return _private(pdf_response(summary.pdf, summary.number))


@never_cache
@require_http_methods(["GET", "POST"])
def agreement_received(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm you received the agreement: one question page with one button."""
    case = _case(request, token)
    if isinstance(case, HttpResponse):
        return case
    current = selectors.document_in_force(case)
    if current is None:
        raise Http404("No agreement to confirm")
    if request.method == "POST":
        key = request.POST.get("submission_key", "")
        try:
            action_perform(
                "agreement_receipt_family",
                actor=FamilyActor(user=None, user_id=None, case_id=case.pk),
                case=case,
                submission_key=key if SUBMISSION_KEY.fullmatch(key) else "",
            )
        except ValidationError:
            raise Http404("No agreement to confirm") from None
        status = reverse("public:family-status", kwargs={"token": token})
        return redirect(f"{status}#agreement-document")
    return _private(
        render(
            request,
            "agreements/family_confirm.html",
            {
                "case": case,
                "token": token,
                "current": current,
                "received": selectors.family_confirmed(current),
                "feedback_page": "/your-case/",
            },
        ),
        "same-origin",
    )


# Included under /your-case/<token>/ (``public/family/urls.py``).
urlpatterns = [
    path("agreement/<agreement_number:number>.pdf", agreement_pdf, name="family-agreement"),
    path("agreement/received/", agreement_received, name="family-agreement-received"),
    path("issues-in-dispute.pdf", issues_pdf, name="family-issues-in-dispute"),
]
