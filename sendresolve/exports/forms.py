"""The export form: what, which LA, which dates, which format, each checked."""

from typing import cast

from django import forms

from sendresolve.core.forms import Form, GovDateField
from sendresolve.exports.services import MAX_DAYS

KIND_CHOICES = [
    ("sen2", "Mediation and tribunal items for the SEN2 return (one row per child's case)"),
    ("case-events", "Case events (one line per event, no names)"),
]
FORMAT_CHOICES = [("csv", "CSV (spreadsheet)"), ("jsonl", "JSON Lines (for systems)")]


class ExportForm(Form):
    kind = forms.ChoiceField(
        label="What to export",
        choices=KIND_CHOICES,
        error_messages={
            "required": "Choose what to export",
            "invalid_choice": "Choose what to export",
        },
    )
    local_authority = forms.ChoiceField(
        label="Local authority",
        choices=(),
        error_messages={
            "required": "Choose a local authority",
            "invalid_choice": "Choose a local authority from the list",
        },
    )
    date_from = GovDateField(label="From")
    date_to = GovDateField(label="To")
    format = forms.ChoiceField(
        label="Format",
        choices=FORMAT_CHOICES,
        error_messages={"required": "Choose a format", "invalid_choice": "Choose a format"},
    )

    def __init__(self, *args, local_authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["local_authority"]).choices = [("", "Choose")] + [
            (la.dfe_code, la.name) for la in local_authorities
        ]

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error(
                    "date_to", "The end date must be the same as or after the start date"
                )
            elif (date_to - date_from).days > MAX_DAYS:
                self.add_error("date_from", "Choose a period of 11 years or less")
        return data
