"""Staff and roles (issue 23): what the API reads and accepts. Managers only."""

from rest_framework import serializers

from sendresolve.api.serializers.common import StrictSerializer
from sendresolve.tenancy.staffing import STAFF_ROLES

ROLE_CHOICES = [(role.value, role.label) for role in STAFF_ROLES]
# Named in the OpenAPI document (``StaffStatusEnum``: settings' ENUM_NAME_OVERRIDES).
STAFF_STATUS_CHOICES = ["active", "suspended", "removed"]


class StaffMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES))
    status = serializers.ChoiceField(choices=STAFF_STATUS_CHOICES)
    last_sign_in = serializers.DateTimeField(allow_null=True)
    two_factor = serializers.BooleanField(
        help_text="Whether they have set up an authenticator app."
    )


class RolesSerializer(StrictSerializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ROLE_CHOICES), min_length=1, max_length=5
    )


class InviteCreateSerializer(RolesSerializer):
    email = serializers.EmailField(max_length=254)


class InviteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES))
    expires_at = serializers.DateTimeField()
