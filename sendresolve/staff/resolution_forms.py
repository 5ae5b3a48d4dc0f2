"""Forms for disagreement resolution, parties, complaints alongside, and after the tribunal.

They only parse input; the services decide what is allowed. Each form lists its fields in the
order ``staff/case_form.html`` renders them.
"""

from django import forms

from sendresolve.cases.vocabulary import PartyRole, ProceedingKind
from sendresolve.core.forms import EmailField, Form, GovDateField
from sendresolve.tribunal.models import (
    ORDER_LABELS,
    UNOPPOSED_LABELS,
    Recommendation,
    TribunalDecision,
)
from sendresolve.tribunal.services import RecommendationInput


def _body_choices(bodies) -> list[tuple[str, str]]:
    return [(str(body.pk), body.name) for body in bodies]


class PartyForm(Form):
    role = forms.ChoiceField(
        label="Their part in the case",
        choices=PartyRole.choices,
        error_messages={"required": "Choose their part in the case"},
    )
    name = forms.CharField(
        label="Name", max_length=150, error_messages={"required": "Enter their name"}
    )
    organisation = forms.CharField(label="Organisation (if any)", max_length=150, required=False)
    email = EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    commissioning_body = forms.ChoiceField(
        label="Health body they speak for (health representatives only)",
        choices=(),
        required=False,
    )
    has_authority_to_agree = forms.BooleanField(
        label="They have authority to agree on their organisation's behalf", required=False
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {str(b.pk): b for b in bodies}
        self.fields["commissioning_body"].choices = [("", "None")] + _body_choices(bodies)

    def clean_commissioning_body(self):
        return self.bodies.get(self.cleaned_data.get("commissioning_body") or "")


class ProceedingForm(Form):
    kind = forms.ChoiceField(
        label="What is running alongside",
        choices=ProceedingKind.choices,
        error_messages={"required": "Choose what is running alongside"},
    )
    started_on = GovDateField(label="When it started")
    reference = forms.CharField(label="Reference (if any)", max_length=60, required=False)
    detail = forms.CharField(label="Details (optional)", max_length=300, required=False)


class TribunalDecisionForm(Form):
    outcome = forms.ChoiceField(
        label="What the tribunal decided",
        choices=TribunalDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the tribunal decided"},
    )
    decided_on = GovDateField(
        label="Date of the decision",
        help_text="For an unopposed appeal: the day the local authority told the tribunal.",
    )
    sent_on = GovDateField(
        label="Date the order was sent out (if later)",
        required=False,
        help_text="The local authority's time limits run from this date if it is later.",
    )
    tribunal_reference = forms.CharField(label="Tribunal reference", max_length=40, required=False)
    orders = forms.MultipleChoiceField(
        label="What the tribunal ordered (reg 44)",
        choices=list(ORDER_LABELS.items()),
        required=False,
    )
    unopposed = forms.MultipleChoiceField(
        label="What the unopposed appeal was about (reg 45)",
        choices=list(UNOPPOSED_LABELS.items()),
        required=False,
    )
    health_recommendation = forms.CharField(
        label="Health recommendation (if any)",
        widget=forms.Textarea,
        required=False,
        help_text="What the tribunal recommended about health care (sections C and G).",
    )
    health_body = forms.ChoiceField(
        label="Health body the recommendation is for", choices=(), required=False
    )
    social_care_recommendation = forms.CharField(
        label="Social care recommendation (if any)",
        widget=forms.Textarea,
        required=False,
        help_text="What the tribunal recommended about social care (sections D and H).",
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {str(b.pk): b for b in bodies}
        self.fields["health_body"].choices = [("", "Choose")] + _body_choices(bodies)

    def clean(self):
        data = super().clean()
        if data.get("health_recommendation", "").strip() and not self.bodies.get(
            data.get("health_body") or ""
        ):
            self.add_error("health_body", "Choose the health body the recommendation is for")
        return data

    def recommendations(self) -> list[RecommendationInput]:
        data = self.cleaned_data
        items = []
        if data.get("health_recommendation", "").strip():
            items.append(
                RecommendationInput(
                    "health", data["health_recommendation"], self.bodies.get(data["health_body"])
                )
            )
        if data.get("social_care_recommendation", "").strip():
            items.append(RecommendationInput("social_care", data["social_care_recommendation"]))
        return items


class RecommendationResponseForm(Form):
    on = GovDateField(label="Date of the written response")
    response = forms.ChoiceField(
        label="What the response said",
        choices=Recommendation.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the response said"},
    )
    detail = forms.CharField(
        label="Steps it will take, or its reasons for not following the recommendation",
        widget=forms.Textarea,
        required=False,
    )
