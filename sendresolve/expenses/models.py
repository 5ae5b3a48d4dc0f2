"""A travel expense claim, its lines, and the mileage rate an LA pays.

Money is whole pence (``*_pence``), never floats. The claim's total is the sum of its lines,
computed by the service that writes them (``services.expense_claim``); a check constraint keeps
a decision's fields in step with its state.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from sendresolve.core.models import BaseModel


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", "Sent to the local authority"
    PAID = "paid", "Paid"
    REFUSED = "refused", "Refused"


class TravelMode(models.TextChoices):
    CAR = "car", "Car (mileage)"
    PUBLIC_TRANSPORT = "public_transport", "Public transport fare"
    PARKING = "parking", "Parking"
    OTHER = "other", "Other"


class ExpenseClaim(BaseModel):
    """The family's claim for travel expenses for attending mediation, sent to the LA."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="expense_claims")
    session = models.ForeignKey(
        "cases.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expense_claims",
        help_text="The meeting the travel was for.",
    )
    state = models.CharField(max_length=10, choices=ClaimState, default=ClaimState.SUBMITTED)
    submitted_on = models.DateField()
    decided_on = models.DateField(
        null=True, blank=True, help_text="The day it was paid, or refused."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(blank=True, help_text="Why it was refused.")
    total_pence = models.PositiveIntegerField()
    receipts = models.ManyToManyField("casefiles.CaseFile", blank=True, related_name="+")

    class Meta:
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["state", "submitted_on"], name="expenseclaim_state_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=ClaimState.SUBMITTED, decided_on__isnull=True)
                | (~Q(state=ClaimState.SUBMITTED) & Q(decided_on__isnull=False)),
                name="expenseclaim_decided_iff_not_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(state=ClaimState.REFUSED) | ~Q(reason=""),
                name="expenseclaim_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Expense claim {self.pk} on case {self.case_id}"


class ExpenseLine(models.Model):
    """One journey or cost: a car journey's miles at the LA's rate, a fare, parking, other."""

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="lines")
    travelled_on = models.DateField()
    mode = models.CharField(max_length=20, choices=TravelMode)
    description = models.CharField(
        max_length=200, help_text="From and to, or what the cost was for."
    )
    miles = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    pence_per_mile = models.PositiveSmallIntegerField(null=True, blank=True)
    amount_pence = models.PositiveIntegerField()

    class Meta:
        ordering = ["travelled_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="expenseline_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(mode=TravelMode.CAR)
                | Q(miles__isnull=False, pence_per_mile__isnull=False),
                name="expenseline_car_has_miles",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.travelled_on:%Y-%m-%d}"


class MileageRate(BaseModel):
    """What an LA pays a mile for travel by car (else ``SENDRESOLVE_MILEAGE_PENCE``, 45p)."""

    local_authority = models.OneToOneField(
        "tenancy.LocalAuthority", on_delete=models.CASCADE, related_name="mileage_rate"
    )
    pence_per_mile = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    def __str__(self) -> str:
        return f"{self.pence_per_mile}p a mile"
