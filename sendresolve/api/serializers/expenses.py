"""Venues and travel expense claims in the API (issue 22)."""

from rest_framework import serializers

from sendresolve.api.serializers.common import (
    CalendarDateField,
    LocalAuthorityRefSerializer,
    ProviderRefSerializer,
    StrictSerializer,
    person_label,
)
from sendresolve.cases.models import Venue
from sendresolve.expenses.models import ClaimState, TravelMode
from sendresolve.expenses.services import REASON_MAX


class ManagedVenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    mode = serializers.ChoiceField(choices=Venue.Mode.choices)
    is_active = serializers.BooleanField(help_text="False once retired: no new meetings there.")
    provider = ProviderRefSerializer(allow_null=True)
    serves = LocalAuthorityRefSerializer(many=True)
    address = serializers.CharField()
    accessible = serializers.BooleanField(help_text="Step-free access.")
    hearing_loop = serializers.BooleanField()
    quiet_room = serializers.BooleanField(help_text="A quiet or breakout room.")
    parking = serializers.BooleanField()
    transport_notes = serializers.CharField()
    joining_link = serializers.CharField(help_text="Online meetings: an https link.")
    joining_instructions = serializers.CharField()
    dial_in = serializers.CharField(help_text="Telephone meetings.")


class ExpenseLineSerializer(serializers.Serializer):
    travelled_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=TravelMode.choices)
    description = serializers.CharField()
    miles = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    pence_per_mile = serializers.IntegerField(allow_null=True)
    amount_pence = serializers.IntegerField(help_text="Whole pence.")


class ExpenseClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="case.reference", help_text="The case's reference.")
    local_authority = LocalAuthorityRefSerializer(source="case.local_authority")
    session = serializers.IntegerField(source="session_id", allow_null=True)
    state = serializers.ChoiceField(choices=ClaimState.choices)
    submitted_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    decided_by = serializers.SerializerMethodField()
    reason = serializers.CharField(help_text="Why it was refused (the family reads it).")
    total_pence = serializers.IntegerField(help_text="Whole pence: the sum of the lines.")
    lines = ExpenseLineSerializer(many=True)
    receipts = serializers.SerializerMethodField(
        help_text="Ids of the receipts: case documents (``…/documents/{id}/file``)."
    )

    def get_decided_by(self, claim) -> str | None:
        return person_label(claim.decided_by)

    def get_receipts(self, claim) -> list[int]:
        return [document.pk for document in claim.receipts.all()]


class ExpenseClaimFilterSerializer(StrictSerializer):
    state = serializers.ChoiceField(
        choices=ClaimState.choices, required=False, help_text="Only claims in this state."
    )


class ExpenseDecisionSerializer(StrictSerializer):
    """The LA's decision: paid on a date, or refused on a date with a reason."""

    decision = serializers.ChoiceField(choices=[ClaimState.PAID, ClaimState.REFUSED])
    on = CalendarDateField(help_text="The day it was paid or refused (YYYY-MM-DD).")
    reason = serializers.CharField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed to refuse: the family reads it.",
    )
