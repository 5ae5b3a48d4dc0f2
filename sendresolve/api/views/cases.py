"""Cases: list, create, read, record an action, deadlines and the timeline."""

from django.urls import reverse
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.paging import CaseCursorPagination
from sendresolve.api.serializers.actions import ACTIONS, ActionChoiceSerializer
from sendresolve.api.serializers.cases import (
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseSummarySerializer,
    DeadlineSerializer,
    EventSerializer,
)
from sendresolve.api.serializers.corrections import CaseCorrectedSerializer, CaseCorrectSerializer
from sendresolve.api.views.base import ApiView, problems, repeat, submission_key
from sendresolve.cases import selectors, services
from sendresolve.cases.actions import ACTIONS as CATALOGUE
from sendresolve.cases.certificate_check import certificates_outdated
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.recorder import case_create_once
from sendresolve.cases.states import Status


class CasePagination(LimitOffsetPagination):
    """``limit`` (1 to 200, 50 if missing or not a positive whole number) and ``offset`` (0 if
    missing or not a whole number; past the end, the end), so no value reaches the database
    or the links beyond the list: an offset beyond 64 bits was echoed back in ``previous``."""

    default_limit = 50
    max_limit = 200

    def get_offset(self, request):
        return min(super().get_offset(request), self.count)

    def get_paginated_response_schema(self, schema):
        # DRF writes OpenAPI 3.0 ``nullable``; the document is OpenAPI 3.1 (JSON Schema).
        result = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            result["properties"][link].pop("nullable", None)
            result["properties"][link]["type"] = ["string", "null"]
        return result


class CaseFilterSerializer(serializers.Serializer):
    local_authority = serializers.RegexField(
        r"^\d{3}$", required=False, help_text="Only this LA's cases (DfE code, e.g. 302)."
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    unassigned = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only open cases no one is assigned to yet (the staff queue's New and "
        "unassigned).",
    )


class CaseListView(ApiView):
    pagination_class = CaseCursorPagination
    serializer_class = CaseSummarySerializer
    query_parameters = frozenset({"local_authority", "status", "unassigned", "limit", "cursor"})

    @extend_schema(
        operation_id="cases_list",
        summary="List the cases you may see",
        description="Newest recorded first, 50 a page unless ``limit`` says otherwise. "
        "Cursor-paged: follow ``next`` for the page after; there is no count, so the last "
        "page costs what the first does.",
        parameters=[CaseFilterSerializer],
        responses={200: CaseSummarySerializer(many=True), **problems(400)},
        tags=["cases"],
    )
    def get(self, request):
        # A plain dict, so an empty value (``?status=``) is refused rather than read as absent.
        filters = CaseFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        cases = api_selectors.cases_list(request.actor, **filters.validated_data)
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="cases_create",
        summary="Open a case",
        description="Send an ``Idempotency-Key`` header to make a retry safe: a repeated "
        "request with the same key opens one case and answers 200 with it (201 the first "
        "time). Without one, the same body sent again within 10 minutes counts as a repeat.",
        request=CaseCreateSerializer,
        responses={
            201: CaseDetailSerializer,
            **repeat(CaseDetailSerializer),
            **problems(400, 415),
        },
        tags=["cases"],
    )
    def post(self, request):
        data = self.validated(CaseCreateSerializer).validated_data
        key, digest = submission_key(request, "case_open")
        case, created = case_create_once(
            user_id=request.actor.user_id,
            submission_key=key,
            action="case_open",
            create=lambda: self.perform(services.case_open, **data),
            digest=digest,
        )
        case = api_selectors.case_detail_get(request.actor, reference=case.reference, audit=False)
        body = CaseDetailSerializer(case, context={"request": request}).data
        location = reverse("api:case-detail", kwargs={"reference": case.reference})
        answer = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(body, status=answer, headers={"Location": location})


class CaseDetailView(ApiView):
    serializer_class = CaseDetailSerializer

    @extend_schema(
        operation_id="cases_retrieve",
        summary="Read a case",
        description="Confidential notes appear only for the provider's own staff.",
        responses={200: CaseDetailSerializer, **problems()},
        tags=["cases"],
    )
    def get(self, request, reference):
        case = api_selectors.case_detail_get(request.actor, reference=reference)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    # -- corrections (issue 18) ------------------------------------------------------------
    @extend_schema(
        operation_id="cases_partial_update",
        summary="Correct a case's details",
        description="Give only the fields to correct, and a ``reason`` (needed when the "
        "decision letter's date or the child's date of birth changes: they drive deadlines). "
        "The change is recorded in the timeline with the values before and after, audited, and "
        "the deadlines are recomputed: ``moved`` says which moved. A certificate already issued "
        "is never rewritten: if the correction changed what it says, ``GET …/actions`` offers "
        "``certificate_correct``. Unknown fields are refused. Send an ``Idempotency-Key`` "
        "header to make a retry safe.",
        request=CaseCorrectSerializer,
        responses={200: CaseCorrectedSerializer, **problems(400, 403, 415)},
        tags=["cases"],
    )
    def patch(self, request, reference):
        case = self.get_case(reference)
        serializer = self.validated(CaseCorrectSerializer)
        event = self.perform_action(
            "case_correct", case, **serializer.service_kwargs(serializer.validated_data)
        )
        case = api_selectors.case_detail_get(request.actor, reference=reference, audit=False)
        body = CaseDetailSerializer(case, context={"request": request}).data
        detail = event.detail if event is not None else {}
        body["corrected"] = sorted(detail.get("changes", {}))
        body["moved"] = list(detail.get("moved", []))
        body["certificates_outdated"] = certificates_outdated(case)
        return Response(body)


class OfferedActionSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="The action's name, as ``action`` in the body.")
    title = serializers.CharField()
    items = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="For an action on something inside the case (a meeting, a party, an agreed "
        "action, a tribunal step or recommendation): the ids it can be done to now.",
    )
    endpoint = serializers.CharField(
        help_text="Where to send it; ``{session_id}`` stands for each of ``items``."
    )


OTHER_ENDPOINTS = {
    "session_schedule": "api:case-sessions",
    "certificate_issue": "api:case-certificates",
    "note_add": "api:case-notes",
    "case_correct": "api:case-detail",  # PATCH
    # The contact log and tasks: their own endpoints (``items`` are the task ids).
    "contact_log": "api:case-contacts",
    "task_add": "api:case-tasks",
    "task_done": "api:case-tasks",
    "task_reopen": "api:case-tasks",
}
# Actions on one meeting with an endpoint of their own: the path under the case's sessions,
# ``{session_id}`` standing for each of the action's ``items``.
SESSION_ENDPOINTS = {"session_rearrange": "/{session_id}/rearrangement"}


class CaseActionView(ApiView):
    serializer_class = ActionChoiceSerializer

    @extend_schema(
        operation_id="cases_actions_list",
        summary="The actions you may take on a case now",
        description="The same set the staff case page offers you, from the action catalogue.",
        responses={200: OfferedActionSerializer(many=True), **problems()},
        tags=["cases"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="actions")
        offer = actions_offered(request.actor, case)
        here = reverse("api:case-actions", kwargs={"reference": case.reference})
        sessions = reverse("api:case-sessions", kwargs={"reference": case.reference})
        rows = [
            {
                "action": name,
                "title": CATALOGUE[name].title,
                "items": sorted(pk for pk in offer.items[name] if pk is not None),
                "endpoint": reverse(OTHER_ENDPOINTS[name], kwargs={"reference": case.reference})
                if name in OTHER_ENDPOINTS
                else sessions + SESSION_ENDPOINTS[name]
                if name in SESSION_ENDPOINTS
                else here,
            }
            for name in offer.names()
        ]
        return Response(OfferedActionSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="cases_actions_create",
        summary="Record an action on a case",
        description="``action`` chooses the body. Answers with the case as it now is. Send an "
        "``Idempotency-Key`` header to make a retry safe: a repeated request with the same key "
        "performs the action once and answers as the first did. Without one, the same body "
        "sent again within 10 minutes counts as a repeat.",
        request=PolymorphicProxySerializer(
            component_name="CaseAction",
            serializers=dict(ACTIONS),
            resource_type_field_name="action",
        ),
        responses={200: CaseDetailSerializer, **problems(400, 403, 409, 415)},
        tags=["cases"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        data = request.data
        # Read ``action`` alone first; the chosen serializer then checks the whole body.
        choice = ActionChoiceSerializer(
            data={"action": data.get("action")} if isinstance(data, dict) else data
        )
        choice.is_valid(raise_exception=True)
        name = choice.validated_data["action"]
        serializer = self.validated(ACTIONS[name], case=case)
        self.perform_action(
            name, case, **serializer.service_kwargs(serializer.validated_data, case)
        )
        case = api_selectors.case_detail_get(request.actor, reference=reference, audit=False)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)


class CaseDeadlinesView(ApiView):
    serializer_class = DeadlineSerializer

    @extend_schema(
        operation_id="cases_deadlines_list",
        summary="The case's deadlines",
        description="Every statutory deadline derived from the case's dates, due first.",
        responses={200: DeadlineSerializer(many=True), **problems()},
        tags=["cases"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="deadlines")
        return Response(DeadlineSerializer(selectors.case_deadlines(case), many=True).data)


class CaseEventsView(ApiView):
    serializer_class = EventSerializer

    @extend_schema(
        operation_id="cases_events_list",
        summary="The case's timeline",
        responses={200: EventSerializer(many=True), **problems()},
        tags=["cases"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="events")
        events = selectors.case_timeline(case, request.actor)
        context = {"request": request, "case": case}
        return Response(EventSerializer(events, many=True, context=context).data)
