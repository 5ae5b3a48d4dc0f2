"""The contact log and tasks: what the API reads and accepts."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.common import (
    MULTILINE,
    CalendarDateField,
    CalendarDateTimeField,
    StrictSerializer,
    person_label,
)
from sendresolve.cases.contact_models import ContactKind, Direction


class ContactEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    with_whom = serializers.CharField()
    party = serializers.IntegerField(source="party_id", allow_null=True)
    occurred_at = serializers.DateTimeField()
    summary = serializers.CharField()
    confidential = serializers.BooleanField()
    author = serializers.SerializerMethodField()

    def get_author(self, entry) -> str:
        return person_label(entry.author) or ""


class ContactCreateSerializer(StrictSerializer):
    """Log a call, email, letter, meeting or text message about the case."""

    kind = serializers.ChoiceField(choices=ContactKind.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    with_whom = serializers.CharField(
        max_length=150,
        required=False,
        default="",
        allow_blank=True,
        help_text="Who it was with; may be left out when ``party`` is given.",
    )
    party = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="A party id from the case's ``parties``, if it was with one of them.",
    )
    occurred_at = CalendarDateTimeField(
        help_text="ISO 8601 with an offset, e.g. 2024-03-20T10:15:00+00:00; not in the future."
    )
    summary = serializers.CharField(style=MULTILINE, max_length=5000)
    confidential = serializers.BooleanField(
        default=False, help_text="Only the provider's own staff can see it."
    )

    def validate_party(self, value):
        if value is None:
            return None
        party = self.context["case"].parties.filter(pk=value).first()
        if party is None:
            raise serializers.ValidationError("Choose a party on this case.")
        return party


class CaseTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner = serializers.SerializerMethodField()
    owner_id = serializers.IntegerField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)

    def get_owner(self, task) -> str:
        return person_label(task.owner) or ""


class TaskCreateSerializer(StrictSerializer):
    """Add a task for a member of the provider's staff."""

    description = serializers.CharField(max_length=300)
    owner = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The user id of a member of the provider's staff."
    )
    due_on = CalendarDateField()

    def validate_owner(self, value):
        owner = get_user_model().objects.filter(pk=value, is_active=True).first()
        if owner is None:
            raise serializers.ValidationError("Choose someone who works for this provider.")
        return owner
