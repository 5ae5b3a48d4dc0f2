"""The mediator's agreement wording form: an opening, one paragraph per issue, a closing."""

from __future__ import annotations

from typing import Any

from django import forms

from sendresolve.agreements.services import TEXT_MAX
from sendresolve.core.forms import Form


def _area(label: str, hint: str = "", empty: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        error_messages={
            "required": empty or f"Enter {label.lower()}",
            "max_length": f"{label} must be {TEXT_MAX} characters or fewer",
        },
    )


class AgreementWordingForm(Form):
    """``sections`` is [{"issue", "label", "result", "text"}]: one textarea per issue,
    named ``section-<issue id>``."""

    def __init__(self, *args: Any, sections: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.fields["intro"] = _area(
            "Opening paragraph",
            "Who reached the agreement, when, and about whom.",
            "Enter the opening paragraph",
        )
        for section in sections:
            self.fields[f"section-{section['issue']}"] = _area(
                section["label"],
                empty=f"Enter what was agreed about “{section['label']}”",
            )
        self.fields["closing"] = _area("Closing paragraph", empty="Enter the closing paragraph")

    def section_texts(self) -> dict[int, str]:
        return {
            section["issue"]: self.cleaned_data[f"section-{section['issue']}"]
            for section in self.sections
        }
