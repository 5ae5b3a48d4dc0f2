"""Staff pages for corrections: the family and child, the decision, each issue, each person
taking part, health bodies added in error, and issuing a corrected certificate.

Each page is pre-filled, has an error summary linking to the field and a reason field, and
performs one catalogue action once per submission (``cases.recorder.action_perform``). The
success banner on the case page says what was corrected and which deadlines moved.
"""

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendresolve.cases.certificate_check import certificates_outdated
from sendresolve.cases.models import ActionReceipt, Case, CaseEvent
from sendresolve.cases.permissions import actions_offered, can_act
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.cases.services.corrections import correction_moved, correction_summary
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.staff import correction_forms as forms
from sendresolve.staff.case_views import case_error, case_or_404, submission_key
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest

DETAILS_FIELDS = (
    "child_name",
    "child_date_of_birth",
    "requester",
    "requester_name",
    "email",
    "phone",
    "address",
    "preferred_channel",
)
DECISION_FIELDS = ("decision_description", "decision_letter_date")
PARTY_FIELDS = tuple(forms.PartyForm.base_fields)[:-1]  # all but the reason


def _perform(request: ActorRequest, case: Case, form: Any, name: str, /, **kwargs: Any) -> Any:
    """Perform the correction once per submission; a broken rule goes on the form (None)."""
    try:
        result = action_perform(
            name, actor=request.actor, case=case, submission_key=submission_key(request), **kwargs
        )
    except ValidationError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None
    except NotAllowed as error:
        form.add_error(None, str(error))
        return None
    except NotFound:
        raise Http404("No such action") from None
    return result.result if isinstance(result, Replayed) else result


def _done(request: ActorRequest, case: Case, event: Any) -> HttpResponse:
    """Back to the case, with a banner saying what changed and what moved."""
    if isinstance(event, CaseEvent):
        # One success banner (``staff/base.html``): what changed, then a line for each
        # deadline that moved and each certificate that no longer says what the case says.
        lines = [correction_summary(event), *correction_moved(event)]
        lines += [
            f"Certificate {number} no longer says what the case says. It is not changed: "
            "issue a corrected certificate from the case page."
            for number in certificates_outdated(case)
        ]
        messages.success(request, "\n".join(lines))
    return redirect("staff:case", reference=case.reference)


def _page(
    request: ActorRequest, case: Case, form: Any, *, title: str, button: str, lead: str = ""
) -> HttpResponse:
    context = {
        "case": case,
        "form": form,
        "title": title,
        "button": button,
        "lead": lead,
        "page_has_errors": bool(form.errors),
    }
    return render(request, "staff/correct_form.html", context, status=400 if form.errors else 200)


def _case_fields(request, reference, fields, form_class, title, lead) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "case_correct"):
        raise Http404("No such action")
    if not case.has_family_party:  # disagreement resolution between an LA and a health body
        fields = tuple(name for name in fields if name != "requester")
    initial = {name: getattr(case, name) for name in fields}
    form = form_class(request.POST or None, initial=initial)
    for name in set(form.fields) - {*fields, "reason"}:
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        # Only what differs; if nothing does, all of it, so the service says "nothing was
        # changed" on the first field, or a repeated submission finds the first's result.
        changes = form.changes(case) or {name: form.cleaned_data[name] for name in fields}
        reason = form.cleaned_data["reason"]
        event = _perform(request, case, form, "case_correct", changes=changes, reason=reason)
        if event is not None:
            return _done(request, case, event)
    return _page(request, case, form, title=title, button="Save corrections", lead=lead)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def correct_details(request: ActorRequest, reference: str) -> HttpResponse:
    return _case_fields(
        request,
        reference,
        DETAILS_FIELDS,
        forms.DetailsForm,
        "Correct the family's and child's details",
        "Correct what was recorded wrongly. The timeline keeps what it said before.",
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def correct_decision(request: ActorRequest, reference: str) -> HttpResponse:
    return _case_fields(
        request,
        reference,
        DECISION_FIELDS,
        forms.DecisionForm,
        "Correct the decision",
        "A certificate already issued is not changed: if it says something else, you can "
        "issue a corrected one from the case page.",
    )


class AlreadyDone(Exception):
    """This form was submitted before and its correction made (a double click)."""


def _item_or_404(request: ActorRequest, case: Case, action: str, queryset: Any, pk: int) -> Any:
    """The item the correction is on, if it is offered on it now. A form submitted again after
    its item went (removed, replaced) is answered as the first submission was."""
    item = queryset.filter(pk=pk).first()
    if item is None or not actions_offered(request.actor, case).allows(action, item.pk):
        key = submission_key(request) if request.method == "POST" else ""
        if (
            key
            and ActionReceipt.objects.filter(
                user_id=request.user.pk or 0, key=key, case=case, action=action
            ).exists()
        ):
            raise AlreadyDone
        raise Http404("No such action")
    return item


def replays(view: Any) -> Any:
    """Answer a repeated submission whose item has gone with the case page, like the first."""

    @wraps(view)
    def wrapper(request: ActorRequest, reference: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, reference, **kwargs)
        except AlreadyDone:
            return redirect("staff:case", reference=reference)

    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def issue_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not can_act(request.actor, case, "issue_add"):
        raise Http404("No such action")
    form = forms.IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _perform(request, case, form, "issue_add", **form.cleaned_data)
        if event is not None:
            return _done(request, case, event)
    return _page(request, case, form, title="Add an issue", button="Add issue")


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
@replays
def issue_correct(request: ActorRequest, reference: str, issue_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    issue = _item_or_404(request, case, "issue_correct", case.issues.all(), issue_id)
    initial = {"subject": issue.subject, "with_body": issue.with_body, "description": ""}
    initial["description"] = issue.description
    form = forms.IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = _perform(request, case, form, "issue_correct", issue=issue, **form.cleaned_data)
        if event is not None:
            return _done(request, case, event)
    return _page(
        request,
        case,
        form,
        title="Correct an issue",
        button="Save corrections",
        lead=f"Now: {issue.get_subject_display()}.",
    )


def _confirm(request, case, form, *, title: str, lead: str, button: str) -> HttpResponse:
    return _page(request, case, form, title=title, button=button, lead=lead)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
@replays
def issue_remove(request: ActorRequest, reference: str, issue_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    issue = _item_or_404(request, case, "issue_remove", case.issues.all(), issue_id)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _perform(request, case, form, "issue_remove", issue=issue, **form.cleaned_data)
        if event is not None:
            return _done(request, case, event)
    return _confirm(
        request,
        case,
        form,
        title="Remove an issue recorded in error",
        lead=f"Remove “{issue.get_subject_display()}” from the case?",
        button="Remove issue",
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
@replays
def party_correct(request: ActorRequest, reference: str, party_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    party = _item_or_404(request, case, "party_correct", case.parties.all(), party_id)
    form = forms.PartyForm(
        request.POST or None, initial={name: getattr(party, name) for name in PARTY_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes(party) or {name: form.cleaned_data[name] for name in PARTY_FIELDS}
        reason = form.cleaned_data["reason"]
        event = _perform(
            request, case, form, "party_correct", party=party, changes=changes, reason=reason
        )
        if event is not None:
            return _done(request, case, event)
    return _page(
        request,
        case,
        form,
        title=f"Correct {party.name}'s details",
        button="Save corrections",
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
@replays
def health_body_remove(request: ActorRequest, reference: str, link_id: int) -> HttpResponse:
    case = case_or_404(request, reference)
    links = case.health_bodies.select_related("commissioning_body")
    link = _item_or_404(request, case, "health_body_remove", links, link_id)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _perform(request, case, form, "health_body_remove", link=link, **form.cleaned_data)
        if event is not None:
            return _done(request, case, event)
    return _confirm(
        request,
        case,
        form,
        title="Remove a health body added in error",
        lead=f"Remove {link.commissioning_body.name} from the case?",
        button="Remove health body",
    )


@login_required
@require_http_methods(["POST"])
@tenant_404
@replays
def certificate_correct(request: ActorRequest, reference: str, number: str) -> HttpResponse:
    case = case_or_404(request, reference)
    certificate = _item_or_404(
        request,
        case,
        "certificate_correct",
        case.certificates.defer("pdf"),
        case.certificates.filter(number=number).values_list("pk", flat=True).first() or 0,
    )
    try:
        result = action_perform(
            "certificate_correct",
            actor=request.actor,
            case=case,
            submission_key=submission_key(request),
            certificate=certificate,
        )
    except NotFound:
        raise Http404("No such action") from None
    except (ValidationError, NotAllowed) as error:
        return case_error(request, case, str(error))
    new = result.result if isinstance(result, Replayed) else result
    if new is not None:
        messages.success(
            request,
            f"Corrected certificate {new.number} issued. It replaces certificate "
            f"{certificate.number}, which is kept and marked as superseded.",
        )
    return redirect("staff:case", reference=case.reference)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def health_body_new(request: ActorRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    if not actions_offered(request.actor, case).allows("health_body_add"):
        raise Http404("No such action")
    bodies = case.local_authority.commissioning_bodies.exclude(
        pk__in=case.health_bodies.values("commissioning_body_id")
    ).order_by("name")
    form = forms.HealthBodyForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        link = _perform(request, case, form, "health_body_add", **form.cleaned_data)
        if link is not None:
            name = form.cleaned_data["commissioning_body"].name
            messages.success(request, f"{name} was added to the case.")
            return redirect("staff:case", reference=case.reference)
    return _page(
        request,
        case,
        form,
        title="Add a health commissioning body",
        button="Add health body",
        lead="A health body responsible for health care in issue on this case.",
    )
