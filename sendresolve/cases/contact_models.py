"""The case's contact log and tasks (imported by ``cases.models``, where they belong).

``ContactEntry`` records a call, email, letter, meeting or text message with someone about the
case: who, when, which way, and a short summary. Entries are shareable casework by default;
one marked ``confidential`` is shown only to those who may read confidential content
(``cases.permissions.sees_confidential``: the provider's own staff). The mediator's
without-prejudice notes stay in ``ConfidentialNote``.

``CaseTask`` is a to-do on the case for one member of the provider's staff ("call the LA officer
back"), with a due date; it is listed in its owner's work queue until it is done.
"""

from django.conf import settings
from django.db import models

from sendresolve.core.models import BaseModel


class ContactKind(models.TextChoices):
    CALL = "call", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting"
    TEXT = "text", "Text message"


class Direction(models.TextChoices):
    IN = "in", "Incoming"
    OUT = "out", "Outgoing"


class ContactEntry(BaseModel):
    """One contact with someone about the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=8, choices=ContactKind)
    direction = models.CharField(max_length=3, choices=Direction)
    with_whom = models.CharField(
        "with whom", max_length=150, help_text="The person or organisation, as written."
    )
    party = models.ForeignKey(
        "cases.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        help_text="The party on the case it was with, if any.",
    )
    occurred_at = models.DateTimeField()
    summary = models.TextField()
    confidential = models.BooleanField(
        default=False, help_text="Only the provider's own staff can see it."
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "contact entries"
        indexes = [models.Index(fields=["case", "occurred_at"], name="contact_case_when")]

    def __str__(self) -> str:
        # No summary or name here: __str__ ends up in admin history and log lines.
        return f"{self.get_kind_display()} on case {self.case_id}"


class CaseTask(BaseModel):
    """Something a member of the provider's staff must do on the case, by a date."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_tasks"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The owner's open tasks in their work queue, by due date.
            models.Index(fields=["owner", "done_on", "due_on"], name="task_owner_open_due"),
        ]

    def __str__(self) -> str:
        return f"Task {self.pk} on case {self.case_id}"
