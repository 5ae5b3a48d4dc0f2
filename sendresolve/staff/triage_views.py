"""Triage pages: assign cases from the work queue (in bulk), and "Assign to me" on a case.

Each case is assigned through the catalogue action ``case_assign`` (``action_perform``), one
action per case, each audited; a repeated submission assigns once.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from sendresolve.cases import selectors as case_selectors
from sendresolve.cases.permissions import can_act
from sendresolve.cases.recorder import action_perform
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.staff.case_views import (
    button_perform,
    case_or_404,
    queue_page,
    submission_key,
)
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.triage_forms import BulkAssignForm
from sendresolve.tenancy.actors import ActorRequest, user_of


def _case_key(key: str, reference: str) -> str:
    """One form's submission key, made one per case (a receipt belongs to one case)."""
    return hashlib.sha256(f"{key}\n{reference}".encode()).hexdigest()[:32] if key else ""


def _person(user) -> str:
    return "no one" if user is None else (user.get_full_name() or user.get_username())


@login_required
@require_POST
def queue_assign(request: ActorRequest) -> HttpResponse:
    """Assign the selected cases to one colleague (or no one), one ``case_assign`` each."""
    actor = request.actor
    if not actor.provider_ids:
        raise Http404("Only provider staff assign cases")
    form = BulkAssignForm(
        request.POST, colleagues=case_selectors.colleagues_of(actor), me=user_of(actor)
    )
    if not form.is_valid():
        return queue_page(request, assign_form=form)
    assignee = form.cleaned_data["assignee"]
    key = submission_key(request)
    done, problems = 0, []
    for reference in form.cleaned_data["cases"]:
        try:
            case = case_selectors.case_get(actor, reference=reference)
            if not can_act(actor, case, "case_assign"):
                raise NotFound("No such case.")
            action_perform(
                "case_assign",
                actor=actor,
                case=case,
                submission_key=_case_key(key, reference),
                assignee=assignee,
            )
        except NotFound:
            problems.append(f"{reference}: no such case of yours")
        except (ValidationError, NotAllowed) as error:
            problems.append(f"{reference}: {error}")
        else:
            done += 1
    if done:
        noun = "case" if done == 1 else "cases"
        verb = "unassigned" if assignee is None else f"assigned to {_person(assignee)}"
        messages.success(request, f"{done} {noun} {verb}.")
    if problems:
        form.add_error("cases", "Some cases were not assigned: " + "; ".join(problems))
        return queue_page(request, assign_form=form)
    return redirect("staff:home")


@login_required
@require_POST
@tenant_404
def case_assign_me(request: ActorRequest, reference: str) -> HttpResponse:
    """The case page's "Assign to me" button."""
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "case_assign"):
        raise Http404("No such action")
    response = button_perform(request, case, "case_assign", assignee=user_of(request.actor))
    if response.status_code == 302:
        messages.success(request, f"{case.reference} is assigned to you.")
    return response
