"""Targets and quality (issue 23): KPI targets per commission, the satisfaction survey after
mediation, and complaints about the provider itself.

- ``KpiTarget``: a commission's three targets (percentages). Its actual figures are the
  reports' own (``quality.targets``), rated red, amber or green.
- ``SurveyInvitation`` / ``SurveyResponse``: one single-use link per recipient (the family,
  each LA officer), of which only the token's SHA-256 digest is stored, and at most one answer
  each. An answer holds no personal data: the recipient's address is never stored here, and
  the answer reaches its case only through the invitation, for the provider's own figures.
- ``ProviderComplaint``: a complaint about the provider, its response due date (the provider's
  standard, ``quality.complaints``) and what came of it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from sendresolve.core import clock
from sendresolve.core.models import BaseModel

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class KpiTarget(BaseModel):
    """A commission's KPI targets, each a percentage (empty: no target)."""

    commission = models.OneToOneField(
        "tenancy.Commission", on_delete=models.PROTECT, related_name="kpi_target"
    )
    certificates_on_time = models.PositiveSmallIntegerField(
        "certificates issued within 3 working days (%)", null=True, blank=True, validators=PERCENT
    )
    held_within_30_days = models.PositiveSmallIntegerField(
        "mediations held within 30 days (%)", null=True, blank=True, validators=PERCENT
    )
    agreement_rate = models.PositiveSmallIntegerField(
        "agreement rate (%)", null=True, blank=True, validators=PERCENT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["commission"]

    def __str__(self) -> str:
        return f"Targets for commission {self.commission_id}"


class Respondent(models.TextChoices):
    FAMILY = "family", "Family"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class SurveyInvitation(models.Model):
    """A single-use survey link sent to one recipient after a mediation concluded."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey("tenancy.Provider", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    respondent = models.CharField(max_length=20, choices=Respondent)
    token_digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the link's token (hex)."
    )
    sent_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        # Nothing about the recipient: __str__ ends up in admin history and log lines.
        return f"Survey invitation {self.pk}"


class SurveyResponse(models.Model):
    """One anonymous answer: no name, no address, no case reference."""

    class Satisfaction(models.IntegerChoices):
        VERY_SATISFIED = 5, "Very satisfied"
        SATISFIED = 4, "Satisfied"
        NEITHER = 3, "Neither satisfied nor dissatisfied"
        DISSATISFIED = 2, "Dissatisfied"
        VERY_DISSATISFIED = 1, "Very dissatisfied"

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    class Recommend(models.TextChoices):
        YES = "yes", "Yes"
        NOT_SURE = "not_sure", "Not sure"
        NO = "no", "No"

    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.CASCADE, related_name="response"
    )
    provider = models.ForeignKey("tenancy.Provider", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    respondent = models.CharField(max_length=20, choices=Respondent)
    answered_on = models.DateField(default=clock.today)
    satisfaction = models.PositiveSmallIntegerField(choices=Satisfaction)
    listened_to = models.CharField(max_length=10, choices=Answer)
    would_recommend = models.CharField(max_length=10, choices=Recommend)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["answered_on", "id"]
        indexes = [models.Index(fields=["provider", "answered_on"], name="survey_provider_day")]

    def __str__(self) -> str:
        return f"Survey answer {self.pk}"

    @property
    def satisfied(self) -> bool:
        return self.satisfaction >= self.Satisfaction.SATISFIED


class ProviderComplaint(BaseModel):
    """A complaint about the provider itself (not about an LA or a school)."""

    class From(models.TextChoices):
        FAMILY = "family", "A family"
        LOCAL_AUTHORITY = "local_authority", "A local authority"
        OTHER = "other", "Someone else"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"

    provider = models.ForeignKey("tenancy.Provider", on_delete=models.PROTECT, related_name="+")
    complainant = models.CharField("who complained", max_length=20, choices=From)
    received_on = models.DateField()
    summary = models.TextField()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response_due_on = models.DateField()
    response_sent_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The form's key: the same form sent twice records one complaint.
    submission_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["response_due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "submission_key"],
                condition=~Q(submission_key=""),
                name="complaint_submission_once",
            ),
            models.CheckConstraint(
                condition=Q(response_sent_on__isnull=True)
                | Q(response_sent_on__gte=models.F("received_on")),
                name="complaint_response_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"Complaint {self.pk}"
