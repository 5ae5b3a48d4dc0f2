"""Bodies and answers of the diary's operations (issue 22): mediators, availability, slot
proposals and booking a meeting with a mediator."""

from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.common import CalendarDateTimeField, StrictSerializer
from sendresolve.api.serializers.sessions import SessionScheduleSerializer
from sendresolve.cases.models import Venue
from sendresolve.core import clock
from sendresolve.diary.models import AccreditationBody


class HoursSerializer(StrictSerializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 Monday … 6 Sunday")
    starts = serializers.TimeField(format="%H:%M")
    ends = serializers.TimeField(format="%H:%M")


class ExceptionSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField()
    starts = serializers.TimeField(format="%H:%M", allow_null=True)
    ends = serializers.TimeField(format="%H:%M", allow_null=True)


class AvailabilitySerializer(serializers.Serializer):
    hours = HoursSerializer(many=True)
    exceptions = ExceptionSerializer(many=True, read_only=True)


class AvailabilityReplaceSerializer(StrictSerializer):
    """The mediator's weekly hours, replacing all of them."""

    hours = serializers.ListField(child=HoursSerializer(), max_length=50)


class MediatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    provider = serializers.CharField(source="provider.slug")
    accreditation_body = serializers.ChoiceField(choices=AccreditationBody.choices)
    registration_number = serializers.CharField()
    accredited_until = serializers.DateField(allow_null=True)
    dbs_checked_on = serializers.DateField(allow_null=True)
    local_authorities = serializers.SerializerMethodField(help_text="DfE codes")
    languages = serializers.ListField(child=serializers.CharField())
    warnings = serializers.SerializerMethodField(
        help_text="Accreditation or DBS check expired, due or not recorded."
    )

    def get_local_authorities(self, profile) -> list[str]:
        return [la.dfe_code for la in profile.local_authorities.all()]

    def get_warnings(self, profile) -> list[str]:
        return profile.warnings(clock.today())


class ProposalSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=Venue.Mode.choices)
    mediator = serializers.IntegerField(source="mediator.pk")
    mediator_name = serializers.CharField(source="mediator.name")
    venue = serializers.IntegerField(source="venue.pk", allow_null=True, default=None)
    venue_name = serializers.CharField(source="venue.name", allow_null=True, default=None)


class ProposalQuerySerializer(StrictSerializer):
    hours = serializers.IntegerField(min_value=1, max_value=3, default=2)
    mode = serializers.ChoiceField(choices=Venue.Mode.choices, default=Venue.Mode.IN_PERSON)
    shorter_notice_agreed = serializers.BooleanField(default=False)
    interpreter_booked = serializers.BooleanField(default=False)
    count = serializers.IntegerField(min_value=1, max_value=10, default=3)


class BookingCreateSerializer(SessionScheduleSerializer):
    """Arrange a meeting with a mediator: the meeting and the mediator's (and, in person, the
    venue's) booking in one step. A mediator or venue already booked then is refused (400)."""

    mediator = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    starts_at = CalendarDateTimeField(help_text="ISO 8601 with an offset, e.g. +00:00.")
