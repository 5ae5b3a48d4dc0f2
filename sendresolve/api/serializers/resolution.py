"""Action bodies for disagreement resolution, health and after the tribunal.

Each declares the service it calls; where the service acts on something inside the case (a
party, a step, a recommendation) a small adapter finds it within the case first, so another
case's ids are a 400, never a way in.
"""

from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.common import (
    MULTILINE,
    CalendarDateField,
    OnSerializer,
    StrictSerializer,
)
from sendresolve.cases.vocabulary import ProceedingKind
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.models import CommissioningBody
from sendresolve.tribunal import services as tribunal_services
from sendresolve.tribunal.models import (
    ORDER_LABELS,
    UNOPPOSED_LABELS,
    ComplianceStep,
    Recommendation,
    TribunalDecision,
)


def _in_case(queryset, pk: int, field: str, what: str):
    """The item with ``pk`` inside the case, or a 400 naming the field (never another case's)."""
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise ValidationError(f"No such {what} on this case.", field=field)
    return item


class ParticipationRecordActionSerializer(OnSerializer):
    """Disagreement resolution: a party's answer to taking part (it is voluntary for all)."""

    action = serializers.ChoiceField(choices=["participation_record"])
    party = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The party's id.")
    agrees = serializers.BooleanField()

    def service_kwargs(self, data, case) -> dict:
        party = _in_case(case.parties, data["party"], "party", "party")
        return {"party": party, "agrees": data["agrees"], "on": data["on"]}


class ProceedingRecordActionSerializer(StrictSerializer):
    """A complaint or appeal running alongside the case."""

    action = serializers.ChoiceField(choices=["proceeding_record"])
    kind = serializers.ChoiceField(choices=ProceedingKind.choices)
    started_on = CalendarDateField()
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    detail = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def service_kwargs(self, data, case) -> dict:
        return {k: data[k] for k in ("kind", "started_on", "reference", "detail")}


class AgreementLaNotifyActionSerializer(OnSerializer):
    """The health body told the LA about an agreement it was not party to (reg 42(4))."""

    action = serializers.ChoiceField(choices=["agreement_la_notify"])

    def service_kwargs(self, data, case) -> dict:
        return {"on": data["on"]}


class RecommendationInputSerializer(StrictSerializer):
    area = serializers.ChoiceField(choices=Recommendation.Area.choices)
    text = serializers.CharField(style=MULTILINE, max_length=2000)
    commissioning_body = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For a health recommendation: the ICB's ODS code.",
    )

    def validate_commissioning_body(self, value):
        if value is None:
            return None
        body = CommissioningBody.objects.filter(ods_code=value).first()
        if body is None:
            raise serializers.ValidationError("No health body has this ODS code.")
        return body


class TribunalDecisionRecordActionSerializer(StrictSerializer):
    """The tribunal's decision, with what the LA must now do (reg 44 orders, reg 45 unopposed
    appeals) and any health or social care recommendations (5-week replies)."""

    action = serializers.ChoiceField(choices=["tribunal_decision_record"])
    outcome = serializers.ChoiceField(choices=TribunalDecision.Outcome.choices)
    decided_on = CalendarDateField()
    sent_on = CalendarDateField(required=False, allow_null=True, default=None)
    tribunal_reference = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    orders = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(ORDER_LABELS)), required=False, default=list
    )
    unopposed = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(UNOPPOSED_LABELS)),
        required=False,
        default=list,
    )
    recommendations = RecommendationInputSerializer(many=True, required=False, default=list)

    def service_kwargs(self, data, case) -> dict:
        return {
            "outcome": data["outcome"],
            "decided_on": data["decided_on"],
            "sent_on": data["sent_on"],
            "tribunal_reference": data["tribunal_reference"],
            "orders": data["orders"],
            "unopposed": data["unopposed"],
            "recommendations": [
                tribunal_services.RecommendationInput(
                    r["area"], r["text"], r.get("commissioning_body")
                )
                for r in data["recommendations"]
            ],
        }


class DutyStepCompleteActionSerializer(OnSerializer):
    """The LA did one step of complying with the tribunal (e.g. sent the final plan)."""

    action = serializers.ChoiceField(choices=["duty_step_complete"])
    step = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The step's id.")

    def service_kwargs(self, data, case) -> dict:
        steps = ComplianceStep.objects.filter(duty__case=case)
        return {"step": _in_case(steps, data["step"], "step", "step"), "on": data["on"]}


class RecommendationRespondActionSerializer(OnSerializer):
    """The written response to a tribunal recommendation (due within 5 weeks)."""

    action = serializers.ChoiceField(choices=["recommendation_respond"])
    recommendation = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    response = serializers.ChoiceField(choices=Recommendation.Response.choices)
    detail = serializers.CharField(style=MULTILINE, required=False, allow_blank=True, default="")

    def service_kwargs(self, data, case) -> dict:
        return {
            "recommendation": _in_case(
                Recommendation.objects.filter(case=case),
                data["recommendation"],
                "recommendation",
                "recommendation",
            ),
            "on": data["on"],
            "response": data["response"],
            "detail": data["detail"],
        }
