"""The form for adding and changing a venue (issue 22). It only parses; ``cases.venues``
decides (and checks the joining link and the LAs again)."""

from django import forms
from django.core.exceptions import ValidationError

from sendresolve.cases.models import Venue
from sendresolve.cases.venue_links import LINK_MAX, venue_link_validate
from sendresolve.cases.venues import FACILITIES
from sendresolve.core.forms import Form

FACILITY_LABELS = {
    "accessible": "Step-free access",
    "hearing_loop": "Hearing loop",
    "quiet_room": "Quiet room or breakout room",
    "parking": "Parking",
}


class VenueForm(Form):
    provider = forms.ChoiceField(
        label="Which provider's venue", error_messages={"required": "Choose the provider"}
    )
    name = forms.CharField(
        label="Name",
        max_length=150,
        help_text="For example, ‘Barnet Community Centre, Meeting Room 2’ or ‘Online (Teams)’",
        error_messages={
            "required": "Enter the venue's name",
            "max_length": "The name must be 150 characters or fewer",
        },
    )
    mode = forms.ChoiceField(
        label="How are meetings here held?",
        choices=Venue.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how meetings here are held"},
    )
    serves = forms.MultipleChoiceField(
        label="Which local authorities' meetings can be held here?",
        error_messages={
            "required": "Choose at least one local authority",
            "invalid_choice": "Choose local authorities that commission your service",
        },
    )
    address = forms.CharField(
        label="Address (meetings in person)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": "The address must be 1000 characters or fewer"},
    )
    facilities = forms.MultipleChoiceField(
        label="Facilities",
        required=False,
        choices=list(FACILITY_LABELS.items()),
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Choose facilities from the list"},
    )
    transport_notes = forms.CharField(
        label="Public transport (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text="Nearest stations and bus routes",
        error_messages={"max_length": "The notes must be 1000 characters or fewer"},
    )
    joining_link = forms.CharField(
        label="Joining link (online meetings)",
        required=False,
        max_length=LINK_MAX,
        help_text="Starting with https://. Only people invited to a meeting are sent it",
        error_messages={"max_length": f"The joining link must be {LINK_MAX} characters or fewer"},
    )
    joining_instructions = forms.CharField(
        label="Joining instructions (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text="For example, the meeting ID and passcode, or who to call if the link fails",
        error_messages={"max_length": "The instructions must be 1000 characters or fewer"},
    )
    dial_in = forms.CharField(
        label="Dial-in number (telephone meetings)",
        required=False,
        max_length=40,
        help_text="For example, 020 7946 0000",
        error_messages={"max_length": "The dial-in number must be 40 characters or fewer"},
    )

    def __init__(self, *args, providers=(), local_authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {str(p.pk): p for p in providers}
        if len(self.providers) > 1:
            self.fields["provider"].choices = [("", "Choose")] + [
                (key, p.name) for key, p in self.providers.items()
            ]
        else:
            del self.fields["provider"]
        self.local_authorities = {str(la.pk): la for la in local_authorities}
        self.fields["serves"].choices = [
            (key, la.name) for key, la in self.local_authorities.items()
        ]

    def clean_provider(self):
        return self.providers.get(self.cleaned_data.get("provider") or "")

    def clean_joining_link(self):
        link = self.cleaned_data.get("joining_link", "").strip()
        try:
            venue_link_validate(link)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0].rstrip(".")) from None
        return link

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        facilities = set(data.get("facilities") or ())
        return {
            "name": data["name"],
            "mode": data["mode"],
            "serves": [self.local_authorities[key] for key in data["serves"]],
            "address": data["address"],
            "transport_notes": data["transport_notes"],
            "joining_link": data["joining_link"],
            "joining_instructions": data["joining_instructions"],
            "dial_in": data["dial_in"],
            **{name: name in facilities for name in FACILITIES},
        }


def venue_initial(venue: Venue) -> dict:
    """The form's values for an existing venue."""
    return {
        "name": venue.name,
        "mode": venue.mode,
        "serves": [str(la.pk) for la in venue.serves.all()],
        "address": venue.address,
        "facilities": [name for name in FACILITIES if getattr(venue, name)],
        "transport_notes": venue.transport_notes,
        "joining_link": venue.joining_link,
        "joining_instructions": venue.joining_instructions,
        "dial_in": venue.dial_in,
    }
