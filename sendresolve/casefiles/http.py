"""Answering with a stored document: always an attachment, never cached, never sniffed."""

from django.http import FileResponse

from sendresolve.casefiles.models import CaseFile


def document_response(document: CaseFile) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
