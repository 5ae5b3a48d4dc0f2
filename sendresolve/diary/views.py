"""Staff pages of the diary: mediators and their records, hours, week views and the feed.

Only a provider's own staff see a diary (``selectors.sees_diary``); LA and health officers
get 404 everywhere here. Coordinators and managers keep every mediator's record; a mediator
sees their own. Every read of a mediator's record and every write is audited (the services
audit writes; ``_audit_read`` reads).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.diary import forms, selectors, services
from sendresolve.diary.feed import feed_ics, feed_profile
from sendresolve.diary.models import MediatorProfile
from sendresolve.diary.week import monday_of, week_days
from sendresolve.staff.case_views import form_render
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import Membership, Provider
from sendresolve.tenancy.roles import Role


def _diary_or_404(request: ActorRequest) -> None:
    if not selectors.sees_diary(request.actor):
        raise Http404("No diary")


def _mediator(request: ActorRequest, pk: int) -> MediatorProfile:
    _diary_or_404(request)
    try:
        return selectors.mediator_get(request.actor, pk=pk)
    except NotFound:
        raise Http404("No such mediator") from None


def _audit_read(request: ActorRequest, what: str, profile: MediatorProfile) -> None:
    audit_record(
        actor=request.actor,
        action=f"diary.read.{what}",
        target=profile,
        provider=profile.provider,
        detail={"mediator": profile.pk},
    )


@login_required
@require_GET
def mediator_list(request: ActorRequest) -> HttpResponse:
    _diary_or_404(request)
    actor = request.actor
    profiles = list(selectors.mediators_for(actor).prefetch_related("local_authorities"))
    managed = [
        p
        for p in Provider.objects.filter(pk__in=actor.provider_ids)
        if selectors.manages(actor, p.pk)
    ]
    if actor.is_global:
        managed = list(Provider.objects.all())
    without = (
        Membership.objects.filter(
            provider__in=managed, role=Role.MEDIATOR, is_active=True, user__mediator_profile=None
        )
        .select_related("user", "provider")
        .order_by("user__first_name", "user__username")
    )
    venues = (
        selectors.Venue.objects.filter(
            is_active=True,
            mode=selectors.Venue.Mode.IN_PERSON,
            local_authority__commissions__provider__in=managed,
        )
        .distinct()
        .select_related("local_authority")
    )
    today = clock.today()
    return render(
        request,
        "diary/mediators.html",
        {
            "rows": [
                (p, p.warnings(today), selectors.manages(actor, p.provider_id)) for p in profiles
            ],
            "without": without,
            "venues": venues,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mediator_edit(request: ActorRequest, user_id: int) -> HttpResponse:
    """A mediator's record: accreditation, DBS check, councils and languages."""
    _diary_or_404(request)
    membership = (
        Membership.objects.filter(user_id=user_id, role=Role.MEDIATOR, is_active=True)
        .select_related("user", "provider")
        .first()
    )
    if membership is None or not selectors.manages(request.actor, membership.provider_id):
        raise Http404("No such mediator")
    profile = MediatorProfile.objects.filter(user_id=user_id).first()
    initial = {}
    if profile is not None:
        initial = {
            "accreditation_body": profile.accreditation_body,
            "registration_number": profile.registration_number,
            "accredited_until": profile.accredited_until,
            "dbs_checked_on": profile.dbs_checked_on,
            "local_authorities": list(profile.local_authorities.all()),
            "languages": ", ".join(profile.languages),
        }
    form = forms.ProfileForm(request.POST or None, initial=initial, provider=membership.provider)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mediator_profile_save(
                actor=request.actor,
                user=membership.user,
                provider=membership.provider,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Mediator's record saved")
            return redirect("staff:diary-mediator", pk=saved.pk)
    return form_render(
        request, "diary/mediator_form.html", form, {"person": membership.user, "profile": profile}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mediator_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """The record, declared conflicts (add one here) and the calendar feed."""
    profile = _mediator(request, pk)
    form = forms.ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(actor=request.actor, mediator=profile, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Conflict of interest recorded")
            return redirect("staff:diary-mediator", pk=profile.pk)
    if request.method != "POST":  # a refused conflict is not a new reading of the record
        _audit_read(request, "mediator", profile)
    return form_render(
        request,
        "diary/mediator.html",
        form,
        {
            "profile": profile,
            "warnings": profile.warnings(clock.today()),
            "conflicts": profile.conflicts.select_related("local_authority"),
            "manages": selectors.manages(request.actor, profile.provider_id),
            "own": request.actor.user_id == profile.user_id,
            "feed_url": request.session.pop("diary_feed_url", ""),
        },
    )


@login_required
@require_POST
def conflict_remove(request: ActorRequest, pk: int, conflict_id: int) -> HttpResponse:
    profile = _mediator(request, pk)
    conflict = profile.conflicts.filter(pk=conflict_id).first()
    if conflict is not None:
        try:
            services.conflict_remove(actor=request.actor, conflict=conflict)
        except NotAllowed:
            raise Http404("No such conflict") from None
        messages.success(request, "Conflict of interest removed")
    return redirect("staff:diary-mediator", pk=profile.pk)


@login_required
@require_POST
def feed_manage(request: ActorRequest, pk: int, what: str) -> HttpResponse:
    """Create (or replace) the secret feed address, or revoke it. The address is shown once."""
    profile = _mediator(request, pk)
    try:
        if what == "create":
            token = services.feed_create(actor=request.actor, mediator=profile)
            url = reverse("staff:diary-feed", kwargs={"token": token})
            request.session["diary_feed_url"] = request.build_absolute_uri(url)
            messages.success(request, "New calendar feed address made")
        elif what == "revoke":
            services.feed_revoke(actor=request.actor, mediator=profile)
            messages.success(request, "Calendar feed address turned off")
        else:
            raise Http404("No such action")
    except NotAllowed:
        raise Http404("No such mediator") from None
    return redirect("staff:diary-mediator", pk=profile.pk)


@require_GET
def feed(request, token: str) -> HttpResponse:
    """The mediator's diary for their calendar app: the secret token is the only key."""
    profile = feed_profile(token)
    if profile is None:
        raise Http404("No such feed")
    audit_record(actor=None, action="diary.read.feed", target=profile, provider=profile.provider)
    response = HttpResponse(
        feed_ics(profile, domain=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def hours_edit(request: ActorRequest, pk: int) -> HttpResponse:
    """Weekly hours (replaced as a whole) and one-day exceptions."""
    profile = _mediator(request, pk)
    initial = {}
    for h in profile.hours.all():
        initial[f"starts_{h.weekday}"] = h.starts.strftime("%H:%M")
        initial[f"ends_{h.weekday}"] = h.ends.strftime("%H:%M")
    which = request.POST.get("form", "hours")
    if which not in ("hours", "exception", "remove"):
        which = "hours"  # an unknown form is the weekly hours: its errors are shown
    hours_form = forms.HoursForm(
        request.POST if which == "hours" and request.method == "POST" else None, initial=initial
    )
    exception_form = forms.ExceptionForm(request.POST if which == "exception" else None)
    if request.method == "POST":
        done = _hours_post(request, profile, which, hours_form, exception_form)
        if done:
            return redirect("staff:diary-hours", pk=profile.pk)
    form = exception_form if which == "exception" and request.method == "POST" else hours_form
    return form_render(
        request,
        "diary/hours.html",
        form,
        {
            "profile": profile,
            "hours_form": hours_form,
            "exception_form": exception_form,
            "weekdays": list(enumerate(forms.WEEKDAY_NAMES)),
            "exceptions": profile.exceptions.filter(on__gte=clock.today()),
        },
    )


def _hours_post(request, profile, which, hours_form, exception_form) -> bool:
    try:
        if which == "remove":
            exception = profile.exceptions.filter(pk=request.POST.get("exception") or 0).first()
            if exception is not None:
                services.availability_exception_remove(actor=request.actor, exception=exception)
            messages.success(request, "Day removed")
            return True
        if which == "exception":
            if not exception_form.is_valid():
                return False
            services.availability_exception_add(
                actor=request.actor, mediator=profile, **exception_form.cleaned_data
            )
            messages.success(request, "Day added")
            return True
        if not hours_form.is_valid():
            return False
        hours = [services.Hours(*row) for row in hours_form.cleaned_data["hours"]]
        services.availability_replace(actor=request.actor, mediator=profile, hours=hours)
        messages.success(request, "Weekly hours saved")
        return True
    except ValidationError as error:
        form = exception_form if which == "exception" else hours_form
        form.add_error(error.field if error.field in form.fields else None, str(error))
    except NotAllowed as error:
        hours_form.add_error(None, str(error))
    return False


def _monday(request) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = clock.today()
    if not 2000 <= day.year <= 2100:
        day = clock.today()
    return monday_of(day)


@login_required
@require_GET
def mediator_week(request: ActorRequest, pk: int) -> HttpResponse:
    profile = _mediator(request, pk)
    monday = _monday(request)
    _audit_read(request, "week", profile)
    return _week(
        request,
        monday,
        title=profile.name,
        days=week_days(monday, mediator=profile),
        shows_hours=True,
    )


@login_required
@require_GET
def venue_week(request: ActorRequest, pk: int) -> HttpResponse:
    _diary_or_404(request)
    try:
        venue = selectors.venue_get(request.actor, pk=pk)
    except NotFound:
        raise Http404("No such venue") from None
    monday = _monday(request)
    return _week(
        request, monday, title=venue.name, days=week_days(monday, venue=venue), shows_hours=False
    )


def _week(request, monday, *, title, days, shows_hours) -> HttpResponse:
    return render(
        request,
        "diary/week.html",
        {
            "title": title,
            "days": days,
            "monday": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "shows_hours": shows_hours,
            "today": clock.today(),
        },
    )
