"""The needs on one page, for staff (every question) and for the family's status page (every
question but the supporter, whom they name on a page of its own). The request asks the same
questions one per page (``public.family.participation_forms``). Forms only parse; the service
decides (``services.needs_clean``).
"""

from django import forms

from sendresolve.core.forms import Form
from sendresolve.participation.models import ParticipationNeeds
from sendresolve.participation.services import SUPPORTER_FIELDS, NeedsInput
from sendresolve.participation.vocabulary import Access, ChildWay, Times


class NeedsForm(Form):
    interpreter_language = forms.CharField(
        max_length=80,
        required=False,
        error_messages={"max_length": "The language must be 80 characters or fewer"},
    )
    bsl = forms.BooleanField(required=False)
    access = forms.MultipleChoiceField(choices=Access.choices, required=False)
    access_other = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Enter 500 characters or fewer"},
    )
    times = forms.MultipleChoiceField(choices=Times.choices, required=False)
    times_note = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Enter 300 characters or fewer"},
    )
    child_ways = forms.MultipleChoiceField(choices=ChildWay.choices, required=False)
    child_note = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Enter 300 characters or fewer"},
    )
    supporter_name = forms.CharField(max_length=150, required=False)
    supporter_relationship = forms.CharField(max_length=100, required=False)
    supporter_contact = forms.CharField(max_length=254, required=False)
    supporter_attends = forms.BooleanField(required=False)

    def __init__(self, *args, supporter: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not supporter:
            for name in SUPPORTER_FIELDS:
                del self.fields[name]
        for name in ("access", "times", "child_ways"):
            self.fields[name].error_messages["invalid_choice"] = "Select from the list"

    @staticmethod
    def initial_for(needs: ParticipationNeeds) -> dict:
        return {
            name: getattr(needs, name) for name in NeedsForm.base_fields if hasattr(needs, name)
        }

    def needs(self) -> NeedsInput:
        data = self.cleaned_data
        return NeedsInput(
            interpreter_language=data["interpreter_language"],
            bsl=data["bsl"],
            access=tuple(data["access"]),
            access_other=data["access_other"],
            times=tuple(data["times"]),
            times_note=data["times_note"],
            child_ways=tuple(data["child_ways"]),
            child_note=data["child_note"],
            **{name: data[name] for name in SUPPORTER_FIELDS if name in data},
        )
