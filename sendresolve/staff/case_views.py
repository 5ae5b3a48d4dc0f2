"""Staff case pages: the work queue, a case, one form per action, certificate downloads.

Views parse (forms), call one selector or service, and render. Every read of a case page or a
certificate is audited.
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.cases import selectors as case_selectors
from sendresolve.cases.actions import ACTIONS, FORM, Action
from sendresolve.cases.certificate_check import outdated_certificates
from sendresolve.cases.contact_selectors import open_tasks_for
from sendresolve.cases.items import case_items
from sendresolve.cases.permissions import actions_offered, can_act, sees_confidential
from sendresolve.cases.privacy import sees_family_details
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.core.http import certificate_removed
from sendresolve.core.paging import page_of
from sendresolve.core.templating import london_time
from sendresolve.law.dates import long_date
from sendresolve.notifications.selectors import (
    document_sendings_for,
    outbox_high_water,
    queued_since,
)
from sendresolve.staff import forms
from sendresolve.staff.banners import banner_add
from sendresolve.staff.case_context import resolution_context
from sendresolve.staff.contact_context import contacts_context
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.expense_context import expenses_context
from sendresolve.staff.next_step import case_buttons
from sendresolve.staff.steps import step_lead
from sendresolve.staff.triage_context import triage_context
from sendresolve.staff.views import sign_in_page
from sendresolve.tenancy import selectors as tenancy_selectors
from sendresolve.tenancy.actors import ActorRequest

QUEUE_PAGE_SIZE = 25
DFE_CODE = re.compile(r"[0-9]{3}")
ASSIGNEE = re.compile(r"[0-9]{1,18}|none")
SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")

# The generic action page's form for each set of catalogue fields.
FORMS_BY_FIELDS: dict[tuple[str, ...], type] = {
    ("on",): forms.DateForm,
    ("on", "commissioning_body"): forms.NotifyHealthForm,
    ("on", "reason"): forms.WithdrawForm,
    ("on", "cancelled_by", "reason"): forms.CancelForm,
    ("reason",): forms.ReasonForm,
}


def submission_key(request: ActorRequest) -> str:
    """The form's hidden submission key (``submission_key()`` in the templates), if well made."""
    key = request.POST.get("submission_key", "")
    return key if SUBMISSION_KEY.fullmatch(key) else ""


@require_http_methods(["GET", "POST"])
def home(request: ActorRequest) -> HttpResponse:
    """Show the sign-in form to anonymous visitors and the work queue to signed-in users."""
    if not request.user.is_authenticated:
        return sign_in_page(request)
    if request.method == "POST":
        return redirect("staff:home")
    return work_queue(request)


def case_or_404(request, reference):
    try:
        return case_selectors.case_get(request.actor, reference=reference)
    except NotFound:
        raise Http404("No such case") from None


def _audit_read(request, case, what: str, **detail) -> None:
    audit_record(
        actor=request.actor,
        action=f"case.read.{what}",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail=detail,
    )


def _form_errors_from(form, error: ValidationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def action_run(request, case, name: str, /, **kwargs) -> Any:
    """Perform a catalogue action once per submission and, if it worked, queue the success
    banner: the catalogue's title, and who the messages it queued went to. Every staff page
    performs its action through here (``form_perform``, ``button_perform``)."""
    high_water = outbox_high_water()
    result = action_perform(
        name,
        actor=request.actor,
        case=case,
        submission_key=submission_key(request),
        **kwargs,
    )
    banner_add(
        request,
        title=ACTIONS[name].title,
        queued=queued_since(high_water, reference=case.reference),
        case=case,
        repeated=isinstance(result, Replayed),
    )
    return result


def form_perform(form, request, case, name: str, /, **kwargs) -> bool:
    """Perform a catalogue action once per submission; on a rule it breaks, put the message on
    the form. True if it worked (or was already done by the same submission)."""
    try:
        action_run(request, case, name, **kwargs)
    except ValidationError as error:
        _form_errors_from(form, error)
    except NotAllowed as error:
        form.add_error(None, str(error))
    else:
        return True
    return False


def form_render(request, template: str, form, context: dict) -> HttpResponse:
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
def work_queue(request: ActorRequest) -> HttpResponse:
    return queue_page(request)


def queue_page(request: ActorRequest, *, assign_form: Any = None) -> HttpResponse:
    """The work queue (with the "New and unassigned" section on its first page, and
    ``assign_form``'s errors when assigning from it failed)."""
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
        case_selectors.work_queue(request.actor, today=today, filters=filters)
        .select_related(None)
        .select_related("local_authority", "assigned_to")
        .only(*QUEUE_ROW_FIELDS)
    )
    page = page_of(queue, request.GET.get("page"), size=QUEUE_PAGE_SIZE)
    local_authorities = tenancy_selectors.local_authorities_for(request.actor, on=today)
    return render(
        request,
        "staff/queue.html",
        {
            "page": page,
            "filters": filters,
            "today": today,
            "due_soon_until": today + dt.timedelta(days=case_selectors.DUE_SOON_DAYS),
            "counts": case_selectors.queue_counts(request.actor, today=today),
            # The filters' options, as (value, text): the first is "no filter".
            "local_authority_options": [
                ("", "All"),
                *local_authorities.order_by("name").values_list("dfe_code", "name"),
            ],
            "status_options": [("", "Any open status"), *Status.choices],
            "can_open": tenancy_selectors.providers_for(request.actor).exists(),
            "my_tasks": open_tasks_for(request.actor),  # "Your tasks" (_queue_tasks.html)
            "prev_url": _page_url(request, page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": _page_url(request, page.next_page_number()) if page.has_next() else "",
            **triage_context(request, page, assign_form),
        },
        status=400 if assign_form is not None and assign_form.errors else 200,
    )


def _page_url(request: ActorRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


@login_required
@require_GET
@tenant_404
def case_detail(request: ActorRequest, reference: str) -> HttpResponse:
    return case_page(request, case_or_404(request, reference))


def case_page(request: ActorRequest, case, *, note_form=None) -> HttpResponse:
    """The case page; with ``note_form``, its confidential-note form came back with an error
    (400, the error summary linking to the note's field)."""
    _audit_read(request, case, "page")
    actor = request.actor
    deadlines = list(case_selectors.case_deadlines(case))
    items = case_items(case, deadlines=deadlines)
    offer = actions_offered(actor, case, items=items)
    certificates = list(items.certificates)
    issues = list(items.issues)
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
            "offer": offer,
            "action_deadlines": action_deadlines,
            "issues": issues,
            # Whether an appeal needs a certificate, from the issues read above (no query).
            "certificate_required": case.certificate_required({i.subject for i in issues}),
            "parties": items.parties,
            "deadlines": deadlines,
            "timeline": list(case_selectors.case_timeline(case, actor)),
            "sessions": items.sessions,
            "agreement": items.agreement,
            "agreed_actions": items.agreed_actions,
            "certificates": certificates,
            # Corrections (issue 18): certificates in force a correction outdated, and why.
            "outdated_certificates": outdated_certificates(
                case, certificates, [issue.get_subject_display() for issue in issues]
            ),
            "notes": list(case_selectors.confidential_notes_for(actor, case)),
            "sees_confidential": sees_confidential(actor, case),
            # The buttons at the top: the next step that fits this case first (primary).
            "buttons": case_buttons(case, offer, items),
            "event_types": dict(EventType.choices),
            # Privacy by stage: LA and health officers see neither the family's contact
            # details nor their own words (cases.permissions).
            "family_details": sees_family_details(actor, case),
            **resolution_context(case, deadlines, items),
            "note_form": note_form,
            "page_has_errors": bool(note_form is not None and note_form.errors),
            **contacts_context(actor, case, items),
            # Documents sent to the family by their chosen channel, and any that could not go.
            "document_sendings": document_sendings_for(actor, case),
            **expenses_context(actor, case),
        },
        status=400 if note_form is not None and note_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def case_action(request: ActorRequest, reference: str, action: str) -> HttpResponse:
    case = case_or_404(request, reference)
    entry: Action | None = ACTIONS.get(action)
    # An action on an item inside the case has the item's page (``case_item_action``).
    if entry is None or entry.page != FORM or entry.target != "case":
        raise Http404("No such action")
    if not can_act(request.actor, case, action):
        raise Http404("No such action")
    form_class = FORMS_BY_FIELDS[entry.fields]
    form = form_class(request.POST or None, initial={"on": clock.today()}, case=case)
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, action, **form.cleaned_data):
            return redirect("staff:case", reference=case.reference)
    return form_render(request, "staff/action.html", form, {"case": case, "page": entry})


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def session_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "session_schedule"):
        raise Http404("No such action")
    form = forms.SessionForm(
        request.POST or None, local_authority=case.local_authority, provider=case.provider
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = form_perform(
            form,
            request,
            case,
            "session_schedule",
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            mode=data["mode"],
            venue=data["venue"],
            shorter_notice_agreed=data["shorter_notice_agreed"],
            attendees=case.parties.all(),
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return form_render(request, "staff/session_form.html", form, {"case": case})


SESSION_BUTTONS = {"held": "session_hold", "notice-sent": "session_notice_send"}


@login_required
@require_http_methods(["POST"])
@tenant_404
def session_update(request: ActorRequest, reference: str, session_id: int, what: str):
    case = case_or_404(request, reference)
    session = case.sessions.filter(pk=session_id).first()
    if session is None or what not in SESSION_BUTTONS:
        raise Http404("No such session")
    action = SESSION_BUTTONS[what]
    extra = {"on": clock.today()} if action == "session_notice_send" else {}
    return button_perform(request, case, action, session=session, **extra)


def button_perform(request, case, name: str, /, **kwargs) -> HttpResponse:
    """Run a one-button action; a broken rule comes back as a clear page, not a crash."""
    try:
        action_run(request, case, name, **kwargs)
    except NotFound:
        raise Http404("No such action") from None
    except (ValidationError, NotAllowed) as error:
        return case_error(request, case, str(error))
    return redirect("staff:case", reference=case.reference)


def _meeting_lead(session: Any) -> str:
    starts = session.starts_at.astimezone(clock.LONDON)
    return f"The meeting on {long_date(starts.date())} at {london_time(starts)}."


# The things inside a case an action can be on (``Action.target``): how to find one within the
# case, the service's argument for it, and the sentence that names it on the action's page.
ITEMS: dict[str, tuple[Callable[[Any], Any], str, Callable[[Any], str]]] = {
    "session": (lambda case: case.sessions.all(), "session", _meeting_lead),
    "agreed_action": (lambda case: case.actions.all(), "action", lambda a: a.description),
    "party": (lambda case: case.parties.all(), "party", lambda p: p.name),
    "proceeding": (
        lambda case: case.proceedings.all(),
        "proceeding",
        lambda p: p.get_kind_display(),
    ),
    "event": (lambda case: case.events.all(), "event", step_lead),
}


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def case_item_action(
    request: ActorRequest, reference: str, action: str, item_id: int
) -> HttpResponse:
    """The generic form page for a catalogue action on one thing inside the case (a meeting,
    an agreed action, a party…), offered only when ``actions_offered`` offers it on that item."""
    case = case_or_404(request, reference)
    entry: Action | None = ACTIONS.get(action)
    if entry is None or entry.page != FORM or entry.target not in ITEMS:
        raise Http404("No such action")
    within, argument, describe = ITEMS[entry.target]
    item = within(case).filter(pk=item_id).first()
    if item is None or not actions_offered(request.actor, case).allows(action, item.pk):
        raise Http404("No such action")
    form_class = FORMS_BY_FIELDS[entry.fields]
    form = form_class(request.POST or None, initial={"on": clock.today()}, case=case)
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, action, **{argument: item}, **form.cleaned_data):
            return redirect("staff:case", reference=case.reference)
    return form_render(
        request, "staff/action.html", form, {"case": case, "page": entry, "lead": describe(item)}
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def case_assign(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "case_assign"):
        raise Http404("No such action")
    staff = case_selectors.provider_staff(case)
    form = forms.AssignForm(
        request.POST or None,
        staff=staff,
        initial={"assignee": str(case.assigned_to_id or "")},
    )
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, "case_assign", assignee=form.cleaned_data["assignee"]):
            return redirect("staff:case", reference=case.reference)
    return form_render(
        request,
        "staff/case_form.html",
        form,
        {
            "case": case,
            "title": "Reassign the case" if case.assigned_to_id else "Assign the case",
            "button": "Save",
            "lead": "Who at your organisation is working on this case.",
        },
    )


def case_error(request, case, message):
    return render(request, "staff/case_error.html", {"case": case, "message": message}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def conclude(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "mediation_conclude"):
        raise Http404("No such action")
    issues = list(case.issues.all())
    form = forms.ConcludeForm(
        request.POST or None, issues=issues, initial={"on": clock.today(), "la_was_party": True}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = form_perform(
            form,
            request,
            case,
            "mediation_conclude",
            on=data["on"],
            outcomes=form.outcomes(),
            agreement_text=data["agreement_text"],
            la_was_party=data["la_was_party"],
            actions=form.actions(),
            confidential_note=data["confidential_note"],
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return form_render(
        request,
        "staff/conclude.html",
        form,
        {"case": case, "issues": issues, "rows": range(forms.ACTION_ROWS)},
    )


@login_required
@require_http_methods(["POST"])
@tenant_404
def action_complete(request: ActorRequest, reference: str, action_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    action = case.actions.select_related("agreement", "case").filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    return button_perform(request, case, "action_complete", action=action, on=clock.today())


@login_required
@require_http_methods(["POST"])
@tenant_404
def note_add(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, note_form=form)
    return button_perform(request, case, "note_add", text=form.cleaned_data["text"])


@login_required
@require_GET
@tenant_404
def certificate_pdf(request: ActorRequest, reference: str, number: str) -> HttpResponse:
    case = case_or_404(request, reference)
    certificate = case.certificates.filter(number=number).first()
    if certificate is None:
        raise Http404("No such certificate")
    _audit_read(request, case, "certificate", number=number)
    if not certificate.pdf:
        return certificate_removed()
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response
