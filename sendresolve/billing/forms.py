"""The billing pages' forms: new contract terms, a billing run, a credit note.

Prices are typed in pounds (``95`` or ``1,250.00``) and kept in pence.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms

from sendresolve.billing.money import pence_from
from sendresolve.core.forms import EmailField, Form, GovDateField

MAX_PENCE = 10_000_000  # £100,000: no single line of a mediation contract costs more


class PoundsField(forms.CharField):
    """An amount in pounds and pence, cleaned to whole pence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return 0 if not self.required else None
        pence = pence_from(text)
        label = (self.label or "amount").lower()
        if pence is None:
            raise forms.ValidationError(f"Enter the {label} in pounds, like 95 or 1250.00")
        if pence > MAX_PENCE:
            raise forms.ValidationError(f"The {label} must be £100,000 or less")
        return pence


PRICE_FIELDS = (
    ("price_advice_call", "Price per advice call"),
    ("price_mediation_case", "Price per mediation case"),
    ("price_additional_session", "Price per additional session"),
    ("price_dr_meeting", "Price per disagreement resolution meeting"),
    ("price_cancellation", "Late cancellation fee"),
)
SERVICES = (
    ("covers_advice", "Mediation advice"),
    ("covers_mediation", "Mediation"),
    ("covers_disagreement_resolution", "Disagreement resolution"),
    ("covers_health_only", "Health-only mediation on behalf of the ICB"),
)


class TermsForm(Form):
    valid_from = GovDateField(label="Terms start on", help_text="For example, 1 4 2026")
    services = forms.MultipleChoiceField(label="Services covered", choices=SERVICES, required=False)
    price_advice_call = PoundsField(label="Price per advice call", help_text="In pounds")
    price_mediation_case = PoundsField(
        label="Price per mediation case", help_text="Billed when the first meeting is held"
    )
    price_additional_session = PoundsField(label="Price per additional session")
    price_dr_meeting = PoundsField(label="Price per disagreement resolution meeting")
    price_cancellation = PoundsField(label="Late cancellation fee")
    cancellation_notice_working_days = forms.IntegerField(
        label="Fee when cancelled with fewer working days' notice than",
        min_value=1,
        max_value=30,
        error_messages={
            "required": "Enter the working days' notice",
            "invalid": "Enter the working days' notice as a number, like 5",
            "min_value": "The notice must be at least 1 working day",
            "max_value": "The notice must be 30 working days or fewer",
        },
    )
    interpreter = forms.ChoiceField(
        label="Interpreter costs passed through to the council",
        choices=(("yes", "Yes"), ("no", "No")),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether interpreter costs are passed through"},
    )
    volume_cap = forms.IntegerField(
        label="Cases a year (cap)",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="Leave empty for no cap. An alert shows at 80% of it.",
        error_messages={
            "invalid": "Enter the cap as a whole number of cases, like 120",
            "min_value": "The cap must be at least 1 case",
            "max_value": "The cap must be 100,000 cases or fewer",
        },
    )
    po_number = forms.CharField(label="Purchase order number", required=False, max_length=40)
    send_team_email = EmailField(label="SEND team inbox", required=False, max_length=254)
    named_officer = forms.CharField(label="Named officer", required=False, max_length=150)
    finance_contact = EmailField(label="Finance contact email", required=False, max_length=254)

    def terms(self) -> dict:
        data = dict(self.cleaned_data)
        services = set(data.pop("services"))
        data.pop("valid_from")
        data.update({name: name in services for name, _ in SERVICES})
        data["interpreter_costs_passed_through"] = data.pop("interpreter") == "yes"
        return data


def month_choices(today: dt.date, *, months: int = 24) -> list[tuple[str, str]]:
    """This month and the ``months`` before it, newest first: ``("2026-11", "November 2026")``."""
    first = today.replace(day=1)
    out = []
    for _ in range(months + 1):
        out.append((f"{first:%Y-%m}", f"{first:%B %Y}"))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out


class RunForm(Form):
    commission = forms.TypedChoiceField(
        label="Council",
        coerce=int,
        error_messages={"required": "Choose the council", "invalid_choice": "Choose the council"},
    )
    month = forms.ChoiceField(
        label="Month",
        error_messages={"required": "Choose the month", "invalid_choice": "Choose the month"},
    )

    def __init__(self, *args, commissions, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["commission"]).choices = [("", "Choose a council")] + [
            (c.pk, f"{c.local_authority.name} ({c.provider.name})") for c in commissions
        ]
        cast(forms.ChoiceField, self.fields["month"]).choices = month_choices(today)

    def first_day(self) -> dt.date:
        year, month = self.cleaned_data["month"].split("-")
        return dt.date(int(year), int(month), 1)


class CreditNoteForm(Form):
    lines = forms.TypedMultipleChoiceField(
        label="Lines to credit",
        coerce=int,
        error_messages={
            "required": "Choose the lines to credit",
            "invalid_choice": "Choose the lines to credit",
        },
    )
    reason = forms.CharField(
        label="Why are these lines credited?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={
            "required": "Say why these lines are credited",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lines"]).choices = [
            (line.pk, line.case_reference) for line in lines
        ]
