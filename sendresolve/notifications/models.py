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
    # The provider's own words (issue 23, ``branding``), not the default text: GOV.UK Notify
    # sends them through its pass-through template (``backends.PROVIDER_TEXT``).
    provider_text = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox message"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        # No recipient here: __str__ ends up in admin history and log lines.
        return f"Message {self.pk} ({self.template}, {self.channel}, {self.status})"


class DocumentKind(models.TextChoices):
    """The documents sent to the family by their chosen channel (issue 21)."""

    CERTIFICATE = "certificate", "Mediation certificate"
    AGREEMENT = "agreement", "Mediation agreement"
    REMAINING_ISSUES = "remaining_issues", "Issues still in dispute"


class DocumentSending(models.Model):
    """One document (a certificate, an agreement, a remaining-issues summary) sent to the family.

    The unique key (case, kind, number) is what makes sending happen once: the row and its outbox
    messages are written in one transaction, so asking again for the same document finds the
    row and sends nothing. Written by ``notifications.sending`` only. ``failure_reason`` is shown
    to provider staff on the case page, so it names what is wrong, never the address itself.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="document_sendings"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind)
    number = models.CharField("document number or version", max_length=40)
    # How it goes to the family; blank when it could not go at all.
    channel = models.CharField(max_length=10, choices=Channel, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    failure_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    messages = models.ManyToManyField(OutboxMessage, related_name="document_sendings", blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "number"], name="one_sending_per_case_document"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} ({self.state})"
