"""Shared serializer pieces: strict input, dates inside the calendar, the problem body, and small
nested shapes."""

from rest_framework import serializers

from sendresolve.core.text import text_clean

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


# The style of a text field that keeps line breaks and tabs (an address, a note): DRF's own
# marker for a multi-line text box. Every other text field is one line.
MULTILINE = {"base_template": "textarea.html"}


JSON_TYPES = (
    (serializers.CharField, lambda v: isinstance(v, str), "Enter text (a JSON string)."),
    (serializers.BooleanField, lambda v: isinstance(v, bool), "Enter true or false."),
    (
        serializers.IntegerField,
        lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Enter a whole number.",
    ),
)


class StrictSerializer(serializers.Serializer):
    """An input serializer: every request body (and report query) is read by one.

    It rejects keys it does not know, rather than ignoring typos, and takes control and bidi
    formatting characters out of every text field before the field validates it
    (``core.text.text_clean``; one line unless the field's style is ``MULTILINE``), so a name
    cannot reverse what other people read, and a name of only such characters is blank.
    """

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
            self._json_types_check(data)
            data = self._text_cleaned(data)
        return super().to_internal_value(data)

    # A request body is JSON, whose types the document states: a query string is all text.
    json_types = True

    def _json_types_check(self, data) -> None:
        """Refuse a value of another JSON type than the document says: a number, true/false, a
        list or an object where it says text (DRF's ``CharField`` would store ``0`` as ``"0"``),
        anything but true/false for a yes-or-no, anything but a whole number for an id."""
        if not self.json_types:
            return
        wrong = {}
        for name, field in self.fields.items():
            value = data.get(name)
            if field.read_only or name not in data or value is None:
                continue
            for kind, accepted, message in JSON_TYPES:
                if isinstance(field, kind) and not accepted(value):
                    wrong[name] = [message]
        if wrong:
            raise serializers.ValidationError(wrong)

    def _text_cleaned(self, data):
        texts = {
            name: field.style == MULTILINE
            for name, field in self.fields.items()
            if isinstance(field, serializers.CharField)
            and not field.read_only
            and isinstance(data.get(name), str)
        }
        if not texts:
            return data
        data = data.copy()  # a QueryDict's copy can be changed
        for name, multiline in texts.items():
            data[name] = text_clean(data[name], multiline=multiline)
        return data


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
