"""Contracts and invoices (issue 23): what each LA pays its provider, and the bills.

``ContractTerms`` are a commission's prices and conditions from a date: changing them adds a
row from a later date (the open row before it is closed the day before), so the price in force
on any day is one query and history is never rewritten. An ``Invoice`` is one provider's bill
to one LA for one month (or a credit note against one); its ``InvoiceLine`` rows are derived
from the cases' recorded events (``billing.billable``), never typed. Lines carry the case
reference only: finance staff, who see no case content, read them.

An approved invoice is never changed (``billing.services`` refuses, and the models refuse to
save or delete a line of one); corrections are credit notes.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from sendresolve.core import clock
from sendresolve.core.models import BaseModel


class ServiceLine(models.TextChoices):
    """What an invoice line bills for: each comes from one kind of recorded event."""

    ADVICE_CALL = "advice_call", "Mediation advice call"
    MEDIATION_CASE = "mediation_case", "Mediation case"
    ADDITIONAL_SESSION = "additional_session", "Additional mediation session"
    DR_MEETING = "dr_meeting", "Disagreement resolution meeting"
    CANCELLATION = "cancellation", "Late cancellation"


class ContractTerms(BaseModel):
    """A commission's terms from ``valid_from`` (to ``valid_to``; empty: until replaced)."""

    commission = models.ForeignKey(
        "tenancy.Commission", on_delete=models.PROTECT, related_name="contract_terms"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    # Services covered.
    covers_advice = models.BooleanField("mediation advice", default=True)
    covers_mediation = models.BooleanField("mediation", default=True)
    covers_disagreement_resolution = models.BooleanField("disagreement resolution", default=True)
    covers_health_only = models.BooleanField(
        "health-only mediation on behalf of the ICB", default=False
    )
    # Contacts.
    send_team_email = models.EmailField("SEND team inbox", blank=True)
    named_officer = models.CharField("named officer", max_length=150, blank=True)
    finance_contact = models.EmailField("finance contact email", blank=True)
    po_number = models.CharField("purchase order number", max_length=40, blank=True)
    # Prices, in pence.
    price_advice_call = models.PositiveIntegerField("per advice call (pence)", default=0)
    price_mediation_case = models.PositiveIntegerField("per mediation case (pence)", default=0)
    price_additional_session = models.PositiveIntegerField(
        "per additional session (pence)", default=0
    )
    price_dr_meeting = models.PositiveIntegerField("per DR meeting (pence)", default=0)
    price_cancellation = models.PositiveIntegerField("cancellation fee (pence)", default=0)
    cancellation_notice_working_days = models.PositiveSmallIntegerField(
        "cancellation fee under (working days' notice)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    interpreter_costs_passed_through = models.BooleanField(default=False)
    volume_cap = models.PositiveIntegerField("cases a year", null=True, blank=True)
    volume_alert_percent = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["commission", "-valid_from"]
        verbose_name_plural = "contract terms"
        constraints = [
            models.UniqueConstraint(fields=["commission", "valid_from"], name="terms_one_per_day"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="terms_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Terms for commission {self.commission_id} from {self.valid_from}"

    def price_of(self, service: str) -> int:
        return int(getattr(self, f"price_{service}"))


class Invoice(BaseModel):
    """A month's bill from a provider to an LA, or a credit note against one."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit_note", "Credit note"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"

    provider = models.ForeignKey("tenancy.Provider", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    commission = models.ForeignKey("tenancy.Commission", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.INVOICE)
    month = models.DateField(help_text="The first day of the month billed.")
    state = models.CharField(max_length=10, choices=State, default=State.DRAFT)
    number = models.CharField(max_length=24, blank=True)
    po_number = models.CharField("purchase order number", max_length=40, blank=True)
    credits = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    reason = models.CharField(max_length=300, blank=True)
    # Events in the month that were not billed (no terms in force, service not covered), kept
    # with the draft so the page can say why: [{"case_reference", "occurred_on", "reason"}].
    not_billed = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A credit note's form key: the same form sent twice makes one credit note.
    submission_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-month", "local_authority__name", "kind", "id"]
        constraints = [
            # One invoice a month per provider and LA (a draft until approved).
            models.UniqueConstraint(
                fields=["provider", "local_authority", "month"],
                condition=Q(kind="invoice"),
                name="invoice_one_per_month",
            ),
            models.UniqueConstraint(
                fields=["provider", "number"], condition=~Q(number=""), name="invoice_number_once"
            ),
            models.UniqueConstraint(
                fields=["created_by", "submission_key"],
                condition=~Q(submission_key=""),
                name="invoice_submission_once",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft {self.get_kind_display().lower()} {self.pk}"

    @property
    def is_locked(self) -> bool:
        """Approved or sent: never changed again (a credit note corrects it)."""
        return self.state != self.State.DRAFT

    @property
    def title(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.number}" if self.number else f"Draft {label.lower()}"


class Locked(Exception):
    """An approved invoice's lines were about to change."""


class InvoiceLine(models.Model):
    """One billable event on an invoice (or the credit of one, negative)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    case_reference = models.CharField(max_length=12)
    # The recorded event billed (not a foreign key: undoing a step removes its event, and an
    # approved invoice keeps saying what it billed).
    event_id = models.BigIntegerField(null=True, blank=True)
    occurred_on = models.DateField()
    service = models.CharField(max_length=20, choices=ServiceLine)
    description = models.CharField(max_length=200, blank=True)
    terms = models.ForeignKey(
        ContractTerms, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount_pence = models.IntegerField()
    credits_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credited_by"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["occurred_on", "case_reference", "id"]
        indexes = [models.Index(fields=["event_id", "service"], name="invoice_line_event")]

    def __str__(self) -> str:
        return f"{self.case_reference} {self.service} {self.occurred_on}"

    def save(self, *args, **kwargs):
        self._check_open()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_open()
        return super().delete(*args, **kwargs)

    def _check_open(self) -> None:
        if Invoice.objects.filter(pk=self.invoice_id).exclude(state=Invoice.State.DRAFT).exists():
            raise Locked("An approved invoice is never changed: add a credit note.")


class VolumeAlert(models.Model):
    """That a commission reached its alert share of its yearly cap in one contract year: the
    manager is emailed when this row is written, so once per commission and year."""

    commission = models.ForeignKey("tenancy.Commission", on_delete=models.PROTECT, related_name="+")
    year_start = models.DateField()
    cases = models.PositiveIntegerField()
    cap = models.PositiveIntegerField()
    raised_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commission", "year_start"], name="alert_once_a_year")
        ]

    def __str__(self) -> str:
        return f"Volume alert for commission {self.commission_id}, year from {self.year_start}"


class BillingProfile(BaseModel):
    """What a provider prints on its invoices: its address, VAT number and payment terms."""

    provider = models.OneToOneField(
        "tenancy.Provider", on_delete=models.PROTECT, related_name="billing_profile"
    )
    address = models.TextField(blank=True)
    vat_number = models.CharField("VAT number", max_length=20, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    payment_details = models.TextField(
        blank=True, help_text="How to pay: bank name, sort code and account number."
    )

    def __str__(self) -> str:
        return f"Billing profile of {self.provider}"
