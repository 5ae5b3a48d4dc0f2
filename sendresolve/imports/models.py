"""An import of a provider's caseload, and the link from each imported case to the source
system's reference (what makes an import idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendresolve.core import clock


class CaseImport(models.Model):
    """One import run (command or upload page). An upload is kept, validated, until a
    manager confirms it; the file's content is dropped once imported."""

    class State(models.TextChoices):
        # A large upload, kept and waiting for the task workers to check it (``tasks``).
        CHECKING = "checking", "Being checked"
        VALIDATED = "validated", "Checked, waiting to be imported"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"
        # Never confirmed: its file deleted under the retention policy (``unconfirmed_imports``).
        EXPIRED = "expired", "Not imported in time, file deleted"

    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.PROTECT, related_name="case_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField(blank=True, default=b"")
    events_content = models.BinaryField(blank=True, default=b"")
    state = models.CharField(max_length=12, choices=State, default=State.VALIDATED)
    rows = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [sheet, row, column, reason] for every error found (no personal data: codes and dates).
    errors = models.JSONField(default=list, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    overdue_count = models.PositiveIntegerField(default=0)
    # The first overdue deadlines: case reference, source reference, title, due date, who.
    overdue = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_state_display()})"


class ImportedCase(models.Model):
    """A case that came from another system, by that system's reference for it."""

    provider = models.ForeignKey("tenancy.Provider", on_delete=models.PROTECT, related_name="+")
    source_reference = models.CharField(max_length=100)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="import_record"
    )
    row_digest = models.CharField(max_length=64)
    last_import = models.ForeignKey(
        CaseImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "source_reference"], name="imported_case_source_unique"
            )
        ]

    def __str__(self) -> str:
        return self.source_reference
