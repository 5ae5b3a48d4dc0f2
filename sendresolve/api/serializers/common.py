"""Shared serializer pieces: strict input, the problem body, and small nested shapes."""

from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    """An input serializer that rejects keys it does not know, rather than ignoring typos."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
        return super().to_internal_value(data)


class OnSerializer(StrictSerializer):
    on = serializers.DateField(help_text="The day it happened (YYYY-MM-DD), not in the future.")


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
