"""Staff pages for what people need to take part, and for the child's views (issue 22).

Views parse, call one catalogue action (``participation_needs_change``, ``child_views_record``,
``child_views_share``) and render; who may act is the catalogue's (``cases.permissions``), who
may read is ``participation.selectors``.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendresolve.cases.permissions import can_act
from sendresolve.core import clock
from sendresolve.participation.forms import NeedsForm
from sendresolve.participation.models import ChildViews
from sendresolve.participation.selectors import needs_for
from sendresolve.staff.case_views import case_or_404, form_perform, form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.participation_forms import ChildViewsForm, ShareForm
from sendresolve.tenancy.actors import ActorRequest


def _allowed(request: ActorRequest, case, action: str) -> None:
    if not can_act(request.actor, case, action):
        raise Http404("No such action")


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def needs_change(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "participation_needs_change")
    form = NeedsForm(request.POST or None, initial=NeedsForm.initial_for(needs_for(case)))
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, "participation_needs_change", needs=form.needs()):
            return redirect("staff:case", reference=case.reference)
    return form_render(request, "staff/participation/needs_form.html", form, {"case": case})


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def child_views_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "child_views_record")
    form = ChildViewsForm(request.POST or None, initial={"consent_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form_perform(
            form,
            request,
            case,
            "child_views_record",
            way=data["way"],
            text=data["text"],
            consent=data["consent"],
            consent_on=data["consent_on"],
        ):
            return redirect(case_url(case) + "#child-views")
    return form_render(
        request,
        "staff/case_form.html",
        form,
        {
            "case": case,
            "title": "Record the child's or young person's views",
            "lead": "Only with their agreement. Their views are confidential: only your "
            "provider's staff can read them, unless the family agrees to share them with the "
            "local authority and health parties.",
            "button": "Save their views",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def child_views_share(request: ActorRequest, reference: str, item_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "child_views_share")
    views = ChildViews.objects.filter(case=case, pk=item_id, shared_on__isnull=True).first()
    if views is None:
        raise Http404("No such views")
    form = ShareForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form_perform(
            form,
            request,
            case,
            "child_views_share",
            child_views=views,
            agreed_by=data["agreed_by"],
            on=data["on"],
        ):
            return redirect(case_url(case) + "#child-views")
    return form_render(
        request,
        "staff/case_form.html",
        form,
        {
            "case": case,
            "title": "Record that the family agreed to share the child's views",
            "lead": "Once recorded, the local authority's and health body's officers on this "
            "case can read these views. This cannot be undone here.",
            "button": "Record agreement to share",
        },
    )


def case_url(case) -> str:
    return reverse("staff:case", kwargs={"reference": case.reference})
