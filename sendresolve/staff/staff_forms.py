"""Forms for running a provider's staff (issue 23). They only parse; ``tenancy.staffing``
decides."""

from django import forms

from sendresolve.core.forms import EmailField, Form
from sendresolve.tenancy.staffing import STAFF_ROLES

ROLE_HINTS = {
    "adviser": "Mediation adviser: gives mediation advice, records the family's decision and "
    "issues certificates after they decline",
    "mediator": "Mediator: holds the meetings, records outcomes and keeps confidential notes on "
    "the cases assigned to them",
    "coordinator": "Case coordinator: arranges meetings and assigns cases",
    "provider_manager": "Provider manager: everything, and staff, contracts and the audit trail",
    "finance": "Finance officer: invoices and contracts only, no case content",
}
ROLE_CHOICES = [(role.value, ROLE_HINTS[role.value]) for role in STAFF_ROLES]


class RolesForm(Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select at least one role",
            "invalid_choice": "Select roles from the list",
        },
    )


class InviteForm(RolesForm):
    email = EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation link is sent here. It works once, for 7 days.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    field_order = ["email", "roles"]


class AcceptForm(Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter your last name"}
    )
    password = forms.CharField(
        label="Create a password",
        max_length=128,
        strip=False,
        help_text="At least 12 characters. Avoid common words and your name.",
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Confirm your password",
        max_length=128,
        strip=False,
        error_messages={"required": "Enter your password again"},
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") not in (None, data["password"]):
            self.add_error("password_again", "The passwords do not match")
        return data
