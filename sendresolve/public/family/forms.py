"""Forms for the family pages: one form per question of the request journey, and the small
forms for a new status link, feedback and another format. They only parse and explain what to
correct; the services decide what is allowed.

Each journey form turns its cleaned data into session ``answers`` (plain JSON) with
``to_answers`` and back into initial values with ``initial_from``.
"""

import datetime as dt
import re

from django import forms

from sendresolve.cases.services import OnlineRequest
from sendresolve.cases.vocabulary import Channel, Requester
from sendresolve.core import clock
from sendresolve.core.forms import EmailField, Form, GovDateField
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.law.ages import SEND_AGES
from sendresolve.public.family.links import normalise_phone
from sendresolve.public.wording import (
    REQUEST_HINTS,
    REQUEST_LABELS,
    SUBJECT_LABELS,
    WHO_LABELS,
    choices,
)
from sendresolve.tenancy.models import LocalAuthority

UK_PHONE = re.compile(r"^0\d{9,10}$")
UK_MOBILE = re.compile(r"^07\d{9}$")
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"

# (value, label, hint): the words are ``wording``'s, shared with the finder and status pages.
REQUEST_CHOICES = [
    (value, REQUEST_LABELS[value], REQUEST_HINTS[value])
    for value in (
        OnlineRequest.MEDIATION_ADVICE,
        OnlineRequest.MEDIATION,
        OnlineRequest.DISAGREEMENT_RESOLUTION,
    )
]
REQUESTER_CHOICES = choices(
    WHO_LABELS, (Requester.PARENT, Requester.YOUNG_PERSON, Requester.REPRESENTATIVE)
)
CHANNEL_CHOICES = [
    (Channel.EMAIL, "Email"),
    (Channel.SMS, "Text message"),
    (Channel.PHONE, "Phone call"),
]
# The decisions that can be appealed (mediation advice and mediation).
APPEAL_SUBJECTS = choices(
    SUBJECT_LABELS,
    (
        "refusal_to_assess",
        "refusal_to_reassess",
        "refusal_to_issue_plan",
        "plan_needs",
        "plan_provision",
        "plan_placement",
        "refusal_to_amend",
        "cease_to_maintain",
    ),
)
# Anything disagreement resolution can help with.
OTHER_SUBJECTS = choices(
    SUBJECT_LABELS,
    (
        "support_without_plan",
        "provision_not_delivered",
        "assessment_or_planning_process",
        "delay",
        "draft_plan",
        "plan_needs",
        "plan_provision",
        "plan_placement",
        "plan_health_or_social_care",
        "health_services",
        "social_care_services",
        "personal_budget",
        "order_or_agreement_not_followed",
        "other",
    ),
)


def subject_choices(request_type: str | None) -> list[tuple[str, str]]:
    if request_type == OnlineRequest.DISAGREEMENT_RESOLUTION:
        return OTHER_SUBJECTS
    return APPEAL_SUBJECTS


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class FamilyForm(Form):
    """A form whose errors are listed in the order of its fields, as the page shows them
    (checks across fields add their errors last)."""

    def _post_clean(self):
        super()._post_clean()
        order = {name: index for index, name in enumerate(self.fields)}
        ordered = sorted(self._errors.items(), key=lambda item: order.get(item[0], -1))
        self._errors = type(self._errors)(ordered)


class StepForm(FamilyForm):
    """A question of the request journey."""

    def __init__(self, *args, answers: dict | None = None, **kwargs):
        self.answers = answers or {}
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {name: answers[name] for name in cls.base_fields if name in answers}

    def to_answers(self) -> dict:
        return dict(self.cleaned_data)


class RequestForm(StepForm):
    request = forms.ChoiceField(
        choices=[(value, label) for value, label, _ in REQUEST_CHOICES],
        error_messages={"required": "Select what you want to ask for"},
    )


class CouncilForm(StepForm):
    local_authority = forms.ChoiceField(
        choices=(), error_messages={"required": "Select the council"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Select a council")] + [
            (la.dfe_code, la.name)
            for la in LocalAuthority.objects.order_by("name").only("dfe_code", "name")
        ]
        self.fields["local_authority"].error_messages["invalid_choice"] = "Select the council"


class WhoForm(StepForm):
    requester = forms.ChoiceField(
        choices=REQUESTER_CHOICES, error_messages={"required": "Select who is asking"}
    )


class ChildForm(StepForm):
    child_name = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter the child or young person's full name",
            "max_length": "The name must be 150 characters or fewer",
        },
    )
    child_date_of_birth = GovDateField(label="Date of birth", required=False)

    def clean_child_date_of_birth(self):
        born = self.cleaned_data.get("child_date_of_birth")
        if born is None:
            return None
        today = clock.today()
        if born > today:
            raise forms.ValidationError("The date of birth must be in the past")
        if not SEND_AGES.covers(born, today):
            raise forms.ValidationError(
                f"This service is for children and young people aged {SEND_AGES.oldest} or under"
            )
        return born

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {
            "child_name": answers.get("child_name", ""),
            "child_date_of_birth": _date_or_none(answers.get("child_date_of_birth")),
        }

    def to_answers(self) -> dict:
        born = self.cleaned_data["child_date_of_birth"]
        return {
            "child_name": self.cleaned_data["child_name"].strip(),
            "child_date_of_birth": born.isoformat() if born else "",
        }


class YourNameForm(StepForm):
    requester_name = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 150 characters or fewer",
        },
    )

    def to_answers(self) -> dict:
        return {"requester_name": self.cleaned_data["requester_name"].strip()}


class ContactForm(StepForm):
    email = EmailField(required=False, error_messages={"invalid": EMAIL_INVALID})
    phone = forms.CharField(max_length=40, required=False)
    preferred_channel = forms.ChoiceField(
        choices=CHANNEL_CHOICES,
        error_messages={"required": "Select how you would like us to contact you"},
    )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not UK_PHONE.match(normalise_phone(phone)):
            raise forms.ValidationError(
                "Enter a UK phone number, like 01632 960 001 or 07700 900 982"
            )
        return phone

    def clean(self):
        data = super().clean()
        channel = data.get("preferred_channel")
        email, phone = data.get("email"), data.get("phone")
        # Each field's own error first; what the chosen way of contact needs of a field that
        # has none is said at the same time, so one submission shows every error.
        email_ok, phone_ok = "email" not in self.errors, "phone" not in self.errors
        if channel == Channel.EMAIL and not email and email_ok:
            self.add_error(
                "email", "Enter your email address, or choose another way to contact you"
            )
        elif (
            channel == Channel.SMS
            and phone_ok
            and not UK_MOBILE.match(normalise_phone(phone or ""))
        ):
            self.add_error(
                "phone", "Enter a UK mobile number, like 07700 900 982, to get text messages"
            )
        elif channel == Channel.PHONE and not phone and phone_ok:
            self.add_error("phone", "Enter your phone number, or choose another way to contact you")
        elif not channel and not (email or phone) and email_ok and phone_ok:
            self.add_error("email", "Enter an email address or a phone number")
        return data


class AboutForm(StepForm):
    subjects = forms.MultipleChoiceField(
        choices=(), error_messages={"required": "Select what the disagreement is about"}
    )
    decision_description = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us in 300 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].choices = subject_choices(self.answers.get("request"))
        self.fields["subjects"].error_messages["invalid_choice"] = (
            "Select what the disagreement is about from the list"
        )

    def to_answers(self) -> dict:
        return {
            "subjects": list(self.cleaned_data["subjects"]),
            "decision_description": self.cleaned_data["decision_description"].strip(),
        }


class DecisionDateForm(StepForm):
    decision_letter_date = GovDateField(label="Date on the decision letter", required=False)
    decision_letter_unknown = forms.BooleanField(required=False)

    def clean_decision_letter_date(self):
        value = self.cleaned_data.get("decision_letter_date")
        if value and value > clock.today():
            raise forms.ValidationError(
                "The date on the decision letter must be today or in the past"
            )
        return value

    def clean(self):
        data = super().clean()
        unknown = data.get("decision_letter_unknown")
        if "decision_letter_date" in self.errors:
            return data
        day = data.get("decision_letter_date")
        if day and unknown:
            self.add_error(
                "decision_letter_date",
                "Enter the date on the decision letter, or select that you do not have the "
                "letter, not both",
            )
        elif not day and not unknown:
            self.add_error(
                "decision_letter_date",
                "Enter the date on the decision letter, or select that you do not have the letter",
            )
        return data

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {
            "decision_letter_date": _date_or_none(answers.get("decision_letter_date")),
            "decision_letter_unknown": bool(answers.get("decision_letter_unknown")),
        }

    def to_answers(self) -> dict:
        day = self.cleaned_data["decision_letter_date"]
        return {
            "decision_letter_date": day.isoformat() if day else "",
            "decision_letter_unknown": bool(self.cleaned_data["decision_letter_unknown"]),
        }


class HealthForm(StepForm):
    health_care_in_issue = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Select yes if the disagreement is also about health care"},
    )


class CheckForm(FamilyForm):
    token = forms.CharField(max_length=64)


class NewLinkForm(FamilyForm):
    reference = forms.CharField(
        max_length=20, error_messages={"required": "Enter your case reference"}
    )
    contact = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the email address or phone number you gave us"},
    )

    def clean_reference(self):
        value = re.sub(r"\s", "", self.cleaned_data["reference"]).upper()
        if not re.fullmatch(r"SR-?[0-9A-Z]{4}-?[0-9A-Z]{4}", value):
            raise forms.ValidationError("Enter the case reference as shown, like SR-7K3M-Q9XD")
        value = value.replace("-", "")
        return f"{value[:2]}-{value[2:6]}-{value[6:]}"


class FeedbackForm(FamilyForm):
    satisfaction = forms.ChoiceField(
        choices=Feedback.Satisfaction.choices,
        error_messages={"required": "Select how you feel about the service"},
    )
    improvement = forms.CharField(
        max_length=1200,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us in 1,200 characters or fewer"},
    )
    page = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)


class FormatForm(FamilyForm):
    format = forms.ChoiceField(
        choices=FormatRequest.Format.choices,
        error_messages={"required": "Select the format you need"},
    )
    detail = forms.CharField(max_length=200, required=False)
    name = forms.CharField(max_length=150, error_messages={"required": "Enter your name"})
    email = EmailField(required=False, error_messages={"invalid": EMAIL_INVALID})
    phone = forms.CharField(max_length=40, required=False)
    page = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        wanted = data.get("format")
        if wanted == FormatRequest.Format.LANGUAGE and not data.get("detail", "").strip():
            self.add_error("detail", "Enter the language you need")
        if wanted == FormatRequest.Format.OTHER and not data.get("detail", "").strip():
            self.add_error("detail", "Tell us what you need")
        if "email" not in self.errors and not (data.get("email") or data.get("phone", "").strip()):
            self.add_error("email", "Enter an email address or a phone number")
        return data
