"""Forms for staff actions. They only parse input; the services decide what is allowed."""

import datetime as dt

from django import forms

from sendresolve.cases.models import AgreedAction, Outcome, Venue
from sendresolve.cases.venues import venues_serving
from sendresolve.cases.vocabulary import (
    Body,
    CancelledBy,
    CaseKind,
    Channel,
    DrType,
    IssueSubject,
    Requester,
)
from sendresolve.core import clock
from sendresolve.core.forms import DateInput, EmailField, Form, GovDateField  # noqa: F401 - re-exported
from sendresolve.staff.triage_forms import ReferralForm


class DateForm(Form):
    on = GovDateField(label="Date")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class NotifyHealthForm(DateForm):
    """MED-03: which health body the LA notified, when the case has several."""

    commissioning_body = forms.ChoiceField(
        label="Health body notified",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Choose a health body on this case"},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        links = list(case.health_bodies.select_related("commissioning_body")) if case else []
        self.bodies = {str(link.commissioning_body_id): link.commissioning_body for link in links}
        self.fields["commissioning_body"].choices = [("", "Choose")] + [
            (key, body.name) for key, body in self.bodies.items()
        ]

    def clean_commissioning_body(self):
        return self.bodies.get(self.cleaned_data.get("commissioning_body") or "")


class WithdrawForm(DateForm):
    reason = forms.CharField(max_length=300, required=False)


# -- rearranging and cancelling meetings, reopening and undoing (issue 18) ----------------------


class CancelForm(WithdrawForm):
    """Cancelling a meeting: when, who called it off, and why."""

    cancelled_by = forms.ChoiceField(
        choices=CancelledBy.choices,
        error_messages={
            "required": "Choose who cancelled the meeting",
            "invalid_choice": "Choose who cancelled the meeting",
        },
    )


class ReasonForm(Form):
    """Reopening a case or undoing a step: the reason, always."""

    reason = forms.CharField(
        max_length=300,
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class AssignForm(Form):
    """Whom to assign the case to: one of the provider's staff, or no one."""

    assignee = forms.ChoiceField(
        label="Assign to", required=False, error_messages={"invalid_choice": "Choose someone"}
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        self.fields["assignee"].choices = [("", "No one")] + [
            (key, user.get_full_name() or user.get_username()) for key, user in self.staff.items()
        ]

    def clean_assignee(self):
        return self.staff.get(self.cleaned_data["assignee"])


class NoteForm(Form):
    text = forms.CharField(widget=forms.Textarea, error_messages={"required": "Enter the note"})

    def __init__(self, *args, **kwargs):
        # The case page's field is "note-text" (the page has other forms), so the error
        # summary links to it.
        kwargs.setdefault("auto_id", "note-%s")
        super().__init__(*args, **kwargs)


class SessionForm(Form):
    day = GovDateField(label="Date of the meeting")
    start = forms.TimeField(
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time like 10:00",
        }
    )
    end = forms.TimeField(
        error_messages={
            "required": "Enter the end time",
            "invalid": "Enter the end time like 13:00",
        }
    )
    mode = forms.ChoiceField(
        choices=Venue.Mode.choices,
        error_messages={"required": "Choose how the meeting will be held"},
    )
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), required=False)
    shorter_notice_agreed = forms.BooleanField(required=False)

    def __init__(self, *args, local_authority=None, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The provider's own venues serving the LA, and the LA's unmanaged ones (issue 22).
        self.fields["venue"].queryset = venues_serving(local_authority, provider)

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start") and data.get("end"):
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], clock.LONDON)
            data["ends_at"] = dt.datetime.combine(data["day"], data["end"], clock.LONDON)
        return data


class RearrangeForm(SessionForm):
    """A meeting's new date, time and place, and why it moves. ``warnings_seen`` is set once the
    page has shown the rules the new date breaks, so sending it again rearranges anyway."""

    reason = forms.CharField(
        max_length=300,
        error_messages={
            "required": "Enter why the meeting is being rearranged",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
    warnings_seen = forms.BooleanField(required=False, widget=forms.HiddenInput)


class OpenCaseForm(ReferralForm):  # with the referral fields, when someone referred the family
    local_authority = forms.ChoiceField(
        choices=(), error_messages={"required": "Choose the local authority"}
    )
    kind = forms.ChoiceField(choices=CaseKind.choices, initial=CaseKind.MEDIATION)
    dr_type = forms.ChoiceField(
        choices=[("", "Not disagreement resolution"), *DrType.choices], required=False
    )
    has_ehc_plan = forms.ChoiceField(
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")], required=False
    )
    with_body = forms.ChoiceField(choices=[("", "Not recorded"), *Body.choices], required=False)
    child_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter the name of the child or young person"}
    )
    child_date_of_birth = GovDateField(label="Date of birth", required=False)
    requester = forms.ChoiceField(
        choices=Requester.choices, error_messages={"required": "Choose who is asking"}
    )
    requester_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter the name of the person asking"}
    )
    email = EmailField(
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(max_length=40, required=False)
    preferred_channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.EMAIL)
    decision_description = forms.CharField(max_length=300, required=False)
    decision_letter_date = GovDateField(label="Date of the decision letter", required=False)
    subjects = forms.MultipleChoiceField(
        choices=IssueSubject.choices,
        error_messages={"required": "Choose at least one issue in dispute"},
    )
    health_care_in_issue = forms.BooleanField(required=False)
    opened_on = GovDateField(label="Date of first contact")

    def clean_has_ehc_plan(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("has_ehc_plan") or "")

    def __init__(self, *args, local_authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The referral fields come last on the page, so they come last in the error summary.
        self.order_fields([name for name in self.fields if name not in ReferralForm.base_fields])
        self.fields["local_authority"].choices = [("", "Choose")] + [
            (la.dfe_code, la.name) for la in local_authorities
        ]


OUTCOME_CHOICES = Outcome.Result.choices
OWNER_CHOICES = AgreedAction.Owner.choices
CLOCK_CHOICES = AgreedAction.Clock.choices
ACTION_ROWS = 3


class ConcludeForm(Form):
    on = GovDateField(label="Date mediation concluded")
    agreement_text = forms.CharField(widget=forms.Textarea, required=False)
    la_was_party = forms.BooleanField(required=False, initial=True)
    confidential_note = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, issues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = list(issues)
        for issue in self.issues:
            self.fields[f"outcome_{issue.pk}"] = forms.ChoiceField(
                choices=OUTCOME_CHOICES,
                label=issue.get_subject_display(),
                error_messages={"required": f"Choose the outcome for: {issue}"},
            )
        for row in range(ACTION_ROWS):
            self.fields[f"action_{row}_description"] = forms.CharField(
                max_length=300, required=False
            )
            self.fields[f"action_{row}_owner"] = forms.ChoiceField(
                choices=[("", "Choose")] + OWNER_CHOICES, required=False
            )
            self.fields[f"action_{row}_clock"] = forms.ChoiceField(
                choices=CLOCK_CHOICES, required=False, initial=AgreedAction.Clock.NON_APPEALABLE
            )
            self.fields[f"action_{row}_due"] = GovDateField(label="Agreed due date", required=False)

    def outcomes(self) -> dict[int, str]:
        return {issue.pk: self.cleaned_data[f"outcome_{issue.pk}"] for issue in self.issues}

    def actions(self):
        from sendresolve.cases.services import ActionInput

        rows = []
        for row in range(ACTION_ROWS):
            description = self.cleaned_data.get(f"action_{row}_description", "").strip()
            if description:
                rows.append(
                    ActionInput(
                        description=description,
                        owner=self.cleaned_data.get(f"action_{row}_owner") or "",
                        clock=self.cleaned_data.get(f"action_{row}_clock")
                        or AgreedAction.Clock.NON_APPEALABLE,
                        agreed_due_on=self.cleaned_data.get(f"action_{row}_due"),
                    )
                )
        return rows
