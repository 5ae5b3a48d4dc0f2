"""The form on the family's status page: changing their contact details.

It asks what the request asked (``forms.ContactForm``: the same fields, checks and words), plus
the hidden key that makes a double submission count once (``cases.recorder.action_perform``).
"""

import secrets

from django import forms as django_forms

from sendresolve.public.family import forms


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


class ContactChangeForm(forms.ContactForm):
    submission_key = django_forms.CharField(
        max_length=40, min_length=16, widget=django_forms.HiddenInput
    )

    def clean_submission_key(self):
        value = self.cleaned_data["submission_key"]
        if not value.replace("-", "").replace("_", "").isalnum():
            raise django_forms.ValidationError("Go back to your case and try again")
        return value
