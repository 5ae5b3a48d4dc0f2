"""Webhook endpoints and their delivery log in the API (issue 25)."""

from rest_framework import serializers

from sendresolve.api.serializers.common import StrictSerializer
from sendresolve.webhooks.events import EventType
from sendresolve.webhooks.models import Delivery, Endpoint


class WebhookOwnerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Endpoint.Owner.choices)
    code = serializers.CharField(
        help_text="The organisation's code: a provider's slug, an LA's DfE code, an ICB's ODS code."
    )
    name = serializers.CharField()


class WebhookEndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField()
    owner = serializers.SerializerMethodField()
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))
    created_at = serializers.DateTimeField()
    secret_rotated_at = serializers.DateTimeField(allow_null=True)

    def get_owner(self, endpoint: Endpoint) -> WebhookOwnerSerializer:
        return WebhookOwnerSerializer(owner_ref(endpoint)).data  # type: ignore[return-value]


def owner_ref(endpoint: Endpoint) -> dict[str, str]:
    if endpoint.provider is not None:
        code = endpoint.provider.slug
    elif endpoint.local_authority is not None:
        code = endpoint.local_authority.dfe_code
    else:
        code = endpoint.commissioning_body.ods_code if endpoint.commissioning_body else ""
    owner = endpoint.owner
    return {"kind": endpoint.owner_kind, "code": code, "name": owner.name if owner else ""}


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        allow_null=True,
        help_text="The signing secret (``whsec_…``), given only here, once: null when the "
        "request repeated an earlier one.",
    )


class WebhookEndpointCreateSerializer(StrictSerializer):
    url = serializers.CharField(
        max_length=500, help_text="https:// on the public internet; redirects are not followed."
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), min_length=1, max_length=20
    )
    description = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    owner_kind = serializers.ChoiceField(
        choices=Endpoint.Owner.choices,
        required=False,
        help_text="Needed when you manage more than one organisation's endpoints.",
    )
    owner_code = serializers.CharField(
        max_length=60,
        required=False,
        help_text="A provider's slug, an LA's DfE code or an ICB's ODS code (with owner_kind).",
    )


class WebhookSecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The new signing secret (``whsec_…``), given once.")
    previous_valid_until = serializers.DateTimeField(
        help_text="Until when messages are also signed with the previous secret."
    )


class WebhookAttemptSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    status_code = serializers.IntegerField(allow_null=True)
    duration_ms = serializers.IntegerField()
    error = serializers.CharField()


class WebhookDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message_id = serializers.CharField(help_text="The ``webhook-id`` header: the same on a replay.")
    event_type = serializers.ChoiceField(choices=EventType.choices)
    state = serializers.ChoiceField(choices=Delivery.State.choices)
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    replay_of = serializers.IntegerField(source="replay_of_id", allow_null=True)
    payload = serializers.JSONField(help_text="The body that is sent.")
    attempt_log = WebhookAttemptSerializer(many=True)
