"""The message and branding forms: they parse; ``branding.messages`` and the services check."""

from django import forms

from sendresolve.core.forms import EmailField, Form


class TemplateForm(Form):
    subject = forms.CharField(required=False, max_length=1000, strip=False)
    body = forms.CharField(required=False, max_length=20000, strip=False, widget=forms.Textarea)
    # Which button was pressed: show the preview, or save a new version.
    intent = forms.ChoiceField(choices=[("preview", "Preview"), ("save", "Save")], required=False)


class BrandingForm(Form):
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    email = EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address, like https://www.example.org"},
    )
    address = forms.CharField(
        label="Postal address",
        required=False,
        max_length=500,
        widget=forms.Textarea,
        help_text="One line for each part of the address, with the postcode on the last line.",
    )

    def clean_address(self) -> str:
        lines = [line for line in self.cleaned_data["address"].splitlines() if line.strip()]
        if len(lines) > 7:
            raise forms.ValidationError("The postal address must be 7 lines or fewer")
        return "\n".join(lines)


class LogoForm(Form):
    logo = forms.FileField(
        label="Upload a logo",
        help_text="A PNG or JPEG picture.",
        error_messages={"required": "Select a PNG or JPEG picture of your logo"},
    )
