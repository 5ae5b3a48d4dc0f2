"""Forms for the contact log and tasks. They only parse input; the services decide."""

import datetime as dt

from django import forms

from sendresolve.cases.contact_models import ContactKind, Direction
from sendresolve.core import clock
from sendresolve.core.forms import Form, GovDateField


class ContactForm(Form):
    kind = forms.ChoiceField(
        label="How",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made"},
    )
    direction = forms.ChoiceField(
        label="Which way",
        choices=[(Direction.IN, "Incoming (to us)"), (Direction.OUT, "Outgoing (from us)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was incoming or outgoing"},
    )
    party = forms.ChoiceField(
        label="With someone taking part (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose someone taking part in this case"},
    )
    with_whom = forms.CharField(
        label="With whom",
        max_length=150,
        required=False,
        help_text="Name and organisation, for example ‘Jo Smith, Barnet SEND team’. Leave empty "
        "to use the person chosen above.",
    )
    occurred_at = GovDateField(label="Date", help_text="For example, 27 3 2024")
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="For example, 14:30",
        error_messages={"invalid": "Enter the time like 14:30"},
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter a summary"},
    )
    confidential = forms.BooleanField(
        label="Confidential: only our own staff can see it", required=False
    )

    def __init__(self, *args, parties=(), may_mark_confidential=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {str(party.pk): party for party in parties}
        self.fields["party"].choices = [("", "No one on the case")] + [
            (key, f"{party.name} ({party.get_role_display()})")
            for key, party in self.parties.items()
        ]
        if not may_mark_confidential:
            del self.fields["confidential"]

    def clean_party(self):
        return self.parties.get(self.cleaned_data.get("party") or "")

    def clean(self):
        data = super().clean()
        day = data.get("occurred_at")
        if isinstance(day, dt.date):
            now = clock.now().astimezone(clock.LONDON)
            # A day without a time: today's contact at the current minute, an earlier one at noon.
            at = data.get("time") or (now.time() if day == now.date() else dt.time(12))
            data["occurred_at"] = dt.datetime.combine(day, at, clock.LONDON)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "direction": data["direction"],
            "party": data["party"],
            "with_whom": data["with_whom"],
            "occurred_at": data["occurred_at"],
            "summary": data["summary"],
            "confidential": data.get("confidential", False),
        }


class TaskForm(Form):
    description = forms.CharField(
        label="What needs doing",
        max_length=300,
        error_messages={"required": "Enter what needs doing"},
        help_text="For example, ‘Call the LA officer back about the meeting date’.",
    )
    owner = forms.ChoiceField(
        label="Who will do it", error_messages={"required": "Choose who will do it"}
    )
    due_on = GovDateField(label="Due date", help_text="For example, 27 3 2024")

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        self.fields["owner"].choices = [("", "Choose")] + [
            (key, user.get_full_name() or user.get_username()) for key, user in self.staff.items()
        ]

    def clean_owner(self):
        return self.staff.get(self.cleaned_data["owner"])
