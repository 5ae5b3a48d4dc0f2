"""Sessions (mediation meetings), agreed actions being done, and confidential notes."""

from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.cases import SessionSerializer
from sendresolve.api.serializers.common import (
    MULTILINE,
    CalendarDateField,
    CalendarDateTimeField,
    OnSerializer,
    StrictSerializer,
)
from sendresolve.cases.models import Venue
from sendresolve.cases.venues import venues_serving
from sendresolve.cases.vocabulary import CancelledBy


class SessionScheduleSerializer(StrictSerializer):
    """Arrange a meeting: at a neutral venue of the case's LA, online or by telephone."""

    starts_at = CalendarDateTimeField(help_text="ISO 8601 with an offset, e.g. +00:00.")
    ends_at = CalendarDateTimeField()
    mode = serializers.ChoiceField(choices=Venue.Mode.choices)
    venue = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="A venue id; needed for a meeting in person.",
    )
    attendees = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        help_text="Party ids from the case's ``parties``.",
    )
    shorter_notice_agreed = serializers.BooleanField(
        default=False, help_text="The family agreed to less than 5 working days' notice."
    )
    on = CalendarDateField(required=False, help_text="The day it was arranged (today).")

    def validate_venue(self, value):
        if value is None:
            return None
        case = self.context["case"]
        venue = venues_serving(case.local_authority_id, case.provider_id).filter(pk=value).first()
        if venue is None:
            raise serializers.ValidationError("Choose a venue for this local authority.")
        return venue

    def validate_attendees(self, value):
        case = self.context["case"]
        parties = {party.pk: party for party in case.parties.filter(pk__in=value)}
        if set(value) - set(parties):
            raise serializers.ValidationError("Attendees must be parties to this case.")
        return [parties[pk] for pk in value]

    def service_kwargs(self, data) -> dict:
        kwargs = {key: value for key, value in data.items() if key != "on"}
        if data.get("on"):
            kwargs["on"] = data["on"]
        return kwargs


class SessionRearrangeSerializer(StrictSerializer):
    """Move an arranged meeting to a new date, time or place, with the reason. Everyone invited
    is told; the calendar invitation keeps its UID with a higher SEQUENCE. Breaking the 30-day
    or notice rule does not stop it: the answer's ``warnings`` say which was broken."""

    starts_at = CalendarDateTimeField(help_text="ISO 8601 with an offset, e.g. +00:00.")
    ends_at = CalendarDateTimeField()
    mode = serializers.ChoiceField(choices=Venue.Mode.choices)
    venue = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="A venue id; needed for a meeting in person.",
    )
    shorter_notice_agreed = serializers.BooleanField(
        default=False, help_text="The family agreed to less than 5 working days' notice."
    )
    reason = serializers.CharField(max_length=300, help_text="Why the meeting moves.")
    on = CalendarDateField(required=False, help_text="The day it was rearranged (today).")

    validate_venue = SessionScheduleSerializer.validate_venue

    def service_kwargs(self, data) -> dict:
        kwargs = {key: value for key, value in data.items() if key != "on"}
        if data.get("on"):
            kwargs["on"] = data["on"]
        return kwargs


class SessionCancellationSerializer(OnSerializer):
    """Cancel an arranged meeting: when, who called it off, and why. Everyone invited is told;
    the calendar invitation becomes a cancellation (METHOD:CANCEL) with a higher SEQUENCE."""

    cancelled_by = serializers.ChoiceField(choices=CancelledBy.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RuleWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["after_time_limit", "short_notice"],
        help_text="``after_time_limit``: after the day the mediation must be held by (30 days "
        "from the LA being told); ``short_notice``: less than 5 working days' notice.",
    )
    text = serializers.CharField()


class SessionRearrangedSerializer(SessionSerializer):
    """The meeting as rearranged, and the rules its new date breaks (none, usually)."""

    warnings = RuleWarningSerializer(many=True)


class NoticeSentSerializer(OnSerializer):
    """The family was sent the date and place of the meeting."""


class ActionCompleteSerializer(OnSerializer):
    """An agreed action was done."""


class NoteCreateSerializer(StrictSerializer):
    """A confidential, without-prejudice note (the provider's own staff only)."""

    text = serializers.CharField(style=MULTILINE)


class CertificateIssueSerializer(StrictSerializer):
    on = CalendarDateField(required=False, help_text="The day of issue (today).")
