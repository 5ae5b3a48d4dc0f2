"""Contracts and invoices (issue 23): commissions with their terms, invoices with their lines,
and the body of a billing run. Amounts are whole pence; lines carry the case reference only."""

import re
from typing import cast

from rest_framework import serializers
from rest_framework.reverse import reverse

from sendresolve.api.serializers.common import (
    LocalAuthorityRefSerializer,
    ProviderRefSerializer,
    StrictSerializer,
)
from sendresolve.billing.models import Invoice, ServiceLine

MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


class ContractTermsSerializer(serializers.Serializer):
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    covers_advice = serializers.BooleanField()
    covers_mediation = serializers.BooleanField()
    covers_disagreement_resolution = serializers.BooleanField()
    covers_health_only = serializers.BooleanField()
    send_team_email = serializers.CharField()
    named_officer = serializers.CharField()
    finance_contact = serializers.CharField()
    po_number = serializers.CharField()
    price_advice_call = serializers.IntegerField(help_text="Pence.")
    price_mediation_case = serializers.IntegerField(help_text="Pence.")
    price_additional_session = serializers.IntegerField(help_text="Pence.")
    price_dr_meeting = serializers.IntegerField(help_text="Pence.")
    price_cancellation = serializers.IntegerField(help_text="Pence.")
    cancellation_notice_working_days = serializers.IntegerField()
    interpreter_costs_passed_through = serializers.BooleanField()
    volume_cap = serializers.IntegerField(allow_null=True, help_text="Cases a contract year.")
    volume_alert_percent = serializers.IntegerField()


class CommissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = ProviderRefSerializer()
    local_authority = LocalAuthorityRefSerializer()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    terms = serializers.SerializerMethodField(help_text="Newest first: the history of terms.")

    def get_terms(self, commission) -> list[dict]:
        rows = commission.contract_terms.order_by("-valid_from")
        return cast(list[dict], ContractTermsSerializer(rows, many=True).data)


class InvoiceLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_reference = serializers.CharField()
    occurred_on = serializers.DateField()
    service = serializers.ChoiceField(choices=ServiceLine.choices)
    description = serializers.CharField()
    amount_pence = serializers.IntegerField()
    credits_line = serializers.IntegerField(source="credits_line_id", allow_null=True)


class InvoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Invoice.Kind.choices)
    number = serializers.CharField(help_text="Empty while a draft.")
    state = serializers.ChoiceField(choices=Invoice.State.choices)
    provider = ProviderRefSerializer()
    local_authority = LocalAuthorityRefSerializer()
    month = serializers.SerializerMethodField()
    po_number = serializers.CharField()
    credits = serializers.CharField(source="credits.number", allow_null=True, default=None)
    reason = serializers.CharField()
    total_pence = serializers.IntegerField(default=0)
    approved_at = serializers.DateTimeField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    downloads = serializers.SerializerMethodField()

    def get_month(self, invoice) -> str:
        return f"{invoice.month:%Y-%m}"

    def get_downloads(self, invoice) -> dict[str, str]:
        request = self.context.get("request")
        return {
            fmt: reverse(f"api:invoice-{fmt}", kwargs={"invoice_id": invoice.pk}, request=request)
            for fmt in ("pdf", "csv", "xlsx")
        }


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, source="lines.all")
    not_billed = serializers.ListField(child=serializers.DictField())


class BillingRunSerializer(StrictSerializer):
    local_authority = serializers.CharField(max_length=3, help_text="The LA's DfE code.")
    month = serializers.CharField(max_length=7, help_text="YYYY-MM")
    provider = serializers.CharField(
        max_length=60,
        required=False,
        help_text="The provider's slug; needed only if you bill for more than one.",
    )

    def validate_month(self, value):
        if not MONTH.fullmatch(value):
            raise serializers.ValidationError("Must be a month like 2026-11.")
        return value
