"""Opening a case from the staff pages ("Open a case" on the work queue).

The form carries a hidden submission key like every staff form; here there is no case yet to
lock, so the key's receipt is written before the case, in its transaction
(``cases.recorder.case_create_once``): a double click or a resent page, on any worker or
server, opens one case and shows it.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendresolve.cases import services
from sendresolve.cases.recorder import case_create_once
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.selectors import outbox_high_water, queued_since
from sendresolve.staff import forms
from sendresolve.staff.banners import banner_add
from sendresolve.staff.case_views import _form_errors_from, submission_key
from sendresolve.staff.triage_context import referral_from
from sendresolve.tenancy import selectors as tenancy_selectors
from sendresolve.tenancy.actors import ActorRequest, user_of
from sendresolve.tenancy.models import LocalAuthority


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: ActorRequest) -> HttpResponse:
    today = clock.today()
    providers = list(tenancy_selectors.providers_for(request.actor))
    if not providers:
        raise Http404("Only provider staff open cases")
    provider = providers[0]
    las = LocalAuthority.objects.filter(
        id__in=tenancy_selectors.commissions_for_provider(provider, on=today).values(
            "local_authority_id"
        )
    ).order_by("name")
    form = forms.OpenCaseForm(
        request.POST or None, local_authorities=las, initial={"opened_on": today}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        high_water = outbox_high_water()

        def create() -> Any:
            return services.case_open(
                actor=request.actor,
                provider=provider,
                local_authority=las.get(dfe_code=data["local_authority"]),
                kind=data["kind"],
                child_name=data["child_name"],
                child_date_of_birth=data["child_date_of_birth"],
                requester=data["requester"],
                requester_name=data["requester_name"],
                email=data["email"],
                phone=data["phone"],
                preferred_channel=data["preferred_channel"],
                decision_description=data["decision_description"],
                decision_letter_date=data["decision_letter_date"],
                issues=[
                    services.IssueInput(subject=s, with_body=data["with_body"])
                    for s in data["subjects"]
                ],
                health_care_in_issue=data["health_care_in_issue"],
                opened_on=data["opened_on"],
                assigned_to=user_of(request.actor),
                dr_type=data["dr_type"],
                has_ehc_plan=data["has_ehc_plan"],
                referral=referral_from(data),
            )

        try:
            key = submission_key(request)
            case, created = (
                case_create_once(
                    user_id=request.actor.user_id,
                    submission_key=key,
                    action="case_open",
                    create=create,
                )
                if key
                else (create(), True)
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            queued = queued_since(high_water, reference=case.reference)
            banner_add(
                request, title="Open the case", queued=queued, case=case, repeated=not created
            )
            return redirect("staff:case", reference=case.reference)
    return render(
        request,
        "staff/case_new.html",
        {
            "form": form,
            "provider": provider,
            "page_has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )
