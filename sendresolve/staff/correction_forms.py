"""Forms for corrections (``cases.services.corrections``). They only parse input: the service
decides what may change and when a reason is needed."""

from typing import Any, cast

from django import forms

from sendresolve.cases.vocabulary import Body, Channel, IssueSubject, PartyRole, Requester
from sendresolve.core.forms import EmailField, Form, GovDateField

REASON_HINT = "Shown in the case's timeline. Needed when you change a date: it can move a deadline."


def _reason() -> forms.CharField:
    return forms.CharField(
        label="Reason for the correction",
        help_text=REASON_HINT,
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )


def _text(label: str, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"The {label.lower()} must be {max_length} characters or fewer",
        },
    )


class CorrectionForm(Form):
    """Base: ``changes(current)`` gives the fields whose value differs from ``current``'s."""

    def changes(self, current: Any) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "reason" and getattr(current, name) != value
        }


class DetailsForm(CorrectionForm):
    """The family's and child's details and how they prefer to be contacted."""

    child_name = _text("Child's name", 150, required=True)
    child_date_of_birth = GovDateField(
        label="Child's date of birth", required=False, help_text="For example, 27 3 2012"
    )
    requester = forms.ChoiceField(
        label="Who is asking",
        choices=[c for c in Requester.choices if c[0] != Requester.LOCAL_AUTHORITY],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is asking"},
    )
    requester_name = _text("Name of the person asking", 150, required=True)
    email = EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )
    phone = _text("Phone number", 40)
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea)
    preferred_channel = forms.ChoiceField(
        label="How they prefer to be contacted",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they prefer to be contacted"},
    )
    reason = _reason()


class DecisionForm(CorrectionForm):
    """The decision the family disagrees with and the date of its letter."""

    decision_description = forms.CharField(
        label="Decision",
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "The decision must be 300 characters or fewer"},
    )
    decision_letter_date = GovDateField(
        label="Date of the decision letter",
        required=False,
        help_text="The appeal deadline counts from this date. For example, 27 3 2024",
    )
    reason = _reason()


class IssueForm(CorrectionForm):
    subject = forms.ChoiceField(
        label="What the issue is about",
        choices=[("", "Choose"), *IssueSubject.choices],
        error_messages={"required": "Choose what the issue is about"},
    )
    with_body = forms.ChoiceField(
        label="Disagreement with (optional)",
        choices=[("", "Not recorded"), *Body.choices],
        required=False,
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea
    )
    reason = _reason()


class PartyForm(CorrectionForm):
    name = _text("Name", 150, required=True)
    role = forms.ChoiceField(
        label="Part in the case",
        choices=PartyRole.choices,
        error_messages={"required": "Choose their part in the case"},
    )
    organisation = _text("Organisation", 150)
    email = EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )
    phone = _text("Phone number", 40)
    has_authority_to_agree = forms.BooleanField(
        label="They have authority to agree on behalf of their organisation", required=False
    )
    access_needs = forms.CharField(
        label="Access needs (optional)",
        help_text="What they need to take part: an interpreter, step-free access, breaks.",
        required=False,
        widget=forms.Textarea,
    )
    reason = _reason()


class ReasonForm(Form):
    reason = _reason()


class HealthBodyForm(Form):
    commissioning_body = forms.ChoiceField(
        label="Health commissioning body",
        choices=(),
        error_messages={
            "required": "Choose a health body",
            "invalid_choice": "Choose a health body that covers this local authority",
        },
    )

    def __init__(self, *args: Any, bodies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = {str(body.pk): body for body in bodies}
        field = cast(forms.ChoiceField, self.fields["commissioning_body"])
        field.choices = [("", "Choose"), *((key, b.name) for key, b in self.bodies.items())]

    def clean_commissioning_body(self) -> Any:
        return self.bodies.get(self.cleaned_data["commissioning_body"])
