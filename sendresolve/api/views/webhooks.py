"""Webhook endpoints and their delivery log (issue 25): an organisation's provider managers, LA
officers or health commissioners, and administrators. Anyone else gets 404."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from sendresolve.api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
    WebhookSecretSerializer,
)
from sendresolve.api.views.base import ApiView, problems
from sendresolve.api.views.cases import CasePagination
from sendresolve.audit.services import audit_record
from sendresolve.core.errors import ValidationError
from sendresolve.webhooks import services
from sendresolve.webhooks.selectors import (
    deliveries_of,
    delivery_get,
    endpoint_get,
    endpoints_for,
    managed_by,
    owner_choices,
    owner_id,
)
from sendresolve.webhooks.signing import PREVIOUS_SECRET_KEPT

TAGS = ["webhooks"]


def _manager_or_404(request) -> None:
    if not managed_by(request.actor).anything:
        raise exceptions.NotFound("No webhooks to manage.")


def _owner(request, kind: str | None, code: str | None) -> str:
    """The "kind:id" of the organisation named by kind and code (or the only one managed)."""
    choices = owner_choices(request.actor)
    if not kind and not code:
        if len(choices) == 1:
            return choices[0][0]
        raise ValidationError("Give owner_kind and owner_code.", field="owner_kind")
    if not kind or not code:
        raise ValidationError("Give owner_kind and owner_code together.", field="owner_kind")
    found = owner_id(kind, code)
    value = f"{kind}:{found}"
    if found is None or value not in dict(choices):
        raise ValidationError(
            "Name an organisation whose endpoints you manage.", field="owner_code"
        )
    return value


class WebhookEndpointListView(ApiView):
    pagination_class = CasePagination
    serializer_class = WebhookEndpointSerializer
    query_parameters = frozenset({"limit", "offset"})

    @extend_schema(
        operation_id="webhook_endpoints_list",
        summary="Your organisations' webhook endpoints",
        description="The endpoints of the organisations whose webhooks you manage: a provider's "
        "managers, an LA's officers, a health body's commissioners (administrators: every "
        "endpoint). 404 for anyone else.",
        responses={200: WebhookEndpointSerializer(many=True), **problems(400)},
        tags=TAGS,
    )
    def get(self, request):
        _manager_or_404(request)
        page = self.paginate_queryset(endpoints_for(request.actor))
        audit_record(actor=request.actor, action="webhook.endpoint.list", detail={"via": "api"})
        return self.get_paginated_response(WebhookEndpointSerializer(page, many=True).data)

    @extend_schema(
        operation_id="webhook_endpoints_create",
        summary="Register a webhook endpoint",
        description="Messages are signed as the Standard Webhooks specification says "
        "(``webhook-id``, ``webhook-timestamp``, ``webhook-signature`` headers) with the "
        "secret this answer gives, once. The address must be https:// on the public internet. "
        "The same address sent again by you within 10 minutes answers 200 with the first "
        "endpoint and no secret.",
        request=WebhookEndpointCreateSerializer,
        responses={
            201: WebhookEndpointCreatedSerializer,
            200: OpenApiResponse(
                WebhookEndpointCreatedSerializer, description="A repeat: secret is null."
            ),
            **problems(400, 415),
        },
        tags=TAGS,
    )
    def post(self, request):
        _manager_or_404(request)
        data = self.validated(WebhookEndpointCreateSerializer).validated_data
        endpoint, secret = services.endpoint_create(
            actor=request.actor,
            owner=_owner(request, data.get("owner_kind"), data.get("owner_code")),
            url=data["url"],
            event_types=data["event_types"],
            description=data.get("description", ""),
        )
        endpoint = endpoint_get(request.actor, endpoint_id=endpoint.pk)
        body = {**WebhookEndpointSerializer(endpoint).data, "secret": secret}
        return Response(body, status=status.HTTP_201_CREATED if secret else status.HTTP_200_OK)


class WebhookEndpointDetailView(ApiView):
    serializer_class = WebhookEndpointSerializer

    @extend_schema(
        operation_id="webhook_endpoints_read",
        summary="One webhook endpoint",
        responses={200: WebhookEndpointSerializer, **problems()},
        tags=TAGS,
    )
    def get(self, request, endpoint_id):
        endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(
        operation_id="webhook_endpoints_delete",
        summary="Delete a webhook endpoint",
        description="Nothing more is sent to it; its delivery log is deleted.",
        responses={204: None, **problems()},
        tags=TAGS,
    )
    def delete(self, request, endpoint_id):
        endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
        services.endpoint_delete(actor=request.actor, endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotationView(ApiView):
    serializer_class = WebhookSecretSerializer

    @extend_schema(
        operation_id="webhook_endpoints_rotate_secret",
        summary="Make a new signing secret",
        description="The new secret is given once. For 24 hours messages carry signatures by "
        "both the new and the previous secret, so your receiver can switch over.",
        request=None,
        responses={200: WebhookSecretSerializer, **problems()},
        tags=TAGS,
    )
    def post(self, request, endpoint_id):
        endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
        secret = services.endpoint_rotate(actor=request.actor, endpoint=endpoint)
        until = endpoint.secret_rotated_at + PREVIOUS_SECRET_KEPT
        return Response(
            WebhookSecretSerializer({"secret": secret, "previous_valid_until": until}).data
        )


class WebhookDeliveryListView(ApiView):
    pagination_class = CasePagination
    serializer_class = WebhookDeliverySerializer
    query_parameters = frozenset({"limit", "offset"})

    @extend_schema(
        operation_id="webhook_deliveries_list",
        summary="An endpoint's delivery log",
        description="Newest first, each with its attempts (status code, time taken, error).",
        responses={200: WebhookDeliverySerializer(many=True), **problems(400)},
        tags=TAGS,
    )
    def get(self, request, endpoint_id):
        endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
        page = self.paginate_queryset(deliveries_of(endpoint))
        audit_record(
            actor=request.actor,
            action="webhook.delivery.list",
            target=endpoint,
            local_authority=endpoint.local_authority,
            provider=endpoint.provider,
            detail={"endpoint_id": endpoint.pk, "via": "api"},
        )
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


class WebhookReplayView(ApiView):
    serializer_class = WebhookDeliverySerializer

    @extend_schema(
        operation_id="webhook_deliveries_replay",
        summary="Send a delivery again",
        description="The same message (same ``webhook-id`` and body), newly signed. 201 with "
        "the new delivery; 200 with the one already waiting if a replay of it is not sent yet, "
        "so a repeated request sends once.",
        request=None,
        responses={
            201: WebhookDeliverySerializer,
            200: OpenApiResponse(
                WebhookDeliverySerializer, description="A replay was already waiting."
            ),
            **problems(),
        },
        tags=TAGS,
    )
    def post(self, request, endpoint_id, delivery_id):
        endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
        delivery = delivery_get(endpoint, delivery_id=delivery_id)
        replay, new = services.delivery_replay(actor=request.actor, delivery=delivery)
        replay = delivery_get(endpoint, delivery_id=replay.pk)
        return Response(
            WebhookDeliverySerializer(replay).data,
            status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
        )
