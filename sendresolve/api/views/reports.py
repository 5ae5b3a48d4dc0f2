"""Report endpoints: the same tables as the report pages and downloads (``reports.figures``)."""

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sendresolve.api.serializers.common import CalendarDateField, StrictSerializer
from sendresolve.api.views.base import ApiView, problems
from sendresolve.core import clock
from sendresolve.reports import exports, figures
from sendresolve.reports.forms import FIRST_YEAR, MAX_YEARS, financial_year_start
from sendresolve.reports.views import report_choices


class ReportQuerySerializer(StrictSerializer):
    json_types = False  # read from the query string
    date_from = CalendarDateField(required=False)
    date_to = CalendarDateField(required=False)
    local_authority = serializers.CharField(required=False, allow_blank=True, default="")
    provider = serializers.CharField(required=False, allow_blank=True, default="")

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
        las, providers = self.context["choices"]
        if data["local_authority"] and data["local_authority"] not in {la.dfe_code for la in las}:
            raise serializers.ValidationError({"local_authority": ["Not one you can see."]})
        if data["provider"] and data["provider"] not in {p.slug for p in providers}:
            raise serializers.ValidationError({"provider": ["Not one you can see."]})
        return data


class AnnualQuerySerializer(StrictSerializer):
    json_types = False  # read from the query string
    year = serializers.IntegerField(min_value=FIRST_YEAR)
    local_authority = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_year(self, value):
        if value > self.context["today"].year:
            raise serializers.ValidationError("Choose a year that has started.")
        return value

    def validate_local_authority(self, value):
        las, _ = self.context["choices"]
        if value and value not in {la.dfe_code for la in las}:
            raise serializers.ValidationError("Not one you can see.")
        return value


class ReportTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.DictField())
    rows = serializers.ListField(child=serializers.DictField())
    total = serializers.DictField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    report = serializers.CharField()
    title = serializers.CharField()
    scope = serializers.CharField()
    tables = ReportTableSerializer(many=True)


def _params(view, serializer_class):
    today = clock.today()
    serializer = serializer_class(
        data=view.request.query_params.dict(),
        context={"today": today, "choices": report_choices(view.request.actor, today)},
    )
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data, today


def _parameter(name: str, kind, description: str, *, required: bool = False) -> OpenApiParameter:
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, description=description, required=required
    )


class MediationReportView(ApiView):
    query_parameters = None  # the query serializer refuses unknown names
    serializer_class = ReportSerializer

    @extend_schema(
        operation_id="reports_mediation",
        summary="Mediation and disagreement-resolution figures",
        description=(
            "The tables of the report page, for the caller's scope: by LA, late certificates, "
            "certificates overdue and not issued, outcomes by issue, disagreement resolution, "
            "agreed actions, days to certificate. Days late and overdue are working days."
        ),
        parameters=[
            _parameter("date_from", dt.date, "First day (default: 1 April this financial year)."),
            _parameter("date_to", dt.date, "Last day (default: today)."),
            _parameter("local_authority", str, "A DfE LA code you can see."),
            _parameter("provider", str, "A provider's slug."),
        ],
        responses={200: ReportSerializer, **problems(400)},
        tags=["reports"],
    )
    def get(self, request):
        data, today = _params(self, ReportQuerySerializer)
        report = figures.mediation_report(request.actor, figures.ReportFilters(**data), today=today)
        return Response(exports.report_json(report))


class AnnualReturnView(ApiView):
    query_parameters = None  # the query serializer refuses unknown names
    serializer_class = ReportSerializer

    @extend_schema(
        operation_id="reports_annual_return",
        summary="The annual mediation return (calendar year, one row per LA)",
        parameters=[
            _parameter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR},
                "The calendar year (one that has started).",
                required=True,
            ),
            _parameter("local_authority", str, "A DfE LA code you can see."),
        ],
        responses={200: ReportSerializer, **problems(400)},
        tags=["reports"],
    )
    def get(self, request):
        data, _ = _params(self, AnnualQuerySerializer)
        report = figures.annual_return(request.actor, **data)
        return Response(exports.report_json(report))
