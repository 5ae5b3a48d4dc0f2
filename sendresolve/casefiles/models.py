"""A file uploaded to a case, with its kind and who may see it.

The stored file's name is random and says nothing about the case or the family; the name it was
uploaded with is kept only to offer it back on download. Files are never served from a public
URL: only through the views that check the actor (``selectors``) and audit each download.
"""

from django.conf import settings
from django.db import models

from sendresolve.casefiles.storage import case_file_path, case_files_storage
from sendresolve.core.models import BaseModel


class Kind(models.TextChoices):
    DECISION_LETTER = "decision_letter", "Decision letter"
    EHC_PLAN = "ehc_plan", "EHC plan"
    REPORT = "report", "Report"
    EVIDENCE = "evidence", "Evidence"
    AGREEMENT = "agreement", "Agreement"
    OTHER = "other", "Other"
    # A receipt for a travel expense claim (issue 22, ``sendresolve.expenses``).
    RECEIPT = "receipt", "Receipt"


class Visibility(models.TextChoices):
    """Who may see a document, besides the provider's own staff (who see every one)."""

    PROVIDER = "provider", "The mediation provider only"
    FAMILY = "family", "The provider and the family"
    PARTIES = "parties", "The provider and the local authority and health parties"
    EVERYONE = "everyone", "Everyone on the case"


# Confidential mediation material never goes to the LA, the ICB or the tribunal.
SEEN_BY_PARTIES = frozenset({Visibility.PARTIES, Visibility.EVERYONE})
SEEN_BY_FAMILY = frozenset({Visibility.FAMILY, Visibility.EVERYONE})


class CaseFile(BaseModel):
    """One document on a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=Kind)
    visibility = models.CharField(max_length=10, choices=Visibility)
    confidential = models.BooleanField(
        default=False,
        help_text="Confidential mediation material: never shared with the LA, ICB or tribunal.",
    )
    file = models.FileField(storage=case_files_storage, upload_to=case_file_path, max_length=200)
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a file the family uploaded through their status link.",
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="casefile_case_when")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(confidential=True, visibility__in=sorted(SEEN_BY_PARTIES)),
                name="casefile_confidential_not_shared",
            )
        ]

    def __str__(self) -> str:
        # No file name here: __str__ ends up in admin history and log lines.
        return f"{self.get_kind_display()} on case {self.case_id}"

    @property
    def uploaded_by_family(self) -> bool:
        return self.uploaded_by_id is None
