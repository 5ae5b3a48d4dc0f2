"""Venue pages (issue 22): the provider's manager and coordinators list, add, change and
retire their provider's venues here, not in Django admin.

Another provider's venue, and the pages for anyone who manages no venues, answer 404
(``cases.venues.venue_get``). Views parse (``venue_forms``), call one service and render.
"""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Venue
from sendresolve.cases.venues import (
    managed_providers,
    served_choices,
    venue_create_once,
    venue_get,
    venue_retire,
    venue_update,
    venues_for,
)
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.venue_forms import FACILITY_LABELS, VenueForm, venue_initial
from sendresolve.tenancy.actors import ActorRequest

T = TypeVar("T")


def _providers_or_404(request: ActorRequest) -> list:
    providers = list(managed_providers(request.actor))
    if not providers:
        raise Http404("No venues to manage")
    return providers


def _local_authorities(providers) -> list:
    seen: dict[int, object] = {}
    for provider in providers:
        for la in served_choices(provider):
            seen.setdefault(la.pk, la)
    return sorted(seen.values(), key=lambda la: la.name)


@login_required
@require_GET
def venue_list(request: ActorRequest) -> HttpResponse:
    providers = _providers_or_404(request)
    venues = list(venues_for(request.actor).filter(provider__in=providers))
    audit_record(actor=request.actor, action="venue.list", detail={"count": len(venues)})
    return render(
        request,
        "staff/venues.html",
        {
            "active": [v for v in venues if v.is_active],
            "retired": [v for v in venues if not v.is_active],
            "facility_labels": FACILITY_LABELS,
            "shows_providers": len(providers) > 1,
        },
    )


def _form_page(request, form, *, title, button, venue=None, status=200) -> HttpResponse:
    return render(
        request,
        "staff/venue_form.html",
        {"form": form, "title": title, "button": button, "venue": venue},
        status=400 if form.errors else status,
    )


def _perform(form: VenueForm, run: Callable[[], T]) -> T | None:
    try:
        return run()
    except ValidationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error).rstrip("."))
        return None


@login_required
@require_http_methods(["GET", "POST"])
def venue_new(request: ActorRequest) -> HttpResponse:
    providers = _providers_or_404(request)
    form = VenueForm(
        request.POST or None,
        providers=providers,
        local_authorities=_local_authorities(providers),
        initial={"mode": Venue.Mode.IN_PERSON, "facilities": ["accessible"]},
    )
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data.get("provider") or providers[0]
        result = _perform(
            form,
            lambda: venue_create_once(
                actor=request.actor,
                submission_key=request.POST.get("submission_key", "")[:40],
                provider=provider,
                **form.service_kwargs(),
            ),
        )
        if result is not None:
            venue, _first = result
            messages.success(request, f"Venue added\n{venue.name}")
            return redirect("staff:venues")
    return _form_page(request, form, title="Add a venue", button="Add venue")


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def venue_edit(request: ActorRequest, venue_id: int) -> HttpResponse:
    venue = venue_get(request.actor, venue_id=venue_id, managing=True)
    if venue.provider is None:
        raise NotFound("No such venue.")
    form = VenueForm(
        request.POST or None,
        local_authorities=served_choices(venue.provider),
        initial=venue_initial(venue),
    )
    if request.method == "POST" and form.is_valid():
        done = _perform(
            form,
            lambda: venue_update(actor=request.actor, venue=venue, **form.service_kwargs()),
        )
        if done is not None:
            messages.success(request, f"Venue changed\n{venue.name}")
            return redirect("staff:venues")
    else:
        audit_record(
            actor=request.actor,
            action="venue.read",
            target=venue,
            local_authority=venue.local_authority,
            provider=venue.provider,
            detail={"venue_id": venue.pk},
        )
    return _form_page(request, form, title="Change a venue", button="Save changes", venue=venue)


@login_required
@require_POST
@tenant_404
def venue_retire_view(request: ActorRequest, venue_id: int, what: str) -> HttpResponse:
    if what not in ("retire", "reinstate"):
        raise Http404("No such change")
    venue = venue_get(request.actor, venue_id=venue_id, managing=True)
    venue = venue_retire(actor=request.actor, venue=venue, active=what == "reinstate")
    if venue.is_active:
        messages.success(request, f"Venue back in use\n{venue.name} can be chosen for meetings.")
    else:
        messages.success(
            request,
            f"Venue retired\n{venue.name} can no longer be chosen for new meetings. "
            "Meetings already arranged there keep it.",
        )
    return redirect("staff:venues")
