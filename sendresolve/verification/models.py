"""One verification code per issued document, found by the code alone.

The code names the document by its ``kind`` and ``number`` (no foreign key), so agreements and
summaries can be added as kinds without touching this table's shape, and the domain apps that
issue documents call in here without this app importing them.
"""

from django.db import models

from sendresolve.core.models import BaseModel
from sendresolve.verification.codes import FORMATTED_LENGTH


class VerificationCode(BaseModel):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Mediation certificate"
        # Issued by ``sendresolve.agreements`` (issue 21).
        AGREEMENT = "agreement", "Mediation agreement"
        REMAINING_ISSUES = "remaining_issues", "Issues still in dispute"

    code = models.CharField(max_length=FORMATTED_LENGTH, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    number = models.CharField(max_length=24)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="one_code_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"
