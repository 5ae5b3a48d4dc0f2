"""Staff quality pages (``/staff/quality/``): targets, survey results and complaints.

For a provider's managers only; everyone else gets 404, as for another tenant's objects. Views
parse a form, call one selector or service, and render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.quality import complaints, services, survey
from sendresolve.quality.forms import ComplaintForm, ResponseForm, TargetsForm
from sendresolve.quality.models import KpiTarget
from sendresolve.quality.targets import (
    AMBER_POINTS,
    KPIS,
    commission_targets,
    manager_provider_ids,
)
from sendresolve.reports.forms import financial_year_start
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import Commission
from sendresolve.tenancy.selectors import commissions_active_on

SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")


def manager_page(view: Callable) -> Callable:
    """Signed in and a provider's manager; another provider's objects 404."""

    @login_required
    @wraps(view)
    def wrapper(request: ActorRequest, *args, **kwargs):
        if not manager_provider_ids(request.actor):
            raise Http404("Not found")
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404("Not found") from None

    return wrapper


@require_GET
@manager_page
def home(request: ActorRequest) -> HttpResponse:
    """Each commission in force with its targets rated for this financial year so far, the
    survey results by LA, and how many complaints are overdue."""
    today = clock.today()
    date_from = financial_year_start(today)
    providers = manager_provider_ids(request.actor)
    commissions = (
        Commission.objects.filter(commissions_active_on(today), provider_id__in=sorted(providers))
        .select_related("provider", "local_authority")
        .order_by("local_authority__name")
    )
    rows = [commission_targets(c, date_from=date_from, date_to=today) for c in commissions]
    listed = complaints.complaints_listed(request.actor, today=today)
    return render(
        request,
        "quality/home.html",
        {
            "rows": rows,
            "date_from": date_from,
            "today": today,
            "amber_points": AMBER_POINTS,
            "survey": survey.survey_summary(
                provider_ids=providers, date_from=date_from, date_to=today
            ),
            "overdue": sum(1 for c, late in listed if c.response_sent_on is None and late > 0),
            "open": sum(1 for c, _ in listed if c.response_sent_on is None),
            "several_providers": len(providers) > 1,
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def targets_edit(request: ActorRequest, commission_id: int) -> HttpResponse:
    commission = services.managed_commission(request.actor, commission_id=commission_id)
    current = KpiTarget.objects.filter(commission=commission).first()
    if request.method == "POST":
        form = TargetsForm(request.POST)
        if form.is_valid():
            try:
                services.targets_set(
                    actor=request.actor,
                    commission_id=commission.pk,
                    **{key: form.cleaned_data[key] for key, _, _ in KPIS},
                )
            except ValidationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    f"Targets saved\nThe targets for {commission.local_authority.name} are saved.",
                )
                return redirect("staff:quality")
    else:
        form = TargetsForm(
            initial={key: getattr(current, key) for key, _, _ in KPIS} if current else None
        )
    return render(
        request,
        "quality/targets.html",
        {"form": form, "commission": commission, "amber_points": AMBER_POINTS},
        status=400 if form.errors else 200,
    )


@require_GET
@manager_page
def complaint_list(request: ActorRequest) -> HttpResponse:
    today = clock.today()
    return render(
        request,
        "quality/complaints.html",
        {
            "rows": complaints.complaints_listed(request.actor, today=today),
            "today": today,
            "working_days": complaints.RESPONSE_WORKING_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def complaint_new(request: ActorRequest) -> HttpResponse:
    providers = sorted(manager_provider_ids(request.actor))
    if request.method == "POST":
        form = ComplaintForm(request.POST)
        if form.is_valid():
            key = request.POST.get("submission_key", "")
            try:
                complaint, _ = complaints.complaint_record(
                    actor=request.actor,
                    provider_id=providers[0],
                    complainant=form.cleaned_data["complainant"],
                    received_on=form.cleaned_data["received_on"],
                    summary=form.cleaned_data["summary"],
                    case_reference=form.cleaned_data["case_reference"],
                    submission_key=key if SUBMISSION_KEY.fullmatch(key) else "",
                )
            except ValidationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    f"Complaint recorded\nA response is due by "
                    f"{complaint.response_due_on:%-d %B %Y}.",
                )
                return redirect("staff:quality-complaints")
    else:
        form = ComplaintForm()
    return render(
        request,
        "quality/complaint_new.html",
        {"form": form, "working_days": complaints.RESPONSE_WORKING_DAYS},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@manager_page
def complaint_detail(request: ActorRequest, complaint_id: int) -> HttpResponse:
    complaint = complaints.complaint_get(request.actor, complaint_id=complaint_id)
    today = clock.today()
    if request.method == "POST":
        form = ResponseForm(request.POST)
        if form.is_valid():
            try:
                complaints.complaint_respond(
                    actor=request.actor,
                    complaint_id=complaint.pk,
                    response_sent_on=form.cleaned_data["response_sent_on"],
                    outcome=form.cleaned_data["outcome"],
                )
            except ValidationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, "Response recorded")
                return redirect("staff:quality-complaints")
    else:
        form = ResponseForm(
            initial={"response_sent_on": complaint.response_sent_on, "outcome": complaint.outcome}
        )
    return render(
        request,
        "quality/complaint.html",
        {
            "form": form,
            "complaint": complaint,
            "days_overdue": complaints.days_overdue(complaint, today=today),
        },
        status=400 if form.errors else 200,
    )
