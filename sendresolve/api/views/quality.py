"""Targets and quality (issue 23): a commission's KPI targets, actual figures and ratings.

Readable by the commission's provider staff (not finance), its LA's officers and
administrators; anyone else gets 404, as for another tenant's objects."""

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from sendresolve.api.serializers.common import CalendarDateField, StrictSerializer
from sendresolve.api.serializers.quality import CommissionTargetsSerializer
from sendresolve.api.views.base import ApiView, problems
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.quality.targets import commission_targets, commission_visible
from sendresolve.reports.forms import MAX_YEARS, financial_year_start


class TargetsQuerySerializer(StrictSerializer):
    json_types = False  # read from the query string
    date_from = CalendarDateField(required=False)
    date_to = CalendarDateField(required=False)

    def validate(self, data):
        today = self.context["today"]
        data.setdefault("date_from", financial_year_start(today))
        data.setdefault("date_to", today)
        if data["date_from"] > data["date_to"]:
            raise serializers.ValidationError({"date_to": ["Must be on or after date_from."]})
        if (data["date_to"] - data["date_from"]).days > 366 * MAX_YEARS:
            raise serializers.ValidationError(
                {"date_from": [f"Choose a period of {MAX_YEARS} years or less."]}
            )
        return data


class CommissionTargetsView(ApiView):
    query_parameters = None  # the query serializer refuses unknown names
    serializer_class = CommissionTargetsSerializer

    @extend_schema(
        operation_id="commissions_targets",
        summary="A commission's KPI targets with the actual figures and red/amber/green",
        description=(
            "Certificates within 3 working days, mediations held within 30 days and the "
            "agreement rate, from the reports' own figures for the commission's provider and "
            "LA over the period. Amber: below the target by 5 percentage points or fewer."
        ),
        parameters=[
            OpenApiParameter(
                "date_from",
                dt.date,
                OpenApiParameter.QUERY,
                description="First day (default: 1 April this financial year).",
            ),
            OpenApiParameter(
                "date_to", dt.date, OpenApiParameter.QUERY, description="Last day (default: today)."
            ),
        ],
        responses={200: CommissionTargetsSerializer, **problems()},
        tags=["quality"],
    )
    def get(self, request, commission_id):
        try:
            commission = commission_visible(request.actor, commission_id=commission_id)
        except NotFound:
            raise exceptions.NotFound("No such object, or not yours to see.") from None
        today = clock.today()
        query = TargetsQuerySerializer(data=request.query_params.dict(), context={"today": today})
        query.is_valid(raise_exception=True)
        result = commission_targets(commission, **query.validated_data)
        return Response(CommissionTargetsSerializer(result).data)
