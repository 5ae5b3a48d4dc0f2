"""Forms for triage: assigning cases from the work queue, and a referral when opening a case.
They only parse input; the services decide what is allowed."""

import re

from django import forms

from sendresolve.cases.vocabulary import ReferrerKind
from sendresolve.core.converters import CaseReferenceConverter
from sendresolve.core.forms import Form, GovDateField

CASE_REFERENCE = re.compile(CaseReferenceConverter.regex)
MAX_BULK = 100  # cases assigned in one go (a page of the queue and its triage section)


class BulkAssignForm(Form):
    """The queue's "Assign selected to": the chosen cases (references) and whom to assign them
    to (one of the colleagues offered, or no one)."""

    cases = forms.MultipleChoiceField(
        label="Cases", error_messages={"required": "Select the cases to assign"}
    )
    assignee = forms.ChoiceField(
        label="Assign selected to",
        error_messages={
            "required": "Choose who to assign the cases to",
            "invalid_choice": "Choose who to assign the cases to",
        },
    )

    def __init__(self, *args, colleagues=(), me=None, **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.colleagues = {str(user.pk): user for user in colleagues}
        choices = [("", "Choose")]
        if me is not None and str(me.pk) in self.colleagues:
            choices.append((str(me.pk), "Me"))
        choices += [
            (key, user.get_full_name() or user.get_username())
            for key, user in self.colleagues.items()
            if me is None or key != str(me.pk)
        ]
        choices.append(("none", "No one (unassign)"))
        self.fields["assignee"].choices = choices
        # Any well-formed reference: each is looked up in the user's own scope when assigned.
        data = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        self.fields["cases"].choices = [
            (ref, ref) for ref in dict.fromkeys(data) if CASE_REFERENCE.fullmatch(ref)
        ]

    def clean_cases(self):
        references = self.cleaned_data["cases"]
        if len(references) > MAX_BULK:
            raise forms.ValidationError(f"Select at most {MAX_BULK} cases at a time")
        return references

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        return None if value == "none" else self.colleagues[value]


class ReferralForm(Form):
    """A referral made on the family's behalf (all optional: most families come themselves)."""

    referred_by = forms.ChoiceField(
        label="Referred by",
        choices=[("", "No one: the family came themselves"), *ReferrerKind.choices],
        required=False,
    )
    referrer_organisation = forms.CharField(
        label="Referring organisation", max_length=150, required=False
    )
    referrer_name = forms.CharField(
        label="Name of the person referring", max_length=150, required=False
    )
    referral_consent_on = GovDateField(label="Date the family gave consent", required=False)
    referral_consent_note = forms.CharField(
        label="How the family gave consent", max_length=300, required=False
    )

    def clean(self):
        data = super().clean()
        named = data.get("referrer_organisation") or data.get("referrer_name")
        if named and not data.get("referred_by"):
            self.add_error("referred_by", "Choose who referred the family")
        # The service checks this too; here it shows beside the form's other errors.
        consent_given = data.get("referral_consent_on") or "referral_consent_on" in self.errors
        if data.get("referred_by") and not consent_given:
            self.add_error(
                "referral_consent_on",
                "Enter the date the family gave consent to the referral. A family can only be "
                "referred with their consent.",
            )
        return data
