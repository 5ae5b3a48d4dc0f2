"""The form for registering a webhook endpoint. It only parses; ``services`` decides (and checks
the address and the organisation again)."""

from django import forms

from sendresolve.core.forms import Form
from sendresolve.webhooks.events import EventType


class EndpointForm(Form):
    owner = forms.ChoiceField(
        label="Which organisation is it for?",
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation you manage",
        },
    )
    url = forms.CharField(
        label="Web address (URL)",
        max_length=500,
        help_text="Where your system receives the messages. It must start with https://",
        error_messages={
            "required": "Enter the web address",
            "max_length": "The web address must be 500 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=120,
        help_text="For example, ‘Capita One case events’",
        error_messages={"max_length": "The description must be 120 characters or fewer"},
    )
    event_types = forms.MultipleChoiceField(
        label="Which events should be sent?",
        choices=EventType.choices,
        help_text="Select all that apply",
        error_messages={
            "required": "Choose at least one event to be sent",
            "invalid_choice": "Choose events from the list",
        },
    )

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        if len(owners) == 1:
            self.fields["owner"].initial = owners[0][0]
