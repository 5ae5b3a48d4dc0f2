"""Forms of the term-date pages (``term_dates_views``): a term with its half term, a closure day."""

from django import forms

from sendresolve.core.forms import Form, GovDateField

DATE_HINT = "For example, 1 9 2026"


class TermForm(Form):
    starts_on = GovDateField(label="First day of term", help_text=DATE_HINT)
    ends_on = GovDateField(label="Last day of term", help_text=DATE_HINT)
    half_term_starts_on = GovDateField(
        label="First day of the half term holiday",
        required=False,
        help_text="Leave blank if the term has no half term. " + DATE_HINT,
    )
    half_term_ends_on = GovDateField(
        label="Last day of the half term holiday", required=False, help_text=DATE_HINT
    )
    source = forms.CharField(
        label="Where the dates are published (optional)",
        help_text="The web page with your council's term dates, so others can check them",
        max_length=300,
        required=False,
        error_messages={
            "max_length": "Where the dates are published must be 300 characters or less"
        },
    )


class ClosureForm(Form):
    day = GovDateField(
        label="Day schools are closed to pupils",
        help_text="A training (INSET) day or other closure in term. " + DATE_HINT,
    )
