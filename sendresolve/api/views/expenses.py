"""Venues (provider scoped) and travel expense claims (issue 22)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from sendresolve.api.serializers.expenses import (
    ExpenseClaimFilterSerializer,
    ExpenseClaimSerializer,
    ExpenseDecisionSerializer,
    ManagedVenueSerializer,
)
from sendresolve.api.views.base import ApiView, problems
from sendresolve.api.views.cases import CasePagination
from sendresolve.audit.services import audit_record
from sendresolve.cases.venues import venue_get, venues_for
from sendresolve.expenses.selectors import claim_get, claims_for

MAX_ID = 2**63 - 1


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise exceptions.NotFound("No such object.")
    return value


class VenueListView(ApiView):
    pagination_class = CasePagination
    serializer_class = ManagedVenueSerializer
    query_parameters = frozenset({"limit", "offset"})

    @extend_schema(
        operation_id="venues_list",
        summary="Your providers' venues",
        description="The venues your providers manage, in use first (administrators: every "
        "venue). LA and health officers get an empty list. Online joining links are for the "
        "provider's staff: meetings' invitations carry them to participants.",
        responses={200: ManagedVenueSerializer(many=True), **problems(400)},
        tags=["venues"],
    )
    def get(self, request):
        page = self.paginate_queryset(venues_for(request.actor))
        return self.get_paginated_response(ManagedVenueSerializer(page, many=True).data)


class VenueDetailView(ApiView):
    serializer_class = ManagedVenueSerializer

    @extend_schema(
        operation_id="venues_read",
        summary="One of your providers' venues",
        responses={200: ManagedVenueSerializer, **problems()},
        tags=["venues"],
    )
    def get(self, request, venue_id):
        venue = venue_get(request.actor, venue_id=_id(venue_id))
        return Response(ManagedVenueSerializer(venue).data)


class ExpenseClaimListView(ApiView):
    pagination_class = CasePagination
    serializer_class = ExpenseClaimSerializer
    query_parameters = frozenset({"state", "limit", "offset"})

    @extend_schema(
        operation_id="expense_claims_list",
        summary="Travel expense claims you may see",
        description="Families' claims for travel to mediation, newest first: an LA officer's "
        "LA's (to decide and pay), a provider's cases' (to follow). Health officers get an "
        "empty list.",
        parameters=[ExpenseClaimFilterSerializer],
        responses={200: ExpenseClaimSerializer(many=True), **problems(400)},
        tags=["travel expenses"],
    )
    def get(self, request):
        filters = ExpenseClaimFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        claims = claims_for(request.actor)
        if "state" in filters.validated_data:
            claims = claims.filter(state=filters.validated_data["state"])
        page = self.paginate_queryset(claims)
        audit_record(actor=request.actor, action="expenses.list", detail={"via": "api"})
        return self.get_paginated_response(ExpenseClaimSerializer(page, many=True).data)


class ExpenseClaimDetailView(ApiView):
    serializer_class = ExpenseClaimSerializer

    @extend_schema(
        operation_id="expense_claims_read",
        summary="One travel expense claim",
        responses={200: ExpenseClaimSerializer, **problems()},
        tags=["travel expenses"],
    )
    def get(self, request, claim_id):
        claim = claim_get(request.actor, claim_id=_id(claim_id))
        audit_record(
            actor=request.actor,
            action="case.read.expense_claim",
            target=claim.case,
            local_authority=claim.case.local_authority,
            provider=claim.case.provider,
            detail={"claim_id": claim.pk, "via": "api"},
        )
        return Response(ExpenseClaimSerializer(claim).data)


class ExpenseClaimDecisionView(ApiView):
    serializer_class = ExpenseClaimSerializer

    @extend_schema(
        operation_id="expense_claims_decide",
        summary="Record the LA's decision on a claim",
        description="Paid (on a date) or refused (on a date, with a reason the family reads): "
        "the case's LA's officers only (403 for the provider's staff). 409 if the claim was "
        "decided already. Send an ``Idempotency-Key`` header to make a retry safe.",
        request=ExpenseDecisionSerializer,
        responses={200: ExpenseClaimSerializer, **problems(400, 403, 409, 415)},
        tags=["travel expenses"],
    )
    def post(self, request, claim_id):
        data = self.validated(ExpenseDecisionSerializer).validated_data  # the body first
        claim = claim_get(request.actor, claim_id=_id(claim_id))
        decided = self.perform_action("expense_decide", claim.case, claim=claim, **data)
        claim = claim_get(request.actor, claim_id=decided.pk)
        return Response(ExpenseClaimSerializer(claim).data)
