"""The family's status page and certificates (through a signed link), and asking for a new link.

Asking for a new link always ends on the same page, whether or not the details matched a case,
so the form cannot be used to find out who has a case. It is rate-limited by the client's
address and by (case, address), never by case alone, and a case is sent only a few links an hour
(``public/family/ratelimit.py``).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Certificate
from sendresolve.core.http import certificate_removed
from sendresolve.public.family import ratelimit
from sendresolve.public.family.forms import NewLinkForm
from sendresolve.public.family.links import (
    LinkExpired,
    LinkInvalid,
    case_for_token,
    contact_matches,
    link_days,
    status_link_send,
)
from sendresolve.public.family.status import family_certificates, status_sentence, upcoming_dates
from sendresolve.public.family.visit import remember_for_feedback

TEMPLATES = "public/family/status/"


def _private(response: HttpResponse) -> HttpResponse:
    """The page's address is a key to the case: keep it out of referrers, caches and search."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _case_or_error_page(request: HttpRequest, token: str) -> Case | HttpResponse:
    try:
        return case_for_token(token)
    except LinkExpired:
        return _private(
            render(
                request,
                TEMPLATES + "link_expired.html",
                {"days": link_days(), "feedback_page": "/your-case/"},
                status=410,
            )
        )
    except LinkInvalid:
        return _private(
            render(
                request,
                TEMPLATES + "link_invalid.html",
                {"feedback_page": "/your-case/"},
                status=404,
            )
        )


@never_cache
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    audit_record(
        actor=None,
        action="family.status.read",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
    )
    remember_for_feedback(request, case.local_authority, case.provider)
    return _private(
        render(
            request,
            TEMPLATES + "status.html",
            {
                "case": case,
                "token": token,
                "sentence": status_sentence(case),
                "upcoming": upcoming_dates(case),
                "certificates": list(family_certificates(case)),
                "provider": case.provider,
                "local_authority": case.local_authority,
                "feedback_page": "/your-case/",
            },
        )
    )


@never_cache
@require_GET
def certificate(request: HttpRequest, token: str, number: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    try:
        found = Certificate.objects.get(case=case, number=number)
    except Certificate.DoesNotExist:
        raise Http404("No such certificate") from None
    audit_record(
        actor=None,
        action="family.certificate.download",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"certificate_id": found.pk},
    )
    if not found.pdf:
        return certificate_removed()
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.number}.pdf"'
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NewLinkForm(request.POST)
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            if not ratelimit.ask_allowed(request, reference):
                return render(request, TEMPLATES + "too_many.html", status=429)
            case = (
                Case.objects.select_related("provider", "local_authority")
                .filter(reference=reference)
                .first()
            )
            matched = contact_matches(case, form.cleaned_data["contact"]) if case else None
            if case is not None and matched and ratelimit.send_allowed(case):
                status_link_send(
                    case=case, base_url=request.build_absolute_uri("/"), matched=matched
                )
            return redirect("public:family-new-link-sent")
        status = 400
    else:
        form = NewLinkForm()
        status = 200
    return render(
        request,
        TEMPLATES + "new_link.html",
        {"form": form, "page_has_errors": bool(form.errors)},
        status=status,
    )


@require_GET
def new_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        TEMPLATES + "new_link_sent.html",
        {
            "days": link_days(),
            "per_hour": ratelimit.SENDS_PER_HOUR,
            "per_day": ratelimit.SENDS_PER_DAY,
        },
    )
