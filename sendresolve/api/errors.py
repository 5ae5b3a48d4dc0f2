"""Every API error as an RFC 9457 problem (``application/problem+json``).

Body: ``{"type", "title", "status", "detail", "instance", "errors": {field: [messages]}}``.
The domain's errors map as: ``ValidationError`` → 400 with its field, ``NotFound`` → 404 (also
for another tenant's object), ``NotAllowed`` and ``TransitionNotAllowed`` → 409.

Errors Django answers before or outside DRF (an unknown URL under /api/, a host the site does
not serve, a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, a CSRF failure, a server error) are
problems too: ``config/urls.py``'s ``handler400`` … ``handler500`` and ``CSRF_FAILURE_VIEW``
are ``api_or(page, problem)``, the problem under /api/ and a GOV.UK page everywhere else
(``core/error_pages.py``). No
problem repeats an exception's own words.
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions

from sendresolve.core import error_pages
from sendresolve.core import errors as domain

CONTENT_TYPE = "application/problem+json"
NON_FIELD = "non_field_errors"

# slug -> (status, title); each type is documented at /api/v1/docs#problem-<slug>.
PROBLEMS: dict[str, tuple[int, str]] = {
    "validation-error": (400, "Your request is not valid"),
    "malformed-request": (400, "The request body could not be read"),
    "not-authenticated": (401, "Authentication needed"),
    "permission-denied": (403, "You may not do this"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "not-acceptable": (406, "Cannot answer in the format asked for"),
    "conflict": (409, "Not possible in the case's current state"),
    "payload-too-large": (413, "The request body is too large"),
    "unsupported-media-type": (415, "Unsupported media type"),
    "throttled": (429, "Too many requests"),
    "server-error": (500, "Something went wrong on our side"),
}
DOCS_PATH = "/api/v1/docs"


def problem_type(slug: str) -> str:
    return f"{DOCS_PATH}#problem-{slug}"


def problem_response(
    slug: str,
    detail: str,
    *,
    errors: dict[str, list[str]] | None = None,
    instance: str = "",
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """Build a problem response. Plain Django, so it renders whatever the client accepts."""
    status, title = PROBLEMS[slug]
    body = {"type": problem_type(slug), "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"actions.0.owner": ["…"]}``."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in (NON_FIELD, "non_field_errors") and not prefix else key
            out.update(flatten(value, f"{prefix}.{name}" if prefix else str(name)))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or NON_FIELD: [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            if item:
                out.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or NON_FIELD: [str(detail)]}


DRF_SLUGS = [
    (exceptions.NotAuthenticated, "not-authenticated"),
    (exceptions.AuthenticationFailed, "not-authenticated"),
    (exceptions.PermissionDenied, "permission-denied"),
    (exceptions.NotFound, "not-found"),
    (exceptions.MethodNotAllowed, "method-not-allowed"),
    (exceptions.NotAcceptable, "not-acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported-media-type"),
    (exceptions.Throttled, "throttled"),
    (exceptions.ParseError, "malformed-request"),
]


def problem_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every expected error becomes a 4xx problem."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, RequestDataTooBig):  # DRF reads the body inside the view
        return payload_too_large(instance)
    if isinstance(exc, domain.ValidationError):
        field = exc.field or NON_FIELD
        return problem_response(
            "validation-error", str(exc), errors={field: [str(exc)]}, instance=instance
        )
    if isinstance(exc, domain.NotFound | Http404):
        return problem_response("not-found", "Not found.", instance=instance)
    if isinstance(exc, domain.NotAllowed):
        return problem_response("conflict", str(exc), instance=instance)
    if isinstance(exc, DjangoPermissionDenied):
        return problem_response("permission-denied", "You may not do this.", instance=instance)
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            "validation-error",
            "Correct the fields listed in “errors”.",
            errors=flatten(exc.detail),
            instance=instance,
        )
    for cls, slug in DRF_SLUGS:
        if isinstance(exc, cls):
            headers = {}
            if getattr(exc, "auth_header", None):
                headers["WWW-Authenticate"] = exc.auth_header
            if getattr(exc, "wait", None):
                headers["Retry-After"] = str(int(exc.wait))
            if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
                # DRF answers 403 when no scheme offers a challenge; we always offer Bearer.
                headers.setdefault("WWW-Authenticate", 'Bearer realm="SEND Resolve API"')
            return problem_response(slug, str(exc.detail), instance=instance, headers=headers)
    if isinstance(exc, exceptions.APIException):
        status = exc.status_code
        slug = next((s for s, (code, _) in PROBLEMS.items() if code == status), None)
        if slug is not None:
            return problem_response(slug, str(exc.detail), instance=instance)
    return None  # A real bug: let Django report it as a 500.


@csrf_exempt
def not_found(request, *args, **kwargs) -> HttpResponse:
    """Any path under /api/v1/ that is not an endpoint: a problem, never an HTML page.

    CSRF-exempt: token clients send no CSRF cookie, so a POST here was Django's 403 HTML page.
    """
    return problem_response("not-found", "There is no such API endpoint.", instance=request.path)


# -- Errors Django answers outside DRF --------------------------------------------------------


def payload_too_large(instance: str) -> HttpResponse:
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return problem_response(
        "payload-too-large",
        f"The request body may be at most {size / 1024 / 1024:g} MB.",
        instance=instance,
    )


def is_api(request: HttpRequest) -> bool:
    return request.path_info == "/api" or request.path_info.startswith("/api/")


def api_or(page: Callable[..., HttpResponse], problem: Callable[..., HttpResponse]):
    """An error view: ``problem`` for a path under /api/, ``page`` (a page's view) elsewhere."""

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return (problem if is_api(request) else page)(request, *args, **kwargs)

    view.__name__ = getattr(page, "__name__", "view")
    return view


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400`` under /api/: a body over the size limit is 413, anything else Django
    refuses (a host not served, a suspicious request) a malformed request."""
    if isinstance(exception, RequestDataTooBig):
        return payload_too_large(request.path)
    return problem_response(
        "malformed-request", "The request could not be read.", instance=request.path
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return problem_response("permission-denied", "You may not do this.", instance=request.path)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return problem_response("not-found", "There is no such API endpoint.", instance=request.path)


def server_error(request: HttpRequest) -> HttpResponse:
    return problem_response(
        "server-error",
        "The request failed because of an error on our side; it has been logged.",
        instance=request.path,
    )


def csrf_refused(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A CSRF failure under /api/ (only a view that is not CSRF-exempt can meet one)."""
    return problem_response(
        "permission-denied",
        "The request failed the cross-site request check; API clients send their token in "
        "the Authorization header instead of cookies.",
        instance=request.path,
    )


# ``CSRF_FAILURE_VIEW``.
csrf_failure = api_or(error_pages.csrf_failure, csrf_refused)
