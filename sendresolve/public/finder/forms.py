"""One form per route-finder question. Forms only parse; the law core decides the advice."""

import datetime as dt
from typing import cast

from django import forms
from django.utils.datastructures import MultiValueDict

from sendresolve.core.forms import Form, GovDateField
from sendresolve.law.ages import SEND_AGES
from sendresolve.law.situation import EARLIEST_DATE
from sendresolve.public.finder.steps import UNKNOWN_DATE, Answers, Step


class PastDateField(GovDateField):
    """A GOV.UK date input for a date on a letter: real, and not in the future."""

    def __init__(self, *, today: dt.date, **kwargs):
        self.today = today
        super().__init__(**kwargs)

    def clean(self, value):
        day = super().clean(value)
        label = (self.label or "date").lower()
        if day is not None and day > self.today:
            raise forms.ValidationError(f"The {label} must be today or in the past")
        if day is not None and day < EARLIEST_DATE:
            raise forms.ValidationError(f"The {label} must be after 1 January 1990")
        return day


class AgeField(forms.Field):
    """Age in whole years, 0 to 25 (the law core's ``SEND_AGES``), with messages that say what
    to type."""

    def clean(self, value):
        text = (value or "").strip()
        if not text:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if not text.isdigit():
            raise forms.ValidationError("Age must be a whole number, like 9")
        age = int(text)
        if age > SEND_AGES.oldest:
            raise forms.ValidationError(f"Age must be {SEND_AGES.oldest} or under")
        return age


class StepForm(Form):
    """A form with one field named after the step's key."""

    def __init__(self, *args, step: Step, answers: Answers, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.answers = answers
        self.fields[step.key] = self._field(step, answers, today)
        if step.kind == "date" and step.unknown_label:
            self.fields[unknown_key(step)] = forms.BooleanField(required=False)

    def _field(self, step: Step, answers: Answers, today: dt.date) -> forms.Field:
        messages = {"required": step.required_message, "invalid_choice": step.required_message}
        if step.kind == "date":
            return PastDateField(
                label=step.date_label, today=today, required=not step.unknown_label
            )
        if step.kind == "number":
            return AgeField(error_messages=messages)
        if step.kind == "checkboxes":
            messages["invalid_list"] = step.required_message
            return forms.MultipleChoiceField(
                choices=step.choices_for(answers), error_messages=messages
            )
        return forms.ChoiceField(choices=step.choices_for(answers), error_messages=messages)

    def clean(self):
        data = super().clean()
        key = self.step.key
        value = data.get(key)
        if self.step.kind == "date" and self.step.unknown_label and key not in self.errors:
            unknown = data.get(unknown_key(self.step))
            if value and unknown:
                self.add_error(
                    key,
                    f"Enter the {self.step.date_label}, or select that you do not have the "
                    "letter, not both",
                )
            elif not value and not unknown:
                self.add_error(
                    key,
                    f"Enter the {self.step.date_label}, or select that you do not have the letter",
                )
        if key == "progress" and value and "none" in value and len(value) > 1:
            self.add_error(key, self.step.required_message)
        if key == "age" and value is not None and value < 16:
            if self.answers.get("who") in ("young_person", "representative"):
                self.add_error(
                    key,
                    "A young person must be 16 or over. For a child under 16, go back and "
                    "select I am a parent or carer",
                )
        return data

    def stored_value(self):
        """The cleaned answer as a JSON value, as the browser keeps it (``answers``)."""
        value = self.cleaned_data[self.step.key]
        if value is None and self.cleaned_data.get(unknown_key(self.step)):
            return UNKNOWN_DATE
        return value.isoformat() if isinstance(value, dt.date) else value


def unknown_key(step: Step) -> str:
    """The name of a date question's "I do not have it" checkbox."""
    return f"{step.key}_unknown"


def council_form(form: StepForm, local_authorities) -> StepForm:
    """Fill in the councils (from tenancy data) on the council question."""
    field = cast(forms.ChoiceField, form.fields["council"])
    field.choices = [("", "Choose a council")] + [
        (la.dfe_code, la.name) for la in local_authorities
    ]
    return form


def data_for(step: Step, value) -> MultiValueDict:
    """The POST data that would give ``value``: used to re-check a stored answer."""
    if value is None:
        return MultiValueDict()
    if step.kind == "date" and value == UNKNOWN_DATE:
        return MultiValueDict({unknown_key(step): ["on"]})
    if step.kind == "date":
        day = dt.date.fromisoformat(value)
        return MultiValueDict(
            {
                f"{step.key}_0": [str(day.day)],
                f"{step.key}_1": [str(day.month)],
                f"{step.key}_2": [str(day.year)],
            }
        )
    if step.kind == "checkboxes":
        return MultiValueDict({step.key: [str(v) for v in value]})
    return MultiValueDict({step.key: [str(value)]})


def initial_for(step: Step, value):
    """The initial value of a field showing a stored answer."""
    if value is None or value == UNKNOWN_DATE:
        return None
    if step.kind == "date":
        return dt.date.fromisoformat(value)
    return value
