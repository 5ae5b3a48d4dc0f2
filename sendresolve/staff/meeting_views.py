"""Staff pages for a meeting once arranged (issue 18): rearranging it, and its calendar
invitation as it is now. Cancelling is the generic item page.

The new date is checked against the 30-day and notice rules before anything is changed: when
it breaks one, the page says which and asks again; sending it again rearranges the meeting
anyway (the rules warn, they do not forbid: a meeting may have to move past them).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.cases.meeting_rules import mediation_held_by, meeting_warnings
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.recorder import action_perform
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, ValidationError
from sendresolve.staff import forms
from sendresolve.staff.case_views import case_or_404, form_render, submission_key
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest

# The service's fields, as the page's inputs (an error on one is shown on the other).
PAGE_FIELDS = {"starts_at": "day", "ends_at": "end"}


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def session_rearrange(request: ActorRequest, reference: str, session_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    session = case.sessions.select_related("venue").filter(pk=session_id).first()
    if session is None or not actions_offered(request.actor, case).allows(
        "session_rearrange", session.pk
    ):
        raise Http404("No such meeting")
    starts = session.starts_at.astimezone(clock.LONDON)
    initial = {
        "day": starts.date(),
        "start": starts.strftime("%H:%M"),
        "end": session.ends_at.astimezone(clock.LONDON).strftime("%H:%M"),
        "mode": session.mode,
        "venue": session.venue_id,
        "shorter_notice_agreed": session.shorter_notice_agreed,
    }
    form = forms.RearrangeForm(
        request.POST or None,
        initial=initial,
        local_authority=case.local_authority,
        provider=case.provider,
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warnings = meeting_warnings(
            case,
            starts_at=data["starts_at"],
            shorter_notice_agreed=data["shorter_notice_agreed"],
            today=clock.today(),
        )
        if not warnings or data["warnings_seen"]:
            try:
                action_perform(
                    "session_rearrange",
                    actor=request.actor,
                    case=case,
                    submission_key=submission_key(request),
                    session=session,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    mode=data["mode"],
                    venue=data["venue"],
                    shorter_notice_agreed=data["shorter_notice_agreed"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                field = PAGE_FIELDS.get(error.field or "", error.field)
                form.add_error(field if field in form.fields else None, str(error))
            except NotAllowed as error:
                form.add_error(None, str(error))
            else:
                return redirect("staff:case", reference=case.reference)
    return form_render(
        request,
        "staff/session_rearrange.html",
        form,
        {
            "case": case,
            "session": session,
            "warnings": warnings,
            "held_by": mediation_held_by(case),
        },
    )


@login_required
@require_GET
@tenant_404
def session_invite(request: ActorRequest, reference: str, session_id: int) -> HttpResponse:
    """The meeting's calendar invitation as it is now: rearranged (same UID, higher SEQUENCE)
    or cancelled (METHOD:CANCEL)."""
    from sendresolve.cases.documents import session_invite as invite

    case = case_or_404(request, reference)
    session = case.sessions.select_related("venue", "case__provider").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    audit_record(
        actor=request.actor,
        action="case.read.invite",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"session": session.pk},
    )
    ics = invite(session, domain=request.get_host(), reader=request.actor)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-meeting.ics"'
    return response
