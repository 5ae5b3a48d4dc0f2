"""The report filters: a date range, a local authority and a provider, each checked."""

import datetime as dt
from typing import cast

from django import forms

from sendresolve.core.forms import Form, GovDateField
from sendresolve.reports.figures import ReportFilters

MAX_YEARS = 11
FIRST_YEAR = 2014  # CFA 2014 Part 3 and the SEND Regulations came into force in September


def financial_year_start(today: dt.date) -> dt.date:
    """1 April of the financial year ``today`` falls in (providers' contracts run April–March)."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year, 4, 1)


class ReportForm(Form):
    date_from = GovDateField(label="From", required=False)
    date_to = GovDateField(label="To", required=False)
    local_authority = forms.ChoiceField(
        label="Local authority",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )
    provider = forms.ChoiceField(
        label="Provider",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )

    def __init__(self, *args, local_authorities=(), providers=(), today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        cast(forms.ChoiceField, self.fields["local_authority"]).choices = [
            ("", "All you can see")
        ] + [(la.dfe_code, la.name) for la in local_authorities]
        cast(forms.ChoiceField, self.fields["provider"]).choices = [("", "All")] + [
            (p.slug, p.name) for p in providers
        ]

    def clean(self):
        data = super().clean()
        date_from = data.get("date_from") or financial_year_start(self.today)
        date_to = data.get("date_to") or self.today
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
        if date_from > date_to:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        elif (date_to - date_from).days > 366 * MAX_YEARS:
            self.add_error("date_from", f"Choose a period of {MAX_YEARS} years or less")
        data["date_from"], data["date_to"] = date_from, date_to
        return data

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            local_authority=data.get("local_authority") or "",
            provider=data.get("provider") or "",
        )


class AnnualReturnForm(Form):
    year = forms.IntegerField(
        label="Calendar year",
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as a number, like 2025",
        },
    )
    local_authority = forms.ChoiceField(
        label="Local authority",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )

    def __init__(self, *args, local_authorities=(), today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        cast(forms.ChoiceField, self.fields["local_authority"]).choices = [
            ("", "All you can see")
        ] + [(la.dfe_code, la.name) for la in local_authorities]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year < FIRST_YEAR:
            raise forms.ValidationError(
                f"Enter a year from {FIRST_YEAR}, when the SEND mediation rules began"
            )
        if year > self.today.year:
            raise forms.ValidationError("Enter a year that has started")
        return year
