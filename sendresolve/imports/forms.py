"""The upload form: it only parses; ``services`` checks the rows."""

from django import forms

from sendresolve.core.forms import Form


class UploadForm(Form):
    provider = forms.ChoiceField(
        label="Import into", error_messages={"required": "Choose the provider to import into"}
    )
    file = forms.FileField(
        label="Cases file",
        required=False,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )
    events = forms.FileField(
        label="Events file (CSV only)",
        required=False,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = [(str(p.pk), p.name) for p in providers]
        if len(providers) == 1:
            self.initial["provider"] = str(providers[0].pk)

    def clean(self):
        data = super().clean()
        if not data.get("file"):
            self.add_error("file", "Select the cases file (.xlsx or .csv)")
        return data
