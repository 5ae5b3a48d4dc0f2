"""Export endpoints (issue 25): the SEN2-shaped and case-event exports of one LA, streamed.

The same rows, scope and audit as the staff page (``sendresolve.exports``).
"""

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer

from sendresolve.api.serializers.common import CalendarDateField, StrictSerializer
from sendresolve.api.views.base import ApiView, problems
from sendresolve.core.errors import ValidationError
from sendresolve.exports import services
from sendresolve.exports.selectors import export_local_authority_get, may_export
from sendresolve.exports.views import streamed


class ExportQuerySerializer(StrictSerializer):
    json_types = False  # read from the query string
    local_authority = serializers.CharField(max_length=10)
    date_from = CalendarDateField()
    date_to = CalendarDateField()

    def validate(self, data):
        try:
            services.check_range(data["date_from"], data["date_to"])
        except ValidationError as error:
            raise serializers.ValidationError({"date_to": [str(error)]}) from None
        return data


class _StreamRenderer(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CsvExportRenderer(_StreamRenderer):
    media_type, format = "text/csv", "csv"


class JsonLinesRenderer(_StreamRenderer):
    media_type, format = "application/jsonl", "jsonl"


RENDERERS: dict[str, type[BaseRenderer]] = {"csv": CsvExportRenderer, "jsonl": JsonLinesRenderer}
SUMMARIES = {
    "sen2": "One LA's mediation cases with the SEN2 return's mediation and tribunal items",
    "case-events": "One LA's case events (reference, type, date and time, status; no names)",
}


def _parameter(name: str, kind, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, description=description, required=True
    )


def _export_view(kind: str, fmt: str) -> type[ApiView]:
    renderer = RENDERERS[fmt]

    class ExportView(ApiView):
        query_parameters = None  # the query serializer refuses unknown names
        renderer_classes = [renderer, JSONRenderer]

        @extend_schema(
            operation_id=f"exports_{kind.replace('-', '_')}_{fmt}",
            summary=f"{SUMMARIES[kind]}, as {'CSV' if fmt == 'csv' else 'JSON Lines'}",
            description=(
                "For an LA officer their own LA; for a provider manager an LA their provider "
                "serves (that provider's cases). Streamed; each call is audited. The fields "
                "are described in docs/exports.md."
            ),
            parameters=[
                _parameter("local_authority", str, "A DfE LA code you may export for."),
                _parameter("date_from", dt.date, "First day of the range."),
                _parameter("date_to", dt.date, "Last day of the range (at most 11 years)."),
            ],
            responses={(200, renderer.media_type): OpenApiTypes.BINARY, **problems(403)},
            tags=["exports"],
        )
        def get(self, request):
            if not may_export(request.actor):
                raise exceptions.PermissionDenied("You may not export cases.")
            serializer = ExportQuerySerializer(data=request.query_params.dict())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            la = export_local_authority_get(request.actor, dfe_code=data["local_authority"])
            return streamed(
                services.export_run(
                    actor=request.actor,
                    kind=kind,
                    fmt=fmt,
                    local_authority=la,
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    via="api",
                )
            )

    ExportView.__name__ = f"Export{kind.title().replace('-', '')}{fmt.title()}View"
    return ExportView


Sen2CsvView = _export_view("sen2", "csv")
Sen2JsonLinesView = _export_view("sen2", "jsonl")
CaseEventsCsvView = _export_view("case-events", "csv")
CaseEventsJsonLinesView = _export_view("case-events", "jsonl")
