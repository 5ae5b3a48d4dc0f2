"""The site's error pages outside /api/, in the GOV.UK patterns (issue 20).

``config/urls.py``'s ``handler400`` … ``handler500`` and ``CSRF_FAILURE_VIEW`` are
``api_or(page, problem)``: these are the pages. A path under /staff/ gets the staff layout's
header and footer, any other path the family layout's. Each page has a way forward.

The pages read nothing but the request's path: no database, no user, no context processors
(``request`` goes in the context by hand), so they render even when the database is down or
the error came before the middleware had set the user. A page that still fails to render falls
back to plain HTML: an error page never raises.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template

logger = logging.getLogger(__name__)

STAFF_PREFIX = "/staff/"
FALLBACK = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service</title></head><body><main>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    '<p><a href="/">Go to the start page</a></p></main></body></html>'
)


def is_staff_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(STAFF_PREFIX)


def _feedback_page(request: HttpRequest) -> str:
    # A status link's path holds its secret: the footer's ?page= never passes it on.
    return "/your-case/" if request.path_info.startswith("/your-case/") else request.path


def render_error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    context = {
        "request": request,
        "staff": is_staff_path(request),
        "feedback_page": _feedback_page(request),
    }
    try:
        html = get_template(f"errors/{template}", using="jinja2").render(context)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("The %s error page could not be rendered", status)
        html = FALLBACK
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, "bad_request.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, "permission_denied.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, "page_not_found.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, "server_error.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was sent from a page that timed out (or had no cookie): start again."""
    return render_error(request, "csrf_failure.html", 403)
