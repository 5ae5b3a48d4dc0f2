"""'Tell us what you think' and 'Ask for this in another format', linked from every page.

Both are linked to the provider and LA the visitor was last dealing with in this session (a
request's council, a status page's case), so providers can read what was said about them.
A format request must reach someone: its council comes from that session, else from the route
finder's answers (the family's own cookie), else the form asks "Which council?"; the service
routes it to the provider commissioned for that council (``feedback.services``).
"""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.feedback.pages import page_name
from sendresolve.feedback.services import feedback_record, format_request_record
from sendresolve.public.family.format_forms import FormatRequestForm
from sendresolve.public.family.forms import FeedbackForm
from sendresolve.public.family.visit import FEEDBACK_CONTEXT_KEY
from sendresolve.public.finder import answers as finder_answers
from sendresolve.tenancy.models import LocalAuthority, Provider

TEMPLATES = "public/family/"
# A status link's token is a key to a case: it must never be stored with feedback.
STATUS_PATH = re.compile(r"^/your-case/[^/]+/.*$")


def _page(value: str) -> str:
    value = (value or "").split("?")[0]
    if not value.startswith("/") or value.startswith("//"):
        return ""
    if STATUS_PATH.match(value) and not value.startswith("/your-case/new-link"):
        return "/your-case/"
    return value[:200]


def _tenants(request: HttpRequest) -> dict:
    context = request.session.get(FEEDBACK_CONTEXT_KEY) or {}
    la_id, provider_id = context.get("local_authority"), context.get("provider")
    return {
        "local_authority": LocalAuthority.objects.filter(pk=la_id).first() if la_id else None,
        "provider": Provider.objects.filter(pk=provider_id).first() if provider_id else None,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            feedback_record(
                satisfaction=form.cleaned_data["satisfaction"],
                improvement=form.cleaned_data["improvement"],
                page=_page(form.cleaned_data["page"]),
                **_tenants(request),
            )
            return redirect("public:family-feedback-sent")
        status = 400
    else:
        form = FeedbackForm(initial={"page": _page(request.GET.get("page", ""))})
        status = 200
    return render(
        request,
        TEMPLATES + "feedback.html",
        {"form": form, "page_has_errors": bool(form.errors)},
        status=status,
    )


def _format_tenants(request: HttpRequest) -> dict:
    """The council (and provider) of the case or request this visit was about, else the council
    the route finder's answers name, else none (the form then asks)."""
    tenants = _tenants(request)
    if tenants["local_authority"] is None:
        code = finder_answers.read(request).get("council")
        if isinstance(code, str) and code:
            tenants["local_authority"] = LocalAuthority.objects.filter(dfe_code=code).first()
    return tenants


@require_GET
def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "feedback_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def another_format(request: HttpRequest) -> HttpResponse:
    tenants = _format_tenants(request)
    ask_council = tenants["local_authority"] is None
    if request.method == "POST":
        form = FormatRequestForm(request.POST, ask_council=ask_council)
        if form.is_valid():
            if ask_council:
                tenants = {"local_authority": form.council(), "provider": None}
            format_request_record(
                kind=form.cleaned_data["format"],
                detail=form.cleaned_data["detail"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                page=_page(form.cleaned_data["page"]),
                **tenants,
            )
            return redirect("public:family-format-sent")
        status = 400
    else:
        form = FormatRequestForm(
            initial={"page": _page(request.GET.get("page", ""))}, ask_council=ask_council
        )
        status = 200
    page = _page(form["page"].value() or "")
    return render(
        request,
        TEMPLATES + "format.html",
        {
            "form": form,
            "page_has_errors": bool(form.errors),
            "page_name": page_name(page) if page else "",
            "local_authority": tenants["local_authority"],
        },
        status=status,
    )


@require_GET
def format_sent(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "format_sent.html")
