""" "Find free slots" on the arranging page: the first slots where a mediator who may mediate the
case (and, in person, a venue) is free, inside the 30-day window with the notice the family
must have; picking one arranges the meeting and books them in one step (``session_book``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from sendresolve.cases.meeting_rules import mediation_held_by
from sendresolve.cases.models import Venue
from sendresolve.cases.permissions import can_act
from sendresolve.core import clock
from sendresolve.diary import forms, selectors
from sendresolve.diary.proposals import proposal_window, slot_proposals
from sendresolve.staff.case_views import case_or_404, form_perform, form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def slots(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "session_book") or not can_act(
        request.actor, case, "session_schedule"
    ):
        raise Http404("No such action")
    book = forms.BookForm(request.POST or None)
    search_form = forms.SlotSearchForm(
        request.POST if request.method == "POST" else request.GET or None
    )
    search = search_form.search()
    if request.method == "POST" and book.is_valid():
        data = book.cleaned_data
        mediator = selectors.MediatorProfile.objects.filter(
            pk=data["mediator"], provider_id=case.provider_id
        ).first()
        venue = selectors.venues_for(case).filter(pk=data.get("venue") or 0).first()
        if mediator is None:
            book.add_error(None, "Choose one of the slots offered.")
        elif form_perform(
            book,
            request,
            case,
            "session_book",
            mediator=mediator,
            starts_at=data["starts_at"],
            ends_at=data["starts_at"] + search["duration"],
            mode=search["mode"],
            venue=venue,
            shorter_notice_agreed=search["shorter_notice_agreed"],
        ):
            return redirect("staff:case", reference=case.reference)
    elif request.method == "POST":
        book.errors.clear()
        book.add_error(None, "Choose one of the slots offered.")
    today = clock.today()
    language = selectors.language_needed(case)
    proposals = slot_proposals(case, today=today, language=language, **search)
    return form_render(
        request,
        "diary/slots.html",
        book,
        {
            "case": case,
            "search": search,
            "search_form": search_form,
            "proposals": proposals,
            "window": proposal_window(
                case, today=today, shorter_notice_agreed=search["shorter_notice_agreed"]
            ),
            "held_by": mediation_held_by(case),
            "language": language,
            "modes": Venue.Mode.choices,
            "venues": selectors.venues_for(case).exists(),
        },
    )
