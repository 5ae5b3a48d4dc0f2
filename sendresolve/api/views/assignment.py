"""Triage: assign a case to a member of the provider's staff (or no one)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.actions import CaseAssignActionSerializer
from sendresolve.api.serializers.cases import CaseDetailSerializer
from sendresolve.api.views.base import ApiView, problems


class AssignmentSerializer(CaseAssignActionSerializer):
    """``{"assignee": "<username>"}`` to assign the case, ``{"assignee": null}`` to unassign."""

    # DRF drops a field set to None: the operation itself says what it does.
    action = None  # type: ignore[assignment]


class CaseAssignmentView(ApiView):
    serializer_class = AssignmentSerializer

    @extend_schema(
        operation_id="cases_assignment_create",
        summary="Assign a case (or unassign it)",
        description="Assigns the case to an active member of the case's provider's staff "
        "(``assignee``, their username), or to no one (``null``). The same catalogue action "
        "as ``case_assign`` at ``/actions``: audited, and on the case's timeline. Provider "
        "staff only. Send an ``Idempotency-Key`` header to make a retry safe.",
        request=AssignmentSerializer,
        responses={200: CaseDetailSerializer, **problems(400, 403, 415)},
        tags=["cases"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        serializer = self.validated(AssignmentSerializer, case=case)
        self.perform_action(
            "case_assign", case, **serializer.service_kwargs(serializer.validated_data, case)
        )
        case = api_selectors.case_detail_get(request.actor, reference=reference, audit=False)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)
