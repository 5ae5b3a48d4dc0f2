"""The staff form for adding a document to a case. It only parses; the service decides."""

from django import forms

from sendresolve.casefiles.models import Kind, Visibility
from sendresolve.core.forms import Form

# What each choice means, shown under it.
VISIBILITY_HINTS = {
    Visibility.PROVIDER: "Only your organisation's staff.",
    Visibility.FAMILY: "Your staff and the family, on their case status page.",
    Visibility.PARTIES: "Your staff and the local authority's and health body's officers on the "
    "case. Not the family.",
    Visibility.EVERYONE: "Your staff, the family and the local authority's and health body's "
    "officers on the case.",
}


class ShareForm(Form):
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see it"},
    )


class DocumentForm(Form):
    # Not required here: the service says "Select a file", after the size check.
    file = forms.FileField(
        label="Upload a file",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The file's name must be 255 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of document it is"},
    )
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see it"},
    )
    confidential = forms.BooleanField(
        label="Confidential mediation material: never shared with the local authority, health "
        "bodies or the tribunal",
        required=False,
    )

    def __init__(self, *args, provider_side: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not provider_side:
            # LA and health officers share with the parties or with everyone.
            visibility = self.fields["visibility"]
            assert isinstance(visibility, forms.ChoiceField)  # noqa: S101  # declared above
            visibility.choices = [
                (Visibility.PARTIES.value, Visibility.PARTIES.label),
                (Visibility.EVERYONE.value, Visibility.EVERYONE.label),
            ]
            del self.fields["confidential"]
