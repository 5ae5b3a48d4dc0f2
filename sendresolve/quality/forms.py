"""The quality pages' forms: targets, a complaint, its response, and the survey."""

from __future__ import annotations

from django import forms

from sendresolve.core.forms import Form, GovDateField
from sendresolve.quality.models import ProviderComplaint, SurveyResponse


def _percent(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": f"Enter the target for {label.lower()} as a whole number, like 90",
            "min_value": "Enter a target from 0 to 100",
            "max_value": "Enter a target from 0 to 100",
        },
    )


class TargetsForm(Form):
    certificates_on_time = _percent("Certificates issued within 3 working days")
    held_within_30_days = _percent("Mediations held within 30 days")
    agreement_rate = _percent("Agreement rate")


class ComplaintForm(Form):
    complainant = forms.ChoiceField(
        label="Who complained",
        choices=ProviderComplaint.From.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who complained"},
    )
    received_on = GovDateField(label="Date received")
    summary = forms.CharField(
        label="Summary of the complaint",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter a summary of the complaint",
            "max_length": "Enter a summary in 2,000 characters or fewer",
        },
    )
    case_reference = forms.CharField(
        label="Case reference (optional)", max_length=20, required=False
    )


class ResponseForm(Form):
    response_sent_on = GovDateField(label="Date the response was sent")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ProviderComplaint.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )


class SurveyForm(Form):
    satisfaction = forms.TypedChoiceField(
        choices=SurveyResponse.Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how satisfied you are with the mediation service",
            "invalid_choice": "Select how satisfied you are with the mediation service",
        },
    )
    listened_to = forms.ChoiceField(
        choices=SurveyResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you felt listened to",
            "invalid_choice": "Select whether you felt listened to",
        },
    )
    would_recommend = forms.ChoiceField(
        choices=SurveyResponse.Recommend.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you would recommend the service",
            "invalid_choice": "Select whether you would recommend the service",
        },
    )
    comments = forms.CharField(
        max_length=1200,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us in 1,200 characters or fewer"},
    )
