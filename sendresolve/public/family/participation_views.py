"""The family's own pages for taking part (issue 22), from their status page through its
signed link: change what they need to take part, and name a supporter (until now only staff
could add people). Each is a family action of the catalogue through the recorder
(``participation_needs_family_change``, ``supporter_name``), once per submission key.

Neither changes the contact details, so the link stays valid: a repeat of the same form (a
double click) is answered by the recorder's receipt, as the first was.
"""

from django import forms as django_forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.cases.recorder import action_perform
from sendresolve.core.errors import ValidationError
from sendresolve.participation.forms import NeedsForm
from sendresolve.participation.selectors import needs_for
from sendresolve.public.family.participation_forms import SupporterForm
from sendresolve.public.family.status_forms import submission_key_new
from sendresolve.public.family.status_views import SAME_ORIGIN, _case_or_error_page, _private
from sendresolve.tenancy.actors import FamilyActor

TEMPLATES = "public/family/status/"


class _Keyed:
    """The hidden key that makes a double submission count once."""

    def clean_submission_key(self):
        value = self.cleaned_data["submission_key"]
        if not value.replace("-", "").replace("_", "").isalnum():
            raise django_forms.ValidationError("Go back to your case and try again")
        return value


class FamilyNeedsForm(_Keyed, NeedsForm):
    submission_key = django_forms.CharField(
        max_length=40, min_length=16, widget=django_forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, supporter=False, **kwargs)


class FamilySupporterForm(_Keyed, SupporterForm):
    submission_key = django_forms.CharField(
        max_length=40, min_length=16, widget=django_forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        if not (data.get("supporter_name") or "").strip() and "supporter_name" not in self.errors:
            self.add_error("supporter_name", "Enter your supporter's name")
        return data


def _status_url(token: str) -> str:
    return reverse("public:family-status", kwargs={"token": token}) + "#taking-part"


def _perform(form, case, action: str, /, **kwargs) -> bool:
    try:
        action_perform(
            action,
            actor=FamilyActor(user=None, user_id=None, case_id=case.pk),
            case=case,
            submission_key=form.cleaned_data["submission_key"],
            **kwargs,
        )
    except ValidationError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False
    return True


def _read(case, what: str) -> None:
    audit_record(
        actor=None,
        action=f"family.{what}.read",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
    )


def _page(request: HttpRequest, template: str, case, token: str, form) -> HttpResponse:
    return _private(
        render(
            request,
            TEMPLATES + template,
            {
                "case": case,
                "token": token,
                "form": form,
                "page_has_errors": bool(form.errors),
                "feedback_page": "/your-case/",
            },
            status=400 if form.errors else 200,
        ),
        SAME_ORIGIN,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def needs_change(request: HttpRequest, token: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    if request.method == "POST":
        form = FamilyNeedsForm(request.POST)
        if form.is_valid() and _perform(
            form, case, "participation_needs_family_change", needs=form.needs()
        ):
            return redirect(_status_url(token))
    else:
        _read(case, "participation_needs")
        initial = NeedsForm.initial_for(needs_for(case))
        form = FamilyNeedsForm(initial={**initial, "submission_key": submission_key_new()})
    return _page(request, "taking_part.html", case, token, form)


@never_cache
@require_http_methods(["GET", "POST"])
def supporter(request: HttpRequest, token: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    if request.method == "POST":
        form = FamilySupporterForm(request.POST)
        if form.is_valid():
            data = form.to_answers()
            if _perform(
                form,
                case,
                "supporter_name",
                name=data["supporter_name"],
                relationship=data["supporter_relationship"],
                contact=data["supporter_contact"],
                attends=data["supporter_attends"] == "yes",
            ):
                return redirect(_status_url(token))
    else:
        _read(case, "supporter")
        needs = needs_for(case)
        initial = {
            "supporter_name": needs.supporter_name,
            "supporter_relationship": needs.supporter_relationship,
            "supporter_contact": needs.supporter_contact,
            "submission_key": submission_key_new(),
        }
        if needs.supporter_name:
            initial["supporter_attends"] = "yes" if needs.supporter_attends else "no"
        form = FamilySupporterForm(initial=initial)
    return _page(request, "supporter.html", case, token, form)
