"""Shared serializer pieces: strict input, dates inside the calendar, the problem body, and small
nested shapes."""

from rest_framework import serializers

# Every date a client sends falls in these years, as on the page forms (``core.forms``): the
# working-day calendar the law core counts with covers 1900 to 2199, so a deadline counted from
# a date in range always can be. Year 1 was a 500 (issue 19).
FIRST_YEAR = 1900
LAST_YEAR = 2100
OUT_OF_RANGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}."


class CalendarDateField(serializers.DateField):
    """A date from 1900 to 2100: every date field of every input serializer is one."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise serializers.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return day


class CalendarDateTimeField(serializers.DateTimeField):
    """A date and time from 1900 to 2100 (its year where it was given)."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise serializers.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return moment


class StrictSerializer(serializers.Serializer):
    """An input serializer that rejects keys it does not know, rather than ignoring typos."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
        return super().to_internal_value(data)


class OnSerializer(StrictSerializer):
    on = CalendarDateField(help_text="The day it happened (YYYY-MM-DD), not in the future.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem (``application/problem+json``)."""

    type = serializers.CharField(help_text="A link to this problem type in /api/v1/docs.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    # The problem body's own field; this serializer only documents the schema, so hiding
    # Serializer.errors (which it never uses) is harmless.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages by field; nested fields are dotted, e.g. ``actions.0.owner``.",
    )


class LocalAuthorityRefSerializer(serializers.Serializer):
    dfe_code = serializers.CharField()
    name = serializers.CharField()


class ProviderRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CommissioningBodyRefSerializer(serializers.Serializer):
    ods_code = serializers.CharField()
    name = serializers.CharField()


def person_label(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()
