"""The upload form: it only parses, and has ClamAV scan each file; ``services`` checks the rows."""

from django import forms

from sendresolve.casefiles import scanning
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
        for name in ("file", "events"):
            if data.get(name) and name not in self.errors:
                problem = SCAN_PROBLEMS.get(scanning.scan(data[name]))
                if problem:
                    self.add_error(name, problem)
        return data


# What the manager is told when ClamAV does not pass a file (as for documents: nothing of an
# upload it refuses is kept, and "unavailable" means try again, never "stored unscanned").
SCAN_PROBLEMS = {
    scanning.Verdict.INFECTED: "The selected file contains a virus or other malware. "
    "Nothing has been imported or kept.",
    scanning.Verdict.UNREADABLE: "The selected file could not be checked for viruses. "
    "Nothing has been imported or kept. Save it again as .xlsx or .csv",
    scanning.Verdict.UNAVAILABLE: "Files cannot be checked for viruses at the moment, so "
    "nothing was imported or kept. Try again later",
}
