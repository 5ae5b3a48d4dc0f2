"""How an agreement or a summary PDF is sent: an attachment, never cached (it is personal)."""

from django.http import HttpResponse


def pdf_response(content: bytes | memoryview, name: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
