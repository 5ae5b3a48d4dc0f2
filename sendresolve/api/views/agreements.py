"""The mediation agreement document (issue 21): the case's agreement with its versions, an
issued version's PDF, and the issues-still-in-dispute summary's PDF.

LA and health officers see issued versions only, never a draft (``agreements.selectors``); no
answer carries a confidential note. Drafting, issuing and confirming receipt are actions on
``POST /cases/{reference}/actions``.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from sendresolve.agreements import selectors
from sendresolve.agreements.http import pdf_response
from sendresolve.agreements.services import document_opened, issues_summary_get
from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.agreements import AgreementDocumentsSerializer
from sendresolve.api.views.base import ApiView, problems
from sendresolve.api.views.certificates import PdfRenderer

TAGS = ["agreements"]


class AgreementView(ApiView):
    serializer_class = AgreementDocumentsSerializer

    @extend_schema(
        operation_id="cases_agreement_read",
        summary="The case's agreement document: the version in force and every version",
        description="The provider's staff see drafts too; LA and health officers only issued "
        "versions. Each issued version says who confirmed receiving it and when.",
        responses={200: AgreementDocumentsSerializer, **problems()},
        tags=TAGS,
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="agreement")
        versions = list(selectors.documents_for(request.actor, case))
        current = next((v for v in versions if v.state == "issued"), None)
        body = {"current": current, "versions": versions}
        return Response(AgreementDocumentsSerializer(body, context={"request": request}).data)


class AgreementPdfView(ApiView):
    renderer_classes = [PdfRenderer, JSONRenderer]

    @extend_schema(
        operation_id="cases_agreement_pdf",
        summary="Download an issued version of the agreement as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **problems()},
        tags=TAGS,
    )
    def get(self, request, reference, agreement_number):
        case = api_selectors.case_read(request.actor, reference=reference, resource="agreement")
        document = selectors.issued_document_get(case, number=agreement_number)
        document_opened(actor=request.actor, case=case, number=document.number, via="api")
        return pdf_response(document.pdf, document.number)


class IssuesSummaryPdfView(ApiView):
    renderer_classes = [PdfRenderer, JSONRenderer]

    @extend_schema(
        operation_id="cases_issues_in_dispute_pdf",
        summary="Download the one-page summary of the issues still in dispute, as PDF",
        description="Which issues were not agreed, or agreed only in part, for an appeal to "
        "the tribunal; never what was said or offered. 404 until mediation has an outcome.",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **problems()},
        tags=TAGS,
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="summary")
        summary = issues_summary_get(case=case)
        document_opened(actor=request.actor, case=case, number=summary.number, via="api")
        return pdf_response(summary.pdf, summary.number)
