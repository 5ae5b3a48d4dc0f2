"""Staff pages for the contact log and tasks: log a contact, add a task, mark one done or
reopen it. Views parse (forms), call one catalogue action, and render; the services decide
who may act."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.cases import selectors as case_selectors
from sendresolve.cases.contact_selectors import task_get
from sendresolve.cases.permissions import can_act, sees_confidential
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.staff.case_views import button_perform, case_or_404, form_perform, form_render
from sendresolve.staff.contact_forms import ContactForm, TaskForm
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest, user_of

TASK_BUTTONS = {"done": "task_done", "reopen": "task_reopen"}


def _allowed(request: ActorRequest, case, action: str) -> None:
    if not can_act(request.actor, case, action):
        raise Http404("No such action")


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def contact_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "contact_log")
    form = ContactForm(
        request.POST or None,
        parties=case.parties.all(),
        may_mark_confidential=sees_confidential(request.actor, case),
        initial={"occurred_at": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        if form_perform(form, request, case, "contact_log", **form.service_kwargs()):
            return redirect("staff:case", reference=case.reference)
    return form_render(
        request,
        "staff/case_form.html",
        form,
        {
            "case": case,
            "title": "Log a contact",
            "button": "Log contact",
            "lead": "A phone call, email, letter, meeting or text message about the case. "
            "Everyone who can see the case can read it unless you mark it confidential. The "
            "mediator's without-prejudice notes belong in the confidential notes instead.",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def task_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    _allowed(request, case, "task_add")
    me = user_of(request.actor)
    form = TaskForm(
        request.POST or None,
        staff=case_selectors.provider_staff(case),
        initial={"owner": str(me.pk) if me else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = form_perform(
            form,
            request,
            case,
            "task_add",
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        if done:
            return redirect("staff:case", reference=case.reference)
    return form_render(
        request,
        "staff/case_form.html",
        form,
        {
            "case": case,
            "title": "Add a task",
            "button": "Add task",
            "lead": "The task shows in its owner's work queue until it is marked done.",
        },
    )


@login_required
@require_POST
@tenant_404
def task_update(request: ActorRequest, reference: str, task_id: int, what: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if what not in TASK_BUTTONS:
        raise Http404("No such task")
    try:
        task = task_get(case, task_id=task_id)
    except NotFound:
        raise Http404("No such task") from None
    return button_perform(request, case, TASK_BUTTONS[what], task=task)
