"""Mediation certificates: list, issue (idempotent) and download the PDF."""

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.certificates import CertificateSerializer
from sendresolve.api.serializers.sessions import CertificateIssueSerializer
from sendresolve.api.views.base import ApiView, problems
from sendresolve.cases.states import Status

ALREADY_ISSUED = frozenset({Status.CERTIFICATE_ISSUED, Status.FOLLOW_UP})


class CaseCertificatesView(ApiView):
    serializer_class = CertificateSerializer

    @extend_schema(
        operation_id="cases_certificates_list",
        summary="The case's certificates",
        responses={200: CertificateSerializer(many=True), **problems()},
        tags=["certificates"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="certificates")
        certificates = api_selectors.case_certificates(case)
        return Response(
            CertificateSerializer(certificates, many=True, context={"request": request}).data
        )

    @extend_schema(
        operation_id="cases_certificates_create",
        summary="Issue the certificate the case's status calls for",
        description=(
            "Idempotent: once issued, asking again answers 200 with the same certificate "
            "(201 the first time, to exactly one of several parallel requests)."
        ),
        request=CertificateIssueSerializer,
        responses={
            201: CertificateSerializer,
            200: OpenApiResponse(CertificateSerializer, description="Already issued."),
            **problems(400, 403, 409, 415),
        },
        tags=["certificates"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        data = self.validated(CertificateIssueSerializer).validated_data
        # Whether this request issues the certificate or finds it issued is read with the case
        # locked, so of parallel requests (the same key, other keys or none) exactly one is 201.
        with transaction.atomic():
            already = api_selectors.case_status_locked(case) in ALREADY_ISSUED
            certificate = self.perform_action("certificate_issue", case, on=data.get("on"))
        return Response(
            CertificateSerializer(certificate, context={"request": request}).data,
            status=status.HTTP_200_OK if already or self.replayed else status.HTTP_201_CREATED,
        )


class PdfRenderer(BaseRenderer):
    """Lets clients ask for ``Accept: application/pdf``; the view returns the bytes itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CertificatePdfView(ApiView):
    renderer_classes = [PdfRenderer, JSONRenderer]

    @extend_schema(
        operation_id="certificates_pdf",
        summary="Download a certificate as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **problems()},
        tags=["certificates"],
    )
    def get(self, request, number):
        certificate = api_selectors.certificate_download(request.actor, number=number)
        if not certificate.pdf:
            raise exceptions.NotFound(
                "This certificate's PDF was removed under the retention policy."
            )
        response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
        return response
