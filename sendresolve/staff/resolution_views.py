"""Staff pages for disagreement resolution, parties, complaints alongside, and after the
tribunal. Views parse (forms), call one service, and render; the services check who may act.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.cases.permissions import can_act, recommendation_owner
from sendresolve.core import clock
from sendresolve.staff import resolution_forms as forms
from sendresolve.staff.case_views import (
    button_perform,
    case_or_404,
    form_perform,
    form_render,
)
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tribunal.models import ComplianceStep, Recommendation


def _form_page(request, case, form, *, title, button, lead=""):
    return form_render(
        request,
        "staff/case_form.html",
        form,
        {"case": case, "title": title, "button": button, "lead": lead},
    )


def _allowed(request, case, action: str, owner: str | None = None) -> None:
    if not can_act(request.actor, case, action, action_owner=owner):
        raise Http404("No such action")


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def party_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "party_add")
    bodies = case.local_authority.commissioning_bodies.order_by("name")
    form = forms.PartyForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, "party_add", **form.cleaned_data):
            return redirect("staff:case", reference=case.reference)
    return _form_page(
        request,
        case,
        form,
        title="Add someone taking part",
        button="Add",
        lead="For example the local authority officer, the school, health, social care, a "
        "supporter, or the child.",
    )


@login_required
@require_POST
@tenant_404
def participation(request: ActorRequest, reference: str, party_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    party = case.parties.filter(pk=party_id).first()
    answer = request.POST.get("answer")
    if party is None or answer not in {"agreed", "declined"}:
        raise Http404("No such party")
    return button_perform(
        request,
        case,
        "participation_record",
        party=party,
        agrees=answer == "agreed",
        on=clock.today(),
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def proceeding_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "proceeding_record")
    form = forms.ProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = form_perform(form, request, case, "proceeding_record", **form.cleaned_data)
        if done:
            return redirect("staff:case", reference=case.reference)
    return _form_page(
        request,
        case,
        form,
        title="Record a complaint or appeal alongside",
        button="Record",
        lead="Disagreement resolution and mediation can run alongside complaints, and while an "
        "appeal is waiting to be heard.",
    )


@login_required
@require_POST
@tenant_404
def proceeding_finish(request: ActorRequest, reference: str, proceeding_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    proceeding = case.proceedings.filter(pk=proceeding_id).first()
    if proceeding is None:
        raise Http404("No such proceeding")
    return button_perform(request, case, "proceeding_finish", proceeding=proceeding)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def tribunal_decision_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "tribunal_decision_record")
    bodies = case.local_authority.commissioning_bodies.order_by("name")
    form = forms.TribunalDecisionForm(
        request.POST or None, bodies=bodies, initial={"decided_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = form_perform(
            form,
            request,
            case,
            "tribunal_decision_record",
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            sent_on=data["sent_on"],
            tribunal_reference=data["tribunal_reference"],
            orders=data["orders"],
            unopposed=data["unopposed"],
            recommendations=form.recommendations(),
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return _form_page(
        request,
        case,
        form,
        title="Record the tribunal's decision",
        button="Record decision",
        lead="The local authority's time limits (SEND Regulations 2014 regs 44 and 45) and the "
        "5 weeks to reply to recommendations are worked out from these dates.",
    )


@login_required
@require_POST
@tenant_404
def duty_step_done(request: ActorRequest, reference: str, step_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    step = ComplianceStep.objects.filter(pk=step_id, duty__case=case).select_related("duty").first()
    if step is None:
        raise Http404("No such step")
    return button_perform(request, case, "duty_step_complete", step=step, on=clock.today())


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def recommendation_respond(request: ActorRequest, reference: str, recommendation_id: int):
    case = case_or_404(request, reference)
    recommendation = Recommendation.objects.filter(pk=recommendation_id, case=case).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    _allowed(request, case, "recommendation_respond", recommendation_owner(recommendation))
    form = forms.RecommendationResponseForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        done = form_perform(
            form,
            request,
            case,
            "recommendation_respond",
            recommendation=recommendation,
            **form.cleaned_data,
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return _form_page(
        request,
        case,
        form,
        title="Record the written response to the recommendation",
        button="Record response",
        lead=f"The tribunal recommended: {recommendation.text}",
    )


@login_required
@require_POST
@tenant_404
def agreement_la_told(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    return button_perform(request, case, "agreement_la_notify", on=clock.today())
