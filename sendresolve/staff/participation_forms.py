"""Forms for the child's views: recording them (with the child's consent) and recording that
the family agreed to share them. They parse; ``participation.services`` decides."""

from django import forms

from sendresolve.core.forms import Form, GovDateField
from sendresolve.participation.vocabulary import ChildWay

WAYS = [(value, label) for value, label in ChildWay.choices if value != ChildWay.NOT_TAKING_PART]


class ChildViewsForm(Form):
    way = forms.ChoiceField(
        label="How they gave their views",
        choices=WAYS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they gave their views"},
    )
    text = forms.CharField(
        label="Their views, in their own words",
        help_text="Write what they said, wrote or showed, as they put it. For a drawing or a "
        "recording, describe it and what they said about it.",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter their views, in their own words",
            "max_length": "Enter 5,000 characters or fewer",
        },
    )
    consent = forms.BooleanField(
        label="They agreed to their views being recorded and used in the mediation",
        required=False,
    )
    consent_on = GovDateField(label="The day they agreed", required=False)


class ShareForm(Form):
    agreed_by = forms.CharField(
        label="Who in the family agreed",
        help_text="For example, the parent's name, or the young person.",
        max_length=150,
        error_messages={"required": "Enter who in the family agreed"},
    )
    on = GovDateField(label="The day they agreed", required=False)
