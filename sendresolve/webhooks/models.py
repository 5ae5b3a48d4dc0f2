"""Webhook endpoints an organisation registers, the deliveries queued for them and each attempt.

An endpoint belongs to exactly one organisation (a provider, an LA or a health commissioning
body): what it is sent is what that organisation's staff may see (``services``). Its signing
secret is stored sealed (``core.sealing``), never in clear, and shown once to whoever made it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.core import clock


class Endpoint(models.Model):
    class Owner(models.TextChoices):
        PROVIDER = "provider", "Provider"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        COMMISSIONING_BODY = "commissioning_body", "Health commissioning body"

    owner_kind = models.CharField(max_length=20, choices=Owner)
    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    commissioning_body = models.ForeignKey(
        "tenancy.CommissioningBody",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=120, blank=True)
    event_types = models.JSONField(default=list, help_text="The event types it is sent.")
    secret_sealed = models.TextField(editable=False)
    # After a rotation the old secret also signs for a day, so the receiver can switch over.
    previous_secret_sealed = models.TextField(blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        owner_kind="provider",
                        provider__isnull=False,
                        local_authority__isnull=True,
                        commissioning_body__isnull=True,
                    )
                    | Q(
                        owner_kind="local_authority",
                        provider__isnull=True,
                        local_authority__isnull=False,
                        commissioning_body__isnull=True,
                    )
                    | Q(
                        owner_kind="commissioning_body",
                        provider__isnull=True,
                        local_authority__isnull=True,
                        commissioning_body__isnull=False,
                    )
                ),
                name="webhook_endpoint_one_owner",
            ),
            # One endpoint per address and organisation: a double submission registers once.
            *(
                models.UniqueConstraint(
                    fields=[owner, "url"],
                    condition=Q(**{f"{owner}__isnull": False}),
                    name=f"webhook_endpoint_url_per_{owner}",
                )
                for owner in ("provider", "local_authority", "commissioning_body")
            ),
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def owner(self):
        return self.provider or self.local_authority or self.commissioning_body


class Delivery(models.Model):
    """One message for one endpoint, tried until it is accepted or the attempts run out."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        RETRYING = "retrying", "Failed, will retry"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (no more retries)"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    # The Standard Webhooks ``webhook-id``: the same for a replay, so receivers can de-duplicate.
    message_id = models.CharField(max_length=40)
    event_type = models.CharField(max_length=40)
    # What made it, so one occurrence is queued once per endpoint (a case event's id, a deadline
    # and its due date, a replay's number).
    dedup_key = models.CharField(max_length=80)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replays"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedup_key"], name="webhook_delivery_once_per_endpoint"
            )
        ]
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"


class Attempt(models.Model):
    """One try at sending a delivery: what the receiver answered, how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=clock.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
