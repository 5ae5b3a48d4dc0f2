"""What families tell us about the service, and requests for pages in another format.

Both are anonymous by design: feedback asks for no personal data, and a format request holds only
the contact details needed to answer it. Each is linked to the provider and LA when the page it
came from belonged to a case or request, so providers can read what families said about their
service (see ``selectors``).
"""

from django.conf import settings
from django.db import models

from sendresolve.core import clock


class Feedback(models.Model):
    """An answer to the short "Tell us what you think" form."""

    class Satisfaction(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", "Very satisfied"
        SATISFIED = "satisfied", "Satisfied"
        NEITHER = "neither", "Neither satisfied nor dissatisfied"
        DISSATISFIED = "dissatisfied", "Dissatisfied"
        VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"

    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    satisfaction = models.CharField(max_length=20, choices=Satisfaction)
    improvement = models.TextField("what could be better", blank=True)
    page = models.CharField(max_length=200, blank=True, help_text="The page it was sent from.")
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"Feedback {self.pk} ({self.get_satisfaction_display()})"


class FormatRequest(models.Model):
    """A request for information in another format (large print, Braille, BSL video, ...)."""

    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy Read"
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"
        BSL = "bsl", "British Sign Language (BSL) video"
        LANGUAGE = "language", "Another language"
        OTHER = "other", "Something else"

    class State(models.TextChoices):
        NEW = "new", "To send"
        DONE = "done", "Sent"

    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    format = models.CharField(max_length=12, choices=Format)
    detail = models.CharField(
        max_length=200, blank=True, help_text="Which language, or what else is needed."
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    page = models.CharField(max_length=200, blank=True, help_text="The page it was asked for.")
    state = models.CharField(max_length=8, choices=State, default=State.NEW)
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="format_requests",
    )
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="format_requests",
        help_text="The provider that serves the council; none: the system's own team.",
    )
    due_on = models.DateField(
        null=True, blank=True, help_text="When it should be sent by (working days, see services)."
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        # No contact details: __str__ ends up in admin history and log lines.
        return f"Format request {self.pk} ({self.get_format_display()})"

    def is_overdue(self, today) -> bool:
        """Still to send after the day it was due."""
        return self.state == self.State.NEW and self.due_on is not None and today > self.due_on
