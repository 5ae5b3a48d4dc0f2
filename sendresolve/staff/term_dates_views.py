"""School term dates an LA sets itself (issue 24): its officers, the managers of providers it
commissions and administrators list, add and remove its terms and closure (INSET) days.

The exclusion clocks (15 school days, law.md §10.10) count these dates in preference to the
published ones shipped with the law core. Another LA's dates answer 404. Views parse, call one
service of ``sendresolve.schoolterms`` and render. Sending a form twice records once: the
services find the same term or day already there.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.law.school_days import TermDatesUnknown, school_terms
from sendresolve.schoolterms import selectors
from sendresolve.schoolterms import services as term_services
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.term_dates_forms import ClosureForm, TermForm
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import LocalAuthority


def _authority(request: ActorRequest, dfe_code: str) -> LocalAuthority:
    return selectors.term_date_authority_get(request.actor, dfe_code=dfe_code, on=clock.today())


@login_required
@require_GET
def term_dates_index(request: ActorRequest) -> HttpResponse:
    """The LAs whose term dates the user may set (straight to the one, if only one)."""
    authorities = list(selectors.term_date_authorities(request.actor, on=clock.today()))
    if len(authorities) == 1:
        return redirect("staff:term-dates", authorities[0].dfe_code)
    return render(request, "staff/term_dates_index.html", {"authorities": authorities})


@login_required
@require_GET
@tenant_404
def term_dates(request: ActorRequest, dfe_code: str) -> HttpResponse:
    local_authority = _authority(request, dfe_code)
    try:
        published = school_terms(local_authority.name)
    except TermDatesUnknown:
        published = None
    audit_record(actor=request.actor, action="school_term.list", local_authority=local_authority)
    return render(
        request,
        "staff/term_dates.html",
        {
            "local_authority": local_authority,
            "terms": list(selectors.terms_of(local_authority)),
            "closures": list(selectors.closures_of(local_authority)),
            "published": published,
        },
    )


def _form_page(request, form, *, local_authority, title, button, template) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "local_authority": local_authority, "title": title, "button": button},
        status=400 if form.errors else 200,
    )


def _add_error(form, error: ValidationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def term_new(request: ActorRequest, dfe_code: str) -> HttpResponse:
    local_authority = _authority(request, dfe_code)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = term_services.term_add(
                actor=request.actor, local_authority=local_authority, **form.cleaned_data
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                f"Term added\nFrom {term.starts_on:%-d %B %Y} to {term.ends_on:%-d %B %Y}. "
                "Exclusion time limits for your schools now count your own dates.",
            )
            return redirect("staff:term-dates", local_authority.dfe_code)
    return _form_page(
        request,
        form,
        local_authority=local_authority,
        title="Add a term",
        button="Add term",
        template="staff/term_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def closure_new(request: ActorRequest, dfe_code: str) -> HttpResponse:
    local_authority = _authority(request, dfe_code)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = term_services.closure_add(
                actor=request.actor, local_authority=local_authority, day=form.cleaned_data["day"]
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"Closure day added\n{closure.day:%A %-d %B %Y}.")
            return redirect("staff:term-dates", local_authority.dfe_code)
    return _form_page(
        request,
        form,
        local_authority=local_authority,
        title="Add a day schools are closed",
        button="Add closure day",
        template="staff/term_form.html",
    )


@login_required
@require_POST
@tenant_404
def term_remove(request: ActorRequest, dfe_code: str, term_id: int) -> HttpResponse:
    local_authority = _authority(request, dfe_code)
    term_services.term_remove(actor=request.actor, local_authority=local_authority, term_id=term_id)
    messages.success(request, "Term removed")
    return redirect("staff:term-dates", local_authority.dfe_code)


@login_required
@require_POST
@tenant_404
def closure_remove(request: ActorRequest, dfe_code: str, closure_id: int) -> HttpResponse:
    local_authority = _authority(request, dfe_code)
    term_services.closure_remove(
        actor=request.actor, local_authority=local_authority, closure_id=closure_id
    )
    messages.success(request, "Closure day removed")
    return redirect("staff:term-dates", local_authority.dfe_code)
