"""The family's travel expense claim form: lines added one at a time (GOV.UK "add another",
server-side, so it works without JavaScript), then the receipts.

The form only parses: amounts in pounds become whole pence; miles stay as typed. What the
claim pays is worked out by ``expenses.services`` (a car journey is miles × the LA's rate).
"""

import re
from typing import cast

from django import forms

from sendresolve.core.forms import Form, GovDateField
from sendresolve.expenses.models import TravelMode
from sendresolve.expenses.services import MAX_LINES, LineInput

POUNDS = re.compile(r"£?\s*([0-9]{1,6})(?:\.([0-9]{1,2}))?")
MODE_WORDS = [
    (TravelMode.CAR.value, "Car: we pay by the mile"),
    (TravelMode.PUBLIC_TRANSPORT.value, "Bus, train or other public transport fare"),
    (TravelMode.PARKING.value, "Parking"),
    (TravelMode.OTHER.value, "Something else, such as a taxi"),
]


def pence_from(value: str) -> int | None:
    """``"12.5"`` or ``"£12.50"`` → 1250; anything else None."""
    match = POUNDS.fullmatch((value or "").strip().replace(",", ""))
    if match is None:
        return None
    pounds, pence = match.group(1), (match.group(2) or "0").ljust(2, "0")
    return int(pounds) * 100 + int(pence)


def line_count(data, default: int = 1) -> int:
    """How many lines the form shows: what it last showed, one more to add, one fewer to
    remove; between 1 and ``MAX_LINES``."""
    try:
        count = int(str(data.get("lines", default)))
    except ValueError:
        count = default
    return max(1, min(count, MAX_LINES))


class ExpenseClaimForm(Form):
    submission_key = forms.CharField(max_length=40, min_length=16, widget=forms.HiddenInput)
    session = forms.ChoiceField(
        label="Which meeting did you travel to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the meeting you travelled to"},
    )
    receipts = forms.Field(required=False, label="Upload receipts or tickets")

    def __init__(self, *args, lines: int = 1, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        if len(self.sessions) > 1:
            session_field = cast(forms.ChoiceField, self.fields["session"])
            session_field.choices = [
                (key, f"{s.starts_at:%-d %B %Y}, {s.place}") for key, s in self.sessions.items()
            ]
        else:
            del self.fields["session"]
        self.lines = lines
        for number in range(1, lines + 1):
            prefix = f"line-{number}-"
            self.fields[prefix + "travelled_on"] = GovDateField(
                label="Date", help_text="For example, 27 3 2024"
            )
            self.fields[prefix + "mode"] = forms.ChoiceField(
                label="What was it?",
                choices=MODE_WORDS,
                widget=forms.RadioSelect,
                error_messages={"required": "Select what the cost was for"},
            )
            self.fields[prefix + "description"] = forms.CharField(
                label="From and to, or what it was for",
                max_length=200,
                help_text="For example, ‘Home to Barnet Community Centre and back’",
                error_messages={
                    "required": "Enter where you travelled from and to, or what it was for",
                    "max_length": "This must be 200 characters or fewer",
                },
            )
            self.fields[prefix + "miles"] = forms.CharField(
                label="Miles (car)",
                required=False,
                max_length=10,
                help_text="The whole journey, there and back, like 12.5",
            )
            self.fields[prefix + "amount"] = forms.CharField(
                label="Amount in pounds (fares, parking, other)",
                required=False,
                max_length=12,
                help_text="For example, 4.50",
            )

    def clean_submission_key(self):
        value = self.cleaned_data["submission_key"]
        if not value.replace("-", "").replace("_", "").isalnum():
            raise forms.ValidationError("Go back to your case and try again")
        return value

    def clean_session(self):
        return self.sessions.get(self.cleaned_data.get("session") or "")

    def clean(self):
        data = super().clean()
        for number in range(1, self.lines + 1):
            prefix = f"line-{number}-"
            mode = data.get(prefix + "mode")
            if mode == TravelMode.CAR and not data.get(prefix + "miles"):
                self.add_error(prefix + "miles", "Enter how many miles you drove")
            elif mode and mode != TravelMode.CAR:
                typed = data.get(prefix + "amount", "")
                if not typed:
                    self.add_error(prefix + "amount", "Enter the amount in pounds")
                elif pence_from(typed) is None:
                    self.add_error(prefix + "amount", "Enter the amount in pounds, like 4.50")
        return data

    def line_inputs(self) -> list[LineInput]:
        data = self.cleaned_data
        out = []
        for number in range(1, self.lines + 1):
            prefix = f"line-{number}-"
            car = data[prefix + "mode"] == TravelMode.CAR
            out.append(
                LineInput(
                    travelled_on=data[prefix + "travelled_on"],
                    mode=data[prefix + "mode"],
                    description=data[prefix + "description"],
                    miles=data[prefix + "miles"] if car else None,
                    amount_pence=None if car else pence_from(data[prefix + "amount"]),
                )
            )
        return out
