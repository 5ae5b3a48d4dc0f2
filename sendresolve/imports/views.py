"""The caseload import pages (``/staff/provider/import/``): upload, check, confirm.

For a provider's managers only; everyone else, and another provider's import, gets 404.
Uploading checks every row (a large file in the background, ``CHECK_INLINE_BYTES``) and keeps
the file; nothing is imported until "Import N cases" is
pressed, which queues the import for the task workers (``tasks.case_import_run``: the rows are
checked again there) once however often it is pressed; the check page shows "Importing your
cases", refreshing itself, until the results are ready.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_record
from sendresolve.imports.forms import UploadForm
from sendresolve.imports.models import CaseImport
from sendresolve.imports.reading import ImportFileError, file_read
from sendresolve.imports.services import upload_keep, upload_store
from sendresolve.imports.tasks import check_enqueue, import_enqueue
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import Provider
from sendresolve.tenancy.roles import Role

ERRORS_SHOWN = 50
# Files larger than this (about 2,000 rows) are checked by the task workers: reading and
# checking 10,000 rows takes 10 seconds or more, too long for a request.
CHECK_INLINE_BYTES = 256 * 1024


def managed_providers(actor) -> list[Provider]:
    ids = [
        m.provider_id
        for m in actor.memberships
        if m.provider_id and m.role == Role.PROVIDER_MANAGER
    ]
    return list(Provider.objects.filter(pk__in=ids).order_by("name"))


def manager_page(view: Callable) -> Callable:
    """Signed in and a provider manager; any other import answers 404."""

    @login_required
    @wraps(view)
    def wrapper(request: ActorRequest, *args, **kwargs):
        if not managed_providers(request.actor):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def _import_get(request: ActorRequest, import_id: int) -> CaseImport:
    providers = managed_providers(request.actor)
    found = (
        CaseImport.objects.filter(pk=import_id, provider__in=providers)
        .select_related("provider")
        .first()
    )
    if found is None:
        raise Http404("Not found")
    return found


@require_http_methods(["GET", "POST"])
@manager_page
def upload(request: ActorRequest) -> HttpResponse:
    """Upload a file in the import template; every row is checked, nothing is imported yet."""
    providers = managed_providers(request.actor)
    form = UploadForm(request.POST or None, request.FILES or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        provider = next(p for p in providers if str(p.pk) == form.cleaned_data["provider"])
        upload, events = form.cleaned_data["file"], form.cleaned_data.get("events")
        content = upload.read()
        events_content = events.read() if events else b""
        if len(content) + len(events_content) > CHECK_INLINE_BYTES:
            with transaction.atomic():
                record = upload_store(
                    actor=request.actor,
                    provider=provider,
                    name=upload.name,
                    content=content,
                    events=events_content,
                )
                check_enqueue(record.pk, request.actor.user_id)
            return redirect("staff:imports:check", record.pk)
        try:
            data = file_read(content, upload.name, events=events_content or None)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            record = upload_keep(
                actor=request.actor,
                provider=provider,
                data=data,
                name=upload.name,
                content=content,
                events=events_content,
            )
            return redirect("staff:imports:check", record.pk)
    recent = CaseImport.objects.filter(provider__in=providers).select_related("provider")[:10]
    return render(
        request,
        "imports/upload.html",
        {"form": form, "providers": providers, "recent": recent},
        status=400 if form.errors else 200,  # as every form page answers its errors
    )


@require_GET
@manager_page
def check(request: ActorRequest, import_id: int) -> HttpResponse:
    """The check's report (counts, the first errors) and the button; "Importing your cases"
    while the workers import it; then what was imported."""
    record = _import_get(request, import_id)
    if record.state in (CaseImport.State.CHECKING, CaseImport.State.IMPORTING):
        response = render(request, "imports/importing.html", {"record": record})
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "imports/check.html",
        {"record": record, "errors": record.errors[:ERRORS_SHOWN], "errors_shown": ERRORS_SHOWN},
    )


@require_GET
@manager_page
def errors_csv(request: ActorRequest, import_id: int) -> HttpResponse:
    """Every error of the check: sheet, row, column, reason."""
    record = _import_get(request, import_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{record.pk}-errors.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["sheet", "row", "column", "reason"])
    writer.writerows(record.errors)
    audit_record(
        actor=request.actor,
        action="import.errors.download",
        target=record,
        provider=record.provider,
        detail={"import_id": record.pk, "errors": len(record.errors)},
    )
    return response


@require_POST
@manager_page
def confirm(request: ActorRequest, import_id: int) -> HttpResponse:
    """Queue the import of the checked file's good rows (checked again by the worker); the
    check page then shows its progress. Imports once however often it is pressed."""
    record = _import_get(request, import_id)
    # Only the first press moves the import on from "validated" and queues it: a second press
    # (or a second server) finds it moved and shows the progress.
    with transaction.atomic():
        claimed = CaseImport.objects.filter(pk=record.pk, state=CaseImport.State.VALIDATED).update(
            state=CaseImport.State.IMPORTING
        )
        if claimed:
            import_enqueue(record.pk, request.actor.user_id)
    return redirect("staff:imports:check", record.pk)
