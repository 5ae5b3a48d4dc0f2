"""The agreement document, its versions and who confirmed receiving each; and the summary of
the issues still in dispute.

The recorded agreement (``cases.Agreement``: its text and agreed actions, with the outcome of
each issue) stays the record the law adapter reads. A document is what the parties receive: a
draft the mediator words, then issued versions that are never rewritten. Editing after issue
starts the next version; issuing it marks the one before superseded (kept, and /verify/ says so).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.cases.models import Case
from sendresolve.core import clock
from sendresolve.core.models import BaseModel


class AgreementDocument(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        SUPERSEDED = "superseded", "Superseded"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreement_documents")
    version = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=12, choices=State, default=State.DRAFT)
    # The mediator's wording: an opening, one paragraph per issue, a closing. ``sections`` is
    # [{"issue": id, "label": "...", "result": "agreed", "text": "..."}], in the issues' order.
    intro = models.TextField(blank=True)
    sections = models.JSONField(default=list)
    closing = models.TextField(blank=True)
    # Frozen at issue: the agreed actions as printed (description, owner, clock and each due
    # date from the case's stored deadlines), so a later change to the case never rewrites it.
    actions = models.JSONField(default=list)
    number = models.CharField(max_length=24, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_on = models.DateField(null=True, blank=True)
    pdf = models.BinaryField(editable=False, default=b"")

    class Meta:
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="agreement_version_once"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="draft"), name="one_agreement_draft"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="issued"), name="one_agreement_in_force"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft agreement v{self.version} for {self.case_id}"


class Party(models.TextChoices):
    """Who confirms receiving an issued agreement."""

    FAMILY = "family", "The family"
    LOCAL_AUTHORITY = "local_authority", "The local authority"
    COMMISSIONING_BODY = "commissioning_body", "The health commissioning body"


class AgreementReceipt(models.Model):
    """One party confirmed they received one issued version (once per party and version)."""

    document = models.ForeignKey(
        AgreementDocument, on_delete=models.CASCADE, related_name="receipts"
    )
    party = models.CharField(max_length=20, choices=Party)
    confirmed_at = models.DateTimeField(default=clock.now)
    # The officer who confirmed; None for the family (through their status link).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="agreement_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} received {self.document}"


class IssuesSummary(models.Model):
    """The one-page summary of the issues still in dispute after mediation, for the family's
    appeal: which issues, never what was said or offered. Made once, when first asked for."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="issues_summary")
    number = models.CharField(max_length=24, unique=True)
    issued_on = models.DateField()
    issues = models.JSONField(default=list)  # [{"label": "...", "result": "not_agreed"}]
    pdf = models.BinaryField(editable=False, default=b"")

    def __str__(self) -> str:
        return self.number
