"""Family-facing pages. Views only parse, call a selector and render."""

import re

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sendresolve.core import clock
from sendresolve.tenancy.models import LocalAuthority, Provider
from sendresolve.tenancy.selectors import (
    commissions_for_local_authority,
    commissions_for_provider,
)

DFE_CODE = re.compile(r"[0-9]{3}")


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "public/start.html")


@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    """Let a family pick their council and see who runs mediation for it."""
    error = None
    if "local_authority" in request.GET:
        code = request.GET["local_authority"].strip()
        if DFE_CODE.fullmatch(code) and LocalAuthority.objects.filter(dfe_code=code).exists():
            return redirect("public:contacts-la", dfe_code=code)
        error = "Choose the council that is responsible for the child or young person"
    return render(
        request,
        "public/contacts.html",
        {
            "local_authorities": LocalAuthority.objects.order_by("name").only("name", "dfe_code"),
            "error": error,
            "page_has_errors": bool(error),
        },
        status=400 if error else 200,
    )


@require_GET
def contacts_for_local_authority(request: HttpRequest, dfe_code: str) -> HttpResponse:
    try:
        local_authority = LocalAuthority.objects.get(dfe_code=dfe_code)
    except LocalAuthority.DoesNotExist:
        raise Http404("No such local authority") from None
    commissions = commissions_for_local_authority(local_authority, on=clock.today())
    return render(
        request,
        "public/contacts_la.html",
        {"local_authority": local_authority, "commissions": list(commissions)},
    )


@require_GET
def provider_contact(request: HttpRequest, slug: str) -> HttpResponse:
    """A provider's "contact us" page: how to reach it, the councils it serves, how to complain."""
    try:
        provider = Provider.objects.get(slug=slug)
    except Provider.DoesNotExist:
        raise Http404("No such provider") from None
    commissions = commissions_for_provider(provider, on=clock.today())
    return render(
        request,
        "public/contacts_provider.html",
        {"provider": provider, "local_authorities": [c.local_authority for c in commissions]},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the application can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means the database is down
        return JsonResponse(
            {
                "status": "error",
                "database": {
                    "status": "error",
                    "vendor": connection.vendor,
                    "error": error.__class__.__name__,
                },
            },
            status=503,
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": {"status": "ok", "vendor": connection.vendor},
            "time": clock.now().isoformat(),
        }
    )


@never_cache
@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The least a page can cost: through every middleware, no database, no template.

    ``benchmarks/national_benchmark.py`` measures every page against it on the same server.
    """
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
