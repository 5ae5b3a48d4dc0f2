"""The export page: a form, then the file, streamed. Only those who may export see it (404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendresolve.exports import services
from sendresolve.exports.forms import ExportForm
from sendresolve.exports.rows import EVENT_FIELDS, SEN2_FIELDS
from sendresolve.exports.selectors import export_local_authorities, may_export
from sendresolve.tenancy.actors import ActorRequest


def streamed(export: services.Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.body, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Export-Rows"] = str(export.rows)
    return response


@login_required
@require_GET
def export_page(request: ActorRequest) -> HttpResponseBase:
    if not may_export(request.actor):
        raise Http404("No exports for this user.")
    las = list(export_local_authorities(request.actor))
    asked = "kind" in request.GET
    form = ExportForm(request.GET if asked else None, local_authorities=las)
    if asked and form.is_valid():
        data = form.cleaned_data
        la = next(la for la in las if la.dfe_code == data["local_authority"])
        return streamed(
            services.export_run(
                actor=request.actor,
                kind=data["kind"],
                fmt=data["format"],
                local_authority=la,
                date_from=data["date_from"],
                date_to=data["date_to"],
                via="page",
            )
        )
    return render(
        request,
        "exports/export.html",
        {
            "form": form,
            "page_has_errors": asked,
            "sen2_fields": SEN2_FIELDS,
            "event_fields": EVENT_FIELDS,
        },
        status=400 if asked else 200,
    )
