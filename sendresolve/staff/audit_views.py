"""The audit trail and the subject access download, for provider managers and administrators.

Everyone else gets 404 (never 403), like another tenant's objects. The audit page is filtered
by date, action, who and case; its CSV download and every subject access download are audited.
"""

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.selectors import (
    AuditFilters,
    audit_events_for,
    can_view_audit,
    managed_provider_ids,
)
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case
from sendresolve.core import clock
from sendresolve.core.clock import LONDON
from sendresolve.core.converters import CaseReferenceConverter
from sendresolve.core.forms import Form, GovDateField
from sendresolve.retention.subject_access import subject_access_export, subject_access_json
from sendresolve.staff.audit_sentences import Sentence, sentence
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import Provider

AUDIT_PAGE_SIZE = 50
ACTION_PREFIX = re.compile(r"[a-z0-9_.]*")
CASE_REFERENCE = re.compile(CaseReferenceConverter.regex)
# The "What happened" filter's choices: the start of the codes of each kind of event (any
# other start typed into the address still filters).
ACTION_GROUPS = (
    ("", "Anything"),
    ("case.read", "Reading a case"),
    ("case.", "Anything on a case"),
    ("family.", "The family's own pages"),
    ("api.", "The API"),
    ("report.export", "Report downloads"),
    ("billing.", "Billing"),
    ("diary.", "Mediators' diaries"),
    ("venue.", "Venues"),
    ("sign_in.", "Signing in"),
    ("audit.export", "Audit trail downloads"),
    ("retention.", "Removed under the retention policy"),
    ("quality.", "Targets, surveys and complaints"),
    ("export.", "Exports for local authorities"),
)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class AuditFilterForm(Form):
    date_from = GovDateField(label="From", required=False)
    date_to = GovDateField(label="To", required=False)
    action = forms.CharField(label="What happened", required=False, max_length=80)
    actor = forms.CharField(label="Who", required=False, max_length=150)
    case_reference = forms.CharField(label="Case reference", required=False, max_length=20)

    def clean_action(self):
        action = self.cleaned_data["action"].strip().lower()
        if not ACTION_PREFIX.fullmatch(action):
            raise forms.ValidationError(
                "Enter the start of an action in lower case, like case. or report.export"
            )
        return action

    def clean_actor(self):
        return self.cleaned_data["actor"].strip()

    def clean_case_reference(self):
        reference = self.cleaned_data["case_reference"].strip().upper()
        if reference and not CASE_REFERENCE.fullmatch(reference):
            raise forms.ValidationError("Enter a case reference like SR-7K3M-Q9XD")
        return reference

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action_prefix=data.get("action", ""),
            actor=data.get("actor", ""),
            case_reference=data.get("case_reference", ""),
        )


def _allowed_or_404(request: ActorRequest) -> None:
    if not can_view_audit(request.actor):
        raise Http404("Not found")


def _page_url(request: ActorRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


def _query_without_page(request: ActorRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
@tenant_404
def audit_list(request: ActorRequest) -> HttpResponse:
    """The audit events the user may see, newest first, 50 a page."""
    _allowed_or_404(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "staff/audit.html",
            {
                "form": form,
                "page": None,
                "page_has_errors": True,
                "action_items": action_items(request.GET.get("action", "")),
            },
            status=400,
        )
    events = audit_events_for(request.actor, form.filters()).select_related("actor")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/audit.html",
        {
            "form": form,
            "page": page,
            "rows": _in_words(page.object_list),
            "action_items": action_items(request.GET.get("action", "")),
            "query": _query_without_page(request),
            "page_has_errors": False,
            "prev_url": _page_url(request, page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": _page_url(request, page.next_page_number()) if page.has_next() else "",
        },
    )


def action_items(chosen: str) -> list[dict[str, object]]:
    """The "What happened" choices, the one in the address selected (kept even if it is a
    start of codes not in the list, so a filter is never silently dropped)."""
    items: list[dict[str, object]] = [
        {"value": value, "text": text, "selected": value == chosen} for value, text in ACTION_GROUPS
    ]
    if chosen and chosen not in dict(ACTION_GROUPS):
        items.append({"value": chosen, "text": f"Events recorded as {chosen}…", "selected": True})
    return items


def _case_references(events) -> dict[str, str]:
    """The reference of each case the events are about (one query)."""
    case_ids = {e.object_id for e in events if e.object_type == "cases.case"}
    case_ids |= {str(e.detail.get("case_id")) for e in events if e.detail.get("case_id")}
    found = Case.objects.filter(pk__in=[i for i in case_ids if i.isdigit()])
    return {str(pk): reference for pk, reference in found.values_list("pk", "reference")}


def _staff_name(event) -> str:
    """The member of staff's name ('' for the family or the system)."""
    if event.actor is None:
        return ""
    return event.actor.get_full_name() or event.actor_label


def _in_words(events) -> list[tuple[AuditEvent, Sentence]]:
    """Each event with its sentence ("Asha Adviser read case SR-…")."""
    events = list(events)
    references = _case_references(events)
    rows = []
    for event in events:
        case_id = event.object_id if event.object_type == "cases.case" else ""
        case_id = case_id or str(event.detail.get("case_id", ""))
        rows.append(
            (
                event,
                sentence(
                    event.action,
                    name=_staff_name(event),
                    reference=references.get(case_id, ""),
                    detail=event.detail,
                ),
            )
        )
    return rows


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_rows(events) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(
        [
            "When (UK time)",
            "Who",
            "Action",
            "Object type",
            "Object id",
            "Local authority",
            "Provider",
            "Detail",
            "What happened",
        ]
    )
    yield flush()
    chunk = 2000
    iterator = events.select_related("actor").iterator(chunk_size=chunk)
    while batch := list(itertools.islice(iterator, chunk)):
        yield from _csv_batch(writer, flush, batch)


def _csv_batch(writer, flush, batch) -> Iterator[str]:
    """One batch of events as CSV lines, with the case references of the batch in one query."""
    for event, words in _in_words(batch):
        writer.writerow(
            [
                _cell(event.occurred_at.astimezone(LONDON).isoformat(timespec="seconds")),
                _cell(event.actor_label),
                _cell(event.action),
                _cell(event.object_type),
                _cell(event.object_id),
                _cell(event.local_authority.dfe_code if event.local_authority else ""),
                _cell(event.provider.slug if event.provider else ""),
                _cell(json.dumps(event.detail, sort_keys=True, default=str)),
                _cell(words.text),
            ]
        )
        yield flush()


def _filters_detail(filters: AuditFilters) -> dict:
    return {
        "from": filters.date_from.isoformat() if filters.date_from else "",
        "to": filters.date_to.isoformat() if filters.date_to else "",
        "action": filters.action_prefix,
        "actor": filters.actor,
        "case_reference": filters.case_reference,
    }


def _own_provider(user):
    """The provider to file the user's own audit event under, if they manage exactly one."""
    providers = managed_provider_ids(user)
    return Provider.objects.filter(pk=providers[0]).first() if len(providers) == 1 else None


@login_required
@require_GET
@tenant_404
def audit_csv(request: ActorRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as CSV (every page). The download is itself audited."""
    _allowed_or_404(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return HttpResponse(first, status=400, content_type="text/plain; charset=utf-8")
    filters = form.filters()
    events = audit_events_for(request.actor, filters)
    audit_record(
        actor=request.actor,
        action="audit.export.csv",
        provider=_own_provider(request.actor),
        detail={"filters": _filters_detail(filters), "rows": events.count()},
    )
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
    stamp = clock.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sendresolve-audit-{stamp}.csv"'
    return response


@login_required
@require_GET
@never_cache
@tenant_404
def subject_access(request: ActorRequest, reference: str) -> HttpResponse:
    """Everything held about a case's family, as JSON (audited).

    ``?family=1`` adds every case with the same email address; ``?include_confidential=1``
    adds the mediator's confidential notes in their own marked section (see
    ``retention.subject_access`` for why they are left out by default).
    """
    document = subject_access_export(
        actor=request.actor,
        reference=reference,
        family=request.GET.get("family") == "1",
        include_confidential=request.GET.get("include_confidential") == "1",
        via="staff",
    )
    response = HttpResponse(
        subject_access_json(document), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="subject-access-{reference}.json"'
    return response
