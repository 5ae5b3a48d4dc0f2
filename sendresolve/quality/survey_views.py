"""The family's and LA officer's survey page (``/survey/<token>/``): no account, the link is
the key. An unknown, expired or used link gets a page saying so (404 or 410), never an error.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.core.errors import ValidationError
from sendresolve.quality import survey
from sendresolve.quality.forms import SurveyForm

STATUS = {"unknown": 404, "expired": 410, "used": 410}


def _unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "quality/survey_unavailable.html", {"reason": reason}, status=STATUS[reason]
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = survey.invitation_open(token)
    except survey.Unavailable as gone:
        return _unavailable(request, gone.reason)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey.survey_answer(token=token, **form.cleaned_data)
        except survey.Unavailable as gone:
            return _unavailable(request, gone.reason)
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return redirect("quality:survey-thanks")
    return render(
        request,
        "quality/survey.html",
        {
            "form": form,
            "provider": invitation.provider,
            "page_has_errors": bool(form.errors),
            "for_family": invitation.respondent == "family",
        },
        status=400 if form.errors else 200,
    )


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/survey_thanks.html")
