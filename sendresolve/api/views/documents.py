"""Documents on a case: list, upload (``multipart/form-data``) and download."""

import hashlib

from django.core.exceptions import RequestDataTooBig
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.documents import CaseFileSerializer, CaseFileUploadSerializer
from sendresolve.api.views.base import ApiView, problems, repeat
from sendresolve.casefiles import selectors
from sendresolve.casefiles.http import document_response
from sendresolve.casefiles.services import document_opened
from sendresolve.casefiles.uploads import max_words, upload_too_large
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.core.errors import NotFound

TAGS = ["documents"]


class FileRenderer(BaseRenderer):
    """Lets clients ask for the file; the view returns it itself, with its own type."""

    media_type = "application/octet-stream"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DocumentListView(ApiView):
    serializer_class = CaseFileSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cases_documents_list",
        summary="The case's documents, newest first",
        description="The provider's staff see every document; an LA or health body's officer "
        "only those shared with the parties or with everyone, never confidential mediation "
        "material.",
        responses={200: CaseFileSerializer(many=True), **problems()},
        tags=TAGS,
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="documents")
        documents = selectors.documents_for(request.actor, case)
        return Response(CaseFileSerializer(documents, many=True).data)

    @extend_schema(
        operation_id="cases_documents_create",
        summary="Upload a document",
        description="A ``multipart/form-data`` body with ``file``, ``kind``, ``visibility`` "
        "and ``confidential``. The file's type is judged by its content and it is scanned "
        "for malware before it is stored: a refused file (wrong type, malware, unreadable, or "
        "the scanner unavailable) is 400 and nothing is stored; a file over the size limit is "
        "413. LA and health officers share with ``parties`` or ``everyone`` only. Send an "
        "``Idempotency-Key`` header to make a retry safe.",
        request={"multipart/form-data": CaseFileUploadSerializer},
        responses={
            201: CaseFileSerializer,
            **repeat(CaseFileSerializer),
            **problems(400, 403, 415),
        },
        tags=TAGS,
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        data = request.data  # reads the body: the size limit applies here
        if upload_too_large(request):
            raise RequestDataTooBig(f"The file must be smaller than {max_words()}.")
        serializer = CaseFileUploadSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        key, digest = self._submission_key(request, fields)
        try:
            result = action_perform(
                "document_add",
                actor=request.actor,
                case=case,
                submission_key=key,
                digest=digest,
                upload=fields["file"],
                kind=fields["kind"],
                visibility=fields["visibility"],
                confidential=fields["confidential"],
            )
        except NotFound:
            raise exceptions.PermissionDenied("You may not do this on this case.") from None
        self.replayed = isinstance(result, Replayed)
        document = result.result if isinstance(result, Replayed) else result
        return Response(CaseFileSerializer(document).data, status=self.created_status())

    @staticmethod
    def _submission_key(request, fields) -> tuple[str, bool]:
        """The ``Idempotency-Key``, or a digest of the request with its file's content (two
        different files of the same name are two uploads)."""
        given = request.headers.get("Idempotency-Key", "").strip()
        if given:
            return "key:" + hashlib.sha256(f"document_add\n{given}".encode()).hexdigest()[
                :64
            ], False
        content = hashlib.sha256()
        upload = fields["file"]
        for chunk in upload.chunks():
            content.update(chunk)
        upload.seek(0)
        body = "|".join(
            [request.path, fields["kind"], fields["visibility"], str(fields["confidential"])]
        )
        digest = hashlib.sha256(f"{body}\n{content.hexdigest()}".encode()).hexdigest()
        return "body:" + digest[:64], True


class DocumentFileView(ApiView):
    renderer_classes = [FileRenderer, JSONRenderer]

    @extend_schema(
        operation_id="cases_documents_file",
        summary="Download a document",
        description="The stored file, as an attachment, never cached. Audited.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, with its own content type."
            ),
            **problems(),
        },
        tags=TAGS,
    )
    def get(self, request, reference, document_id):
        case = api_selectors.case_read(request.actor, reference=reference, resource="document")
        try:
            document = selectors.document_get(request.actor, case, document_id=document_id)
        except NotFound:
            raise exceptions.NotFound("No such document.") from None
        document_opened(actor=request.actor, document=document, via="api")
        return document_response(document)
