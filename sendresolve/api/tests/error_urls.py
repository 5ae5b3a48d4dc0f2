"""A URLconf for ``test_error_pages``: the site's own, plus views that fail in each way Django
knows, under /api/ and under a family page's path. Its error handlers are the site's."""

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404
from django.urls import path

from config import urls as site

FAILURES = {
    "bad-request": BadRequest("a broken request"),
    "suspicious": SuspiciousOperation("something odd"),
    "too-big": RequestDataTooBig("too big"),
    "forbidden": PermissionDenied(),
    "missing": Http404(),
    "broken": RuntimeError("a bug"),
}


def fail(request, failure):
    raise FAILURES[failure]


urlpatterns = [
    path("api/test-failures/<str:failure>", fail),
    path("test-failures/<str:failure>", fail),
    *site.urlpatterns,
]
handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
