"""Checking a certificate by its verification code (public, no token)."""

from rest_framework import serializers

from sendresolve.api.serializers.common import StrictSerializer
from sendresolve.verification.codes import FORMATTED_LENGTH, code_normalise


class VerifyRequestSerializer(StrictSerializer):
    code = serializers.CharField(
        max_length=FORMATTED_LENGTH + 10,
        help_text="The verification code printed on the certificate, like 7KQ3-MX9D-H2PW "
        "(any case; spaces and dashes are ignored).",
    )

    def validate_code(self, value: str) -> str:
        code = code_normalise(value)
        if code is None:
            raise serializers.ValidationError(
                "Enter the verification code as shown, like 7KQ3-MX9D-H2PW."
            )
        return code


class VerifiedDocumentSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What the code is for: ``certificate``.")
    number = serializers.CharField()
    description = serializers.CharField(help_text="The certificate's kind, as printed on it.")
    issued_on = serializers.DateField()
    provider = serializers.CharField(source="provider_name", help_text="Who issued it.")
    appeal_deadline = serializers.DateField(
        allow_null=True, help_text="None for an agreement or a summary of issues in dispute."
    )
    child_initials = serializers.CharField(help_text="The child's initials only, like “A. S.”.")
    replaces_number = serializers.CharField(
        allow_blank=True, help_text="The certificate this one corrects, if any."
    )
    superseded = serializers.BooleanField(
        help_text="True when a corrected certificate replaced this one: do not rely on it."
    )
    superseded_on = serializers.DateField(allow_null=True)
    superseded_by = serializers.CharField(
        source="superseded_by_number", allow_blank=True, help_text="The replacing certificate."
    )
