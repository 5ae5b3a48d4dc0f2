"""A URLconf for ``test_error_pages``: the site's own, plus views that fail in each way Django
knows under a family path and a staff path, and a form that checks CSRF. The site's handlers."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path

from config import urls as site

FAILURES = {
    "bad-request": BadRequest("a broken request"),
    "forbidden": PermissionDenied("secret words"),
    "missing": Http404("secret words"),
    "broken": RuntimeError("a bug"),
}


def fail(request, failure):
    if failure == "form":  # CSRF-protected: reached only with a valid token
        return HttpResponse("sent")
    raise FAILURES[failure]


urlpatterns = [
    path("test-failures/<str:failure>", fail),
    path("staff/test-failures/<str:failure>", fail),
    *site.urlpatterns,
]
handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
