"""The outbox: one row for every message to a family, a party or an officer.

Rows are written by ``notifications.services`` only. They are append-mostly: after creation only
the delivery fields (``status``, ``backend``, ``external_id``, ``failure_reason``, ``sent_at``)
change. The recipient and personalisation are personal data (often about a child), so they are
kept here and nowhere else: never in logs, audit details or error messages.
"""

from django.db import models

from sendresolve.core import clock


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    TO_POST = "to_post", "To post"


class OutboxMessage(models.Model):
    created_at = models.DateTimeField(default=clock.now, db_index=True, editable=False)
    template = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel)
    # An email address, a mobile number, or a postal address (one line per address line).
    to = models.CharField("recipient", max_length=500)
    personalisation = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    reference = models.CharField(max_length=60, blank=True, db_index=True)
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    backend = models.CharField(max_length=20, blank=True)
    external_id = models.CharField("provider's message id", max_length=100, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox message"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        # No recipient here: __str__ ends up in admin history and log lines.
        return f"Message {self.pk} ({self.template}, {self.channel}, {self.status})"
