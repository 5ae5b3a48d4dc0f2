"""Staff case pages: the work queue, a case, one form per action, certificate downloads.

Views parse (forms), call one selector or service, and render. Every read of a case page or a
certificate is audited.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.cases import selectors as case_selectors
from sendresolve.cases import services
from sendresolve.cases.permissions import can_act, sees_confidential
from sendresolve.cases.states import Status, allowed_actions
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.core.http import certificate_removed
from sendresolve.core.paging import page_of
from sendresolve.staff import forms
from sendresolve.staff.case_context import resolution_context
from sendresolve.staff.views import tenant_404
from sendresolve.tenancy import selectors as tenancy_selectors
from sendresolve.tenancy.models import LocalAuthority

QUEUE_PAGE_SIZE = 25
DFE_CODE = re.compile(r"[0-9]{3}")
ASSIGNEE = re.compile(r"[0-9]{1,18}|none")


@dataclass(frozen=True)
class ActionPage:
    title: str
    form: type
    service: Any
    button: str
    hint: str = ""


# One entry per status-changing action a staff member can take from the case page.
ACTIONS: dict[str, ActionPage] = {
    "advice_give": ActionPage(
        "Record that mediation advice was given",
        forms.DateForm,
        services.advice_give,
        "Record advice given",
        "The day the adviser explained mediation to the family.",
    ),
    "mediation_decline": ActionPage(
        "Record that the family does not want mediation",
        forms.DateForm,
        services.mediation_decline,
        "Record decision",
        "The certificate is due within 3 working days of this date.",
    ),
    "mediation_request": ActionPage(
        "Record that the family wants mediation",
        forms.DateForm,
        services.mediation_request,
        "Record decision",
    ),
    "la_inform": ActionPage(
        "Record that the local authority was told",
        forms.DateForm,
        services.la_inform,
        "Record",
        "The 30-day clock for holding the mediation starts on this date.",
    ),
    "commissioning_body_notify": ActionPage(
        "Record that the health commissioning body was notified",
        forms.NotifyHealthForm,
        services.commissioning_body_notify,
        "Record",
    ),
    "la_cannot_arrange": ActionPage(
        "Record that the local authority cannot arrange mediation in 30 days",
        forms.DateForm,
        services.la_cannot_arrange,
        "Record",
        "A certificate is then due within 3 working days.",
    ),
    "certificate_issue": ActionPage(
        "Issue the mediation certificate",
        forms.DateForm,
        services.certificate_issue,
        "Issue certificate",
        "The date of issue printed on the certificate.",
    ),
    "follow_up_start": ActionPage(
        "Start following up agreed actions",
        forms.DateForm,
        services.follow_up_start,
        "Start follow-up",
    ),
    "case_close": ActionPage("Close the case", forms.DateForm, services.case_close, "Close case"),
    "case_withdraw": ActionPage(
        "Record that the family withdrew",
        forms.WithdrawForm,
        services.case_withdraw,
        "Withdraw case",
    ),
}


def _case_or_404(request, reference):
    try:
        return case_selectors.case_get(request.user, reference=reference)
    except NotFound:
        raise Http404("No such case") from None


def _audit_read(request, case, what: str, **detail) -> None:
    audit_record(
        actor=request.user,
        action=f"case.read.{what}",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail=detail,
    )


def _form_errors_from(form, error: ValidationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def _perform(form, service, **kwargs) -> bool:
    """Call ``service``; on a rule it breaks, put the message on the form. True if it worked."""
    try:
        service(**kwargs)
    except ValidationError as error:
        _form_errors_from(form, error)
    except NotAllowed as error:
        form.add_error(None, str(error))
    else:
        return True
    return False


def _render_form(request, template: str, form, context: dict) -> HttpResponse:
    """Render a form page: 400 with the error summary when it has errors, else 200."""
    context = {**context, "form": form, "page_has_errors": bool(form.errors)}
    return render(request, template, context, status=400 if form.errors else 200)


# What the work queue's rows show (``work_queue`` reads no other column of them).
QUEUE_ROW_FIELDS = (
    "reference",
    "child_name",
    "status",
    "opened_on",
    "local_authority__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)


@login_required
@require_GET
def work_queue(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    # Unknown filter values are ignored rather than passed to the database.
    get = request.GET.get
    filters = case_selectors.QueueFilters(
        local_authority=get("local_authority", "")
        if DFE_CODE.fullmatch(get("local_authority", ""))
        else "",
        status=get("status", "") if get("status") in Status.values else "",
        assignee=get("assignee", "") if ASSIGNEE.fullmatch(get("assignee", "")) else "",
        deadline=get("deadline", "") if get("deadline") in {"overdue", "due_soon"} else "",
    )
    # Only what the page's rows show: a tenth of the columns, no provider join.
    queue = (
        case_selectors.work_queue(request.user, today=today, filters=filters)
        .select_related(None)
        .select_related("local_authority", "assigned_to")
        .only(*QUEUE_ROW_FIELDS)
    )
    page = page_of(queue, request.GET.get("page"), size=QUEUE_PAGE_SIZE)
    local_authorities = tenancy_selectors.local_authorities_for(request.user, on=today)
    return render(
        request,
        "staff/queue.html",
        {
            "page": page,
            "filters": filters,
            "today": today,
            "due_soon_until": today + dt.timedelta(days=case_selectors.DUE_SOON_DAYS),
            "counts": case_selectors.queue_counts(request.user, today=today),
            "local_authorities": list(local_authorities.order_by("name").only("name", "dfe_code")),
            "statuses": Status.choices,
            "can_open": tenancy_selectors.providers_for(request.user).exists(),
            "prev_url": _page_url(request, page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": _page_url(request, page.next_page_number()) if page.has_next() else "",
        },
    )


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


@login_required
@require_GET
@tenant_404
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    _audit_read(request, case, "page")
    user = request.user
    allowed = allowed_actions(case.status, kind=case.kind)
    actions = [
        (name, ACTIONS[name]) for name in allowed if name in ACTIONS and can_act(user, case, name)
    ]
    deadlines = list(case_selectors.case_deadlines(case))
    action_deadlines: dict[int, list] = {}
    for row in deadlines:
        if row.key.startswith("action:"):
            action_deadlines.setdefault(int(row.key.split(":")[1]), []).append(row)
    return render(
        request,
        "staff/case.html",
        {
            "case": case,
            "today": clock.today(),
            "action_deadlines": action_deadlines,
            "issues": list(case.issues.select_related("outcome")),
            "parties": list(case.parties.all()),
            "deadlines": deadlines,
            "timeline": list(case_selectors.case_timeline(case)),
            "sessions": list(case.sessions.select_related("venue")),
            "agreement": case_selectors.case_agreement(case),
            "agreed_actions": list(case.actions.all()),
            "certificates": list(case.certificates.defer("pdf")),
            "notes": list(case_selectors.confidential_notes_for(user, case)),
            "sees_confidential": sees_confidential(user, case),
            "actions": actions,
            "can_schedule": "session_schedule" in allowed
            and can_act(user, case, "session_schedule"),
            "can_conclude": "mediation_conclude" in allowed
            and can_act(user, case, "mediation_conclude"),
            "can_record_tribunal": "tribunal_decision_record" in allowed
            and can_act(user, case, "tribunal_decision_record"),
            **resolution_context(user, case, deadlines),
            "can_act_provider": can_act(user, case, "note_add") and sees_confidential(user, case),
            "can_complete": {
                a.pk: can_act(user, case, "action_complete", action_owner=a.owner)
                for a in case.actions.all()
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    page = ACTIONS.get(action)
    if page is None or not can_act(request.user, case, action):
        raise Http404("No such action")
    form = page.form(request.POST or None, initial={"on": clock.today()}, case=case)
    if request.method == "POST" and form.is_valid():
        if _perform(form, page.service, actor=request.user, case=case, **form.cleaned_data):
            return redirect("staff:case", reference=case.reference)
    return _render_form(request, "staff/action.html", form, {"case": case, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def session_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    if not can_act(request.user, case, "session_schedule"):
        raise Http404("No such action")
    form = forms.SessionForm(request.POST or None, local_authority=case.local_authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _perform(
            form,
            services.session_schedule,
            actor=request.user,
            case=case,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            mode=data["mode"],
            venue=data["venue"],
            shorter_notice_agreed=data["shorter_notice_agreed"],
            attendees=case.parties.all(),
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return _render_form(request, "staff/session_form.html", form, {"case": case})


@login_required
@require_http_methods(["POST"])
@tenant_404
def session_update(request: HttpRequest, reference: str, session_id: int, what: str):
    case = _case_or_404(request, reference)
    session = case.sessions.filter(pk=session_id).first()
    if session is None or what not in {"held", "notice-sent"}:
        raise Http404("No such session")
    try:
        if what == "held":
            services.session_hold(actor=request.user, session=session)
        else:
            services.session_notice_send(actor=request.user, session=session, on=clock.today())
    except (ValidationError, NotAllowed) as error:
        return _case_error(request, case, str(error))
    return redirect("staff:case", reference=case.reference)


def _case_error(request, case, message):
    return render(request, "staff/case_error.html", {"case": case, "message": message}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def conclude(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    if not can_act(request.user, case, "mediation_conclude"):
        raise Http404("No such action")
    issues = list(case.issues.all())
    form = forms.ConcludeForm(
        request.POST or None, issues=issues, initial={"on": clock.today(), "la_was_party": True}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _perform(
            form,
            services.mediation_conclude,
            actor=request.user,
            case=case,
            on=data["on"],
            outcomes=form.outcomes(),
            agreement_text=data["agreement_text"],
            la_was_party=data["la_was_party"],
            actions=form.actions(),
            confidential_note=data["confidential_note"],
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return _render_form(
        request,
        "staff/conclude.html",
        form,
        {"case": case, "issues": issues, "rows": range(forms.ACTION_ROWS)},
    )


@login_required
@require_http_methods(["POST"])
@tenant_404
def action_complete(request: HttpRequest, reference: str, action_id: int) -> HttpResponse:
    case = _case_or_404(request, reference)
    action = case.actions.select_related("agreement", "case").filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    try:
        services.action_complete(actor=request.user, action=action, on=clock.today())
    except NotFound:
        raise Http404("No such action") from None
    except (ValidationError, NotAllowed) as error:
        return _case_error(request, case, str(error))
    return redirect("staff:case", reference=case.reference)


@login_required
@require_http_methods(["POST"])
@tenant_404
def note_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return _case_error(request, case, "Enter the note.")
    try:
        services.note_add(actor=request.user, case=case, text=form.cleaned_data["text"])
    except NotFound:
        raise Http404("No such case") from None
    except ValidationError as error:
        return _case_error(request, case, str(error))
    return redirect("staff:case", reference=case.reference)


@login_required
@require_GET
@tenant_404
def certificate_pdf(request: HttpRequest, reference: str, number: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    certificate = case.certificates.filter(number=number).first()
    if certificate is None:
        raise Http404("No such certificate")
    _audit_read(request, case, "certificate", number=number)
    if not certificate.pdf:
        return certificate_removed()
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@login_required
@require_GET
@tenant_404
def session_invite(request: HttpRequest, reference: str, session_id: int) -> HttpResponse:
    from sendresolve.documents.calendar_invites import session_invite_ics

    case = _case_or_404(request, reference)
    session = case.sessions.select_related("venue").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    _audit_read(request, case, "invite", session=session.pk)
    location = session.venue.name if session.venue else session.get_mode_display()
    ics = session_invite_ics(
        uid=f"session-{session.pk}@{request.get_host()}",
        start=session.starts_at,
        end=session.ends_at,
        summary=f"SEND mediation {case.reference}",
        location=location,
        description="Mediation meeting. Please bring any papers you want to refer to.",
        organiser_email=case.provider.email or "no-reply@localhost",
        attendees=[(p.name, p.email) for p in session.attendees.all() if p.email],
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-meeting.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    providers = list(tenancy_selectors.providers_for(request.user))
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
        try:
            case = services.case_open(
                actor=request.user,
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
                assigned_to=request.user,
                dr_type=data["dr_type"],
                has_ehc_plan=data["has_ehc_plan"],
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
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
