"""After the tribunal: its decisions and orders, the local authority's compliance duties, and
health and social care recommendations with their 5-week written responses.

Each ``ComplianceDuty`` is one thing the LA must do under SEND Regs reg 44 (after an order) or
reg 45 (after it told the tribunal it would not oppose); each of its ``ComplianceStep`` rows is
one clock (e.g. draft plan in 5 weeks, final plan in 11). The case's law adapter
(``cases.deadlines``) reads these rows through their reverse relations, the law core derives
their deadlines, and they are stored with the case's other deadlines.
"""

from django.conf import settings
from django.db import models

from sendresolve.core.models import BaseModel

# Doing one of these steps makes the other unnecessary: the law core's rule, read by the services.
from sendresolve.law.case_record import ALTERNATIVE_STEPS as ALTERNATIVE_STEPS

ORDER_LABELS = {
    "assess": "Assess or reassess (reg 44(2)(b))",
    "make_plan": "Make and maintain an EHC plan (reg 44(2)(c))",
    "amend_plan": "Amend the plan's contents (reg 44(2))",
    "school_only": "Change only the school or type of school named (reg 44(2))",
    "continue_to_maintain": "Continue to maintain the plan (reg 44)",
    "cease_appeal_dismissed": "Appeal against ceasing dismissed: cease the plan (reg 44(2)(a))",
}
UNOPPOSED_LABELS = {
    "assessment": "Assessment or reassessment (reg 45(3), (3A))",
    "contents": "Contents of the plan or refusal to amend (reg 45(4))",
    "placement": "School or placement only (reg 45(5))",
    "refusal_to_issue": "Refusal to issue a plan (reg 45(6))",
}

STEP_LABELS = {
    "notify_will_assess": "Tell the family it will assess",
    "no_plan_notice": "Tell the family, with reasons, that no plan is needed",
    "final_plan_after_assessment": "Send the final EHC plan",
    "draft_plan": "Send the draft EHC plan",
    "final_plan": "Send the final EHC plan",
    "amended_plan": "Send the final amended plan",
    "school_change": "Name the school in the plan",
    "continue_to_maintain": "Continue to maintain the plan",
    "cease": "Cease to maintain the plan",
}


class TribunalDecision(BaseModel):
    """What the SEND Tribunal decided on the family's appeal (or that the LA did not oppose)."""

    class Outcome(models.TextChoices):
        ORDER = "order", "The tribunal made an order"
        DISMISSED = "dismissed", "Appeal dismissed"
        UNOPPOSED = "unopposed", "The local authority did not oppose (reg 45)"
        WITHDRAWN = "withdrawn", "Appeal withdrawn"

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="tribunal_decisions"
    )
    outcome = models.CharField(max_length=12, choices=Outcome)
    decided_on = models.DateField(
        help_text="The date of the order, or the day the LA told the tribunal it will not oppose."
    )
    sent_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the tribunal sent the order out, if later (HMCTS counts from it).",
    )
    tribunal_reference = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self):
        return f"{self.get_outcome_display()} on {self.decided_on}"

    @property
    def clock_starts_on(self):
        """Reg 44 clocks run from the order; HMCTS counts from the day it was sent out."""
        return self.sent_on or self.decided_on


class ComplianceDuty(BaseModel):
    """One thing the LA must do after the tribunal (reg 44 order or reg 45 unopposed appeal)."""

    class Source(models.TextChoices):
        ORDER = "order", "Tribunal order (reg 44)"
        UNOPPOSED = "unopposed", "Unopposed appeal (reg 45)"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="duties")
    decision = models.ForeignKey(TribunalDecision, on_delete=models.CASCADE, related_name="duties")
    source = models.CharField(max_length=10, choices=Source)
    kind = models.CharField(max_length=24)
    starts_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name_plural = "compliance duties"

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        labels = ORDER_LABELS if self.source == self.Source.ORDER else UNOPPOSED_LABELS
        return labels.get(self.kind, self.kind)


class ComplianceStep(models.Model):
    """One clock of a duty, and the day the LA did it."""

    duty = models.ForeignKey(ComplianceDuty, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=32)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["duty", "step"], name="one_row_per_step")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return STEP_LABELS.get(self.step, self.step)


class Recommendation(BaseModel):
    """A non-binding tribunal recommendation on health or social care (SI 2017/1306)."""

    class Area(models.TextChoices):
        HEALTH = "health", "Health care (sections C and G)"
        SOCIAL_CARE = "social_care", "Social care (sections D and H)"

    class Response(models.TextChoices):
        WILL_FOLLOW = "will_follow", "Will follow it"
        PARTLY = "partly", "Will follow it in part"
        WILL_NOT_FOLLOW = "will_not_follow", "Will not follow it (reasons given)"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="recommendations")
    decision = models.ForeignKey(
        TribunalDecision, on_delete=models.CASCADE, related_name="recommendations"
    )
    area = models.CharField(max_length=12, choices=Area)
    commissioning_body = models.ForeignKey(
        "tenancy.CommissioningBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="For a health recommendation: the body that must respond.",
    )
    made_on = models.DateField()
    text = models.TextField("what the tribunal recommended")
    responded_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=16, choices=Response, blank=True)
    response_detail = models.TextField(blank=True)

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self):
        return f"{self.get_area_display()} recommendation of {self.made_on}"
