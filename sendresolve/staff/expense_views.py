"""Travel expense claims on the staff pages (issue 22): the list of claims (an LA officer's to
decide; the provider's to follow), and the LA's decision on one claim (paid or refused), the
catalogue's ``expense_decide`` through ``case_views.form_perform``.

Claims are read through ``expenses.selectors`` (another LA's claim answers 404); deciding is
for the case's LA's officers only (``cases.permissions``: the provider cannot).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.cases.permissions import can_act
from sendresolve.cases.privacy import LA_OWNER
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.core.forms import Form, GovDateField
from sendresolve.expenses.models import ClaimState
from sendresolve.expenses.selectors import claim_get, claims_for, claims_to_decide
from sendresolve.expenses.services import REASON_MAX, pounds
from sendresolve.staff.case_views import case_or_404, form_perform, form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest

DECIDED_SHOWN = 50


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(ClaimState.PAID.value, "Paid"), (ClaimState.REFUSED.value, "Refused")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the claim was paid or refused"},
    )
    on = GovDateField(label="Date paid or refused", help_text="For example, 27 3 2024")
    reason = forms.CharField(
        label="Why it was refused (the family will read this)",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea,
        error_messages={"max_length": f"The reason must be {REASON_MAX} characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == ClaimState.REFUSED and not data.get("reason", "").strip():
            self.add_error("reason", "Enter why the claim was refused")
        return data


def _rows(claims) -> list:
    return [(claim, pounds(claim.total_pence)) for claim in claims]


@login_required
@require_GET
def expense_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not (actor.is_global or actor.provider_ids or actor.local_authority_ids):
        raise Http404("No travel expense claims")
    to_decide = list(claims_to_decide(actor))
    decided = list(claims_for(actor).exclude(state=ClaimState.SUBMITTED)[:DECIDED_SHOWN])
    audit_record(actor=actor, action="expenses.list", detail={"count": len(to_decide)})
    return render(
        request,
        "staff/expenses.html",
        {
            "to_decide": _rows(to_decide),
            "decided": _rows(decided),
            "decides": bool(actor.local_authority_ids) or actor.is_global,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def expense_decide(request: ActorRequest, reference: str, claim_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    try:
        claim = claim_get(request.actor, claim_id=claim_id)
    except NotFound:
        raise Http404("No such claim") from None
    if claim.case_id != case.pk:
        raise Http404("No such claim")
    may_decide = can_act(request.actor, case, "expense_decide", action_owner=LA_OWNER)
    if request.method == "POST" and not may_decide:
        raise Http404("No such action")
    form = DecisionForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = form_perform(
            form,
            request,
            case,
            "expense_decide",
            claim=claim,
            decision=data["decision"],
            on=data["on"],
            reason=data["reason"],
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    elif request.method == "GET":
        audit_record(
            actor=request.actor,
            action="case.read.expense_claim",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
            detail={"claim_id": claim.pk},
        )
    return form_render(
        request,
        "staff/expense_decide.html",
        form,
        {
            "case": case,
            "claim": claim,
            "total": pounds(claim.total_pence),
            "lines": [(line, pounds(line.amount_pence)) for line in claim.lines.all()],
            "receipts": list(claim.receipts.all()),
            "may_decide": may_decide and claim.state == ClaimState.SUBMITTED,
        },
    )
