"""Check before you issue: what the mediation certificate will say, then issue it.

The case page's "Issue the mediation certificate" button opens this page (the catalogue's
``certificate_issue`` page). It shows the certificate as it would be issued on the date of
issue (today unless changed): its kind, the decision and the issues, the appeal deadline it
prints, and who it is sent to. "Issue certificate" performs the action once per submission.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from sendresolve.cases.certificate_preview import certificate_preview
from sendresolve.cases.permissions import actions_offered
from sendresolve.core import clock
from sendresolve.staff import forms
from sendresolve.staff.case_views import case_or_404, form_perform, form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest

ACTION = "certificate_issue"


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def certificate_check(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if ACTION not in actions_offered(request.actor, case):
        raise Http404("No such action")
    today = clock.today()
    # The date of issue: today, or the one chosen with "Change" (a GET form) or sent to issue.
    data = request.POST if request.method == "POST" else request.GET
    form = forms.DateForm(data if "on_0" in data else None, initial={"on": today})
    on = form.cleaned_data["on"] if form.is_bound and form.is_valid() else today
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, ACTION, on=on):
            return redirect("staff:case", reference=case.reference)
    return form_render(
        request,
        "staff/certificate_check.html",
        form,
        {"case": case, "preview": certificate_preview(case, on=on), "today": today},
    )
