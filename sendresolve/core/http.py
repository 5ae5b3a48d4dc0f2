"""Small HTTP answers shared by the staff and family pages."""

from django.http import HttpResponse


def certificate_removed() -> HttpResponse:
    """A certificate whose PDF the retention policy removed (it showed the child's details)."""
    return HttpResponse(
        "This certificate's PDF was removed under the retention policy. Its number, kind, date "
        "of issue and appeal deadline are still on the case.",
        status=410,
        content_type="text/plain; charset=utf-8",
    )
