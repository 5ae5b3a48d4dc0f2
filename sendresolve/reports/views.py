"""Report pages and their CSV and XLSX downloads: parse the filters, call ``figures``, render.

The page, the downloads and the API render the same ``Report``, so their figures agree.
Every download is audited.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.reports import exports, figures
from sendresolve.reports.charts import bar_chart, chart_caption
from sendresolve.reports.forms import AnnualReturnForm, ReportForm
from sendresolve.reports.quality_sections import quality_sections
from sendresolve.reports.tables import page_display
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import Commission, Provider
from sendresolve.tenancy.selectors import local_authorities_for, providers_for

PAGE_ROWS = 50
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_choices(user, today: dt.date):
    """The LAs and providers a user may filter by: those whose figures they may see."""
    las = local_authorities_for(user, on=today).order_by("name").only("name", "dfe_code")
    providers = providers_for(user)
    if not providers.exists():
        providers = Provider.objects.filter(
            id__in=Commission.objects.filter(local_authority__in=las).values("provider_id")
        )
    return list(las), list(providers.order_by("name"))


def _download(request, report, fmt: str) -> HttpResponse:
    audit_record(
        actor=request.actor,
        action=f"report.export.{fmt}",
        target=None,
        detail={
            "report": report.key,
            "from": report.date_from.isoformat(),
            "to": report.date_to.isoformat(),
            "scope": report.scope,
        },
    )
    body = exports.report_csv(report) if fmt == "csv" else exports.report_xlsx(report)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"sendresolve-{report.key}-{report.date_from}-{report.date_to}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report(request: ActorRequest, fmt: str = "html") -> HttpResponse:
    today = clock.today()
    las, providers = report_choices(request.actor, today)
    form = ReportForm(request.GET, local_authorities=las, providers=providers, today=today)
    if not form.is_valid():
        if fmt != "html":
            first = next(iter(form.errors.values()))[0]
            return HttpResponse(first, status=400, content_type="text/plain; charset=utf-8")
        return render(
            request,
            "reports/report.html",
            {"form": form, "page_has_errors": True, "report": None},
            status=400,
        )
    # A page lists the first late certificates; downloads hold them all.
    late_rows = PAGE_ROWS if fmt == "html" else None
    result = figures.mediation_report(
        request.actor, form.filters(), today=today, late_rows=late_rows
    )
    if fmt != "html":
        return _download(request, result, fmt)
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "page_has_errors": False,
            "report": result,
            "charts": {t.key: (bar_chart(t), chart_caption(t)) for t in result.tables},
            "display": page_display,
            "page_rows": PAGE_ROWS,
            "query": request.GET.urlencode(),
            # Targets and quality (issue 23): KPI ratings and the survey, below the tables.
            "quality": quality_sections(request.actor, form.filters()),
        },
    )


@login_required
@require_GET
def annual_return(request: ActorRequest, fmt: str = "html") -> HttpResponse:
    today = clock.today()
    las, _ = report_choices(request.actor, today)
    data = request.GET if "year" in request.GET else {"year": str(today.year - 1)}
    form = AnnualReturnForm(data, local_authorities=las, today=today)
    if not form.is_valid():
        if fmt != "html":
            first = next(iter(form.errors.values()))[0]
            return HttpResponse(first, status=400, content_type="text/plain; charset=utf-8")
        return render(
            request,
            "reports/annual_return.html",
            {"form": form, "page_has_errors": True, "report": None},
            status=400,
        )
    result = figures.annual_return(
        request.actor,
        year=form.cleaned_data["year"],
        local_authority=form.cleaned_data.get("local_authority") or "",
    )
    if fmt != "html":
        return _download(request, result, fmt)
    return render(
        request,
        "reports/annual_return.html",
        {
            "form": form,
            "page_has_errors": False,
            "report": result,
            "display": page_display,
            "query": request.GET.urlencode() or f"year={form.cleaned_data['year']}",
        },
    )
