"""Targets and quality (issue 23): a commission's KPI targets with their actual figures."""

from rest_framework import serializers

from sendresolve.quality.targets import RATING_CHOICES


class KpiSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="certificates_on_time, held_within_30_days or agreement_rate"
    )
    name = serializers.CharField(source="label")
    target_percent = serializers.IntegerField(allow_null=True, source="target")
    actual_percent = serializers.FloatField(
        allow_null=True, source="actual", help_text="The report's figure for the period."
    )
    rating = serializers.ChoiceField(
        choices=RATING_CHOICES,
        allow_null=True,
        help_text="Green: meets the target; amber: up to 5 points below; red: further below; "
        "none: nothing in the period counts; null: no target set.",
    )
    rating_label = serializers.CharField()


class CommissionTargetsSerializer(serializers.Serializer):
    commission_id = serializers.IntegerField(source="commission.pk")
    provider = serializers.CharField(source="commission.provider.slug")
    local_authority = serializers.CharField(source="commission.local_authority.dfe_code")
    local_authority_name = serializers.CharField(source="commission.local_authority.name")
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    kpis = KpiSerializer(many=True)
