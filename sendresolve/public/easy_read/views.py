"""Easy Read pages for families. Each links to its standard page and back.

The advice page explains mediation advice, mediation, the certificate and the appeal deadline in
general; if the family's route-finder answers (their own cookie) are complete, it adds their own
key dates, from the same law core as the standard advice page.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sendresolve import law
from sendresolve.public.finder.steps import build_situation
from sendresolve.public.finder.views import Flow

TEMPLATES = "public/easy_read/"
# The family's own dates the Easy Read page names (the template words each); the standard advice
# page has them all.
KEY_DATE_IDS = ("contact_mediation_adviser", "appeal_registration")


def key_dates(request: HttpRequest) -> list[tuple[dt.date, str]]:
    """The family's own key dates, soonest first, if their route-finder answers are complete."""
    flow = Flow(request)
    if not flow.answers or flow.first_unanswered() is not None:
        return []
    advice = law.advise(build_situation(flow.answers, today=flow.today), today=flow.today)
    found = [
        (dt.date.fromisoformat(deadline["date"]), deadline["id"])
        for deadline in advice["deadlines"]
        if deadline["id"] in KEY_DATE_IDS
    ]
    # Soonest first; on the same day, the adviser first (the step that comes first).
    return sorted(found, key=lambda item: (item[0], KEY_DATE_IDS.index(item[1])))


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "start.html")


@never_cache
@require_GET
def advice(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "advice.html", {"key_dates": key_dates(request)})


@require_GET
def certificate(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "certificate.html", {"letter": None})
