"""Contracts and invoices (issue 23): a provider's managers and finance officers only.

Everyone else, administrators included, gets 404 for every operation, as for another tenant's
objects. The billing run makes (or makes again) a month's draft invoice from the recorded
events; an approved invoice is never replaced (400 says so).
"""

import datetime as dt

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from sendresolve.api.serializers.billing import (
    BillingRunSerializer,
    CommissionSerializer,
    InvoiceDetailSerializer,
    InvoiceSerializer,
)
from sendresolve.api.views.base import ApiView, problems
from sendresolve.billing import selectors, services
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tenancy.models import LocalAuthority, Provider

TAGS = ["billing"]


class BillingView(ApiView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        served = method in self.http_method_names and hasattr(self, method)  # else 405
        if served and method == "post":
            request.data  # noqa: B018 - a body too deep or too large is refused (400, 413) first
        if served and not selectors.can_bill(request.actor):
            raise exceptions.NotFound("No such object, or not yours to see.")

    def found(self, reader, **kwargs):
        try:
            return reader(self.request.actor, **kwargs)
        except NotFound:
            raise exceptions.NotFound("No such object, or not yours to see.") from None


class CommissionListView(BillingView):
    serializer_class = CommissionSerializer

    @extend_schema(
        operation_id="commissions_list",
        summary="Your provider's commissions, each with its contract terms' history",
        responses={200: CommissionSerializer(many=True), **problems()},
        tags=TAGS,
    )
    def get(self, request):
        rows = selectors.commissions_for(request.actor).prefetch_related("contract_terms")
        return Response(CommissionSerializer(rows, many=True).data)


class CommissionDetailView(BillingView):
    serializer_class = CommissionSerializer

    @extend_schema(
        operation_id="commissions_retrieve",
        summary="One commission with its contract terms' history",
        responses={200: CommissionSerializer, **problems()},
        tags=TAGS,
    )
    def get(self, request, commission_id):
        commission = self.found(selectors.commission_get, commission_id=commission_id)
        return Response(CommissionSerializer(commission).data)


class InvoiceListView(BillingView):
    serializer_class = InvoiceSerializer

    @extend_schema(
        operation_id="invoices_list",
        summary="Your provider's invoices and credit notes, newest month first",
        responses={200: InvoiceSerializer(many=True), **problems()},
        tags=TAGS,
    )
    def get(self, request):
        rows = selectors.invoices_for(request.actor).order_by("-month", "local_authority__name")
        return Response(InvoiceSerializer(rows, many=True, context={"request": request}).data)


class InvoiceDetailView(BillingView):
    serializer_class = InvoiceDetailSerializer

    @extend_schema(
        operation_id="invoices_retrieve",
        summary="One invoice or credit note with its lines (case references only)",
        responses={200: InvoiceDetailSerializer, **problems()},
        tags=TAGS,
    )
    def get(self, request, invoice_id):
        invoice = self.found(selectors.invoice_get, invoice_id=invoice_id)
        return Response(InvoiceDetailSerializer(invoice, context={"request": request}).data)


class BillingRunView(BillingView):
    serializer_class = InvoiceDetailSerializer

    @extend_schema(
        operation_id="billing_runs_create",
        summary="Make a month's draft invoice for one LA from the recorded events",
        description=(
            "Running a month again replaces its draft (200); the first run answers 201. A "
            "month already approved is refused (400): correct it with a credit note."
        ),
        request=BillingRunSerializer,
        responses={
            201: InvoiceDetailSerializer,
            200: OpenApiResponse(InvoiceDetailSerializer, description="The draft, made again."),
            **problems(400, 415),
        },
        tags=TAGS,
    )
    def post(self, request):
        data = self.validated(BillingRunSerializer).validated_data
        providers = Provider.objects.filter(pk__in=selectors.billing_provider_ids(request.actor))
        if data.get("provider"):
            providers = providers.filter(slug=data["provider"])
        if providers.count() != 1:
            raise exceptions.ValidationError({"provider": ["Name one provider you bill for."]})
        local_authority = LocalAuthority.objects.filter(dfe_code=data["local_authority"]).first()
        if local_authority is None:
            raise exceptions.ValidationError({"local_authority": ["No such local authority."]})
        year, month = data["month"].split("-")
        provider = providers.get()
        existed = selectors.invoices_for(request.actor).filter(
            provider=provider,
            local_authority=local_authority,
            month=dt.date(int(year), int(month), 1),
            kind="invoice",
        )
        replaced = existed.exists()
        try:
            invoice = services.billing_run(
                actor=request.actor,
                provider=provider,
                local_authority=local_authority,
                month=dt.date(int(year), int(month), 1),
            )
        except ValidationError as error:
            raise exceptions.ValidationError({error.field or "month": [str(error)]}) from None
        invoice = selectors.invoice_get(request.actor, invoice_id=invoice.pk)
        return Response(
            InvoiceDetailSerializer(invoice, context={"request": request}).data,
            status=status.HTTP_200_OK if replaced else status.HTTP_201_CREATED,
        )


class _FileRenderer(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfRenderer(_FileRenderer):
    media_type, format = "application/pdf", "pdf"


class CsvRenderer(_FileRenderer):
    media_type, format = "text/csv", "csv"


class XlsxRenderer(_FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


def _file_view(fmt: str, renderer: type[BaseRenderer]) -> type[BillingView]:
    class InvoiceFileView(BillingView):
        renderer_classes = [renderer, JSONRenderer]

        @extend_schema(
            operation_id=f"invoices_{fmt}",
            summary=f"Download an invoice or credit note as {fmt.upper()}",
            responses={(200, renderer.media_type): OpenApiTypes.BINARY, **problems()},
            tags=TAGS,
        )
        def get(self, request, invoice_id):
            invoice = self.found(selectors.invoice_get, invoice_id=invoice_id)
            body, filename = services.invoice_download(
                actor=request.actor, invoice=invoice, fmt=fmt, via="api"
            )
            response = HttpResponse(body, content_type=renderer.media_type)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response

    InvoiceFileView.__name__ = f"Invoice{fmt.title()}View"
    return InvoiceFileView


InvoicePdfView = _file_view("pdf", PdfRenderer)
InvoiceCsvView = _file_view("csv", CsvRenderer)
InvoiceXlsxView = _file_view("xlsx", XlsxRenderer)
