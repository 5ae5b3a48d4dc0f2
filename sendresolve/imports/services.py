"""Importing a provider's live caseload: check every row, then write the good ones.

``cases_import`` is the one writer. It checks the whole file first (``validation``); a dry run
stops there. The real run writes one transaction per batch of rows: new cases with their
issues, first party, health bodies and past events in bulk, then their deadlines from the law
core through the law adapter (``cases.deadlines``: ``law_record`` and ``deadline_values``, as
every step's recompute does), then their projections after the commit. A row whose source
reference was imported before is updated when it changed (its details, issues and imported
events, then ``deadlines_store``) and left alone when it did not, so running the same file
twice changes nothing. Every case created or updated gets one audit event, and the import one
more with its counts; no message goes to a family (they already know their case).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sendresolve import law
from sendresolve.audit.services import audit_record
from sendresolve.cases.deadlines import (
    deadline_values,
    deadlines_store,
    derive,
    extra_bank_holidays,
)
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, CaseHealthBody, Issue, Party
from sendresolve.cases.projections import projections_queue
from sendresolve.cases.services.opening import requested_for_kind
from sendresolve.cases.standards import standards_deadlines
from sendresolve.cases.states import TERMINAL, Status
from sendresolve.cases.vocabulary import EventType, Participation, PartyRole, Requester
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.imports.models import CaseImport, ImportedCase
from sendresolve.imports.reading import ImportFile
from sendresolve.imports.template import EVENT_STATUS
from sendresolve.imports.validation import CaseRow, Checked, rows_check
from sendresolve.tenancy.actors import Who, as_actor, user_of
from sendresolve.tenancy.models import Provider
from sendresolve.tenancy.roles import Role

BATCH_SIZE = 500
OVERDUE_KEPT = 500  # overdue deadlines listed on the import's report (the count is all of them)


def may_import(actor: Who, provider: Provider) -> bool:
    """Only the provider's own managers import into it (commands run as the system)."""
    if actor is None:
        return True
    return Role.PROVIDER_MANAGER in as_actor(actor).provider_roles_for(provider.pk)


@dataclass
class Result:
    checked: Checked
    record: CaseImport | None
    created: int = 0
    updated: int = 0
    overdue_count: int = 0
    overdue: list[dict[str, str]] | None = None

    @property
    def unchanged(self) -> int:
        return len(self.checked.unchanged)


def errors_as_rows(checked: Checked) -> list[list[Any]]:
    return [[e.sheet, e.row, e.column, e.reason] for e in checked.errors]


def import_check(*, actor: Who, provider: Provider, data: ImportFile) -> Checked:
    """Check ``data`` for ``provider`` (a dry run): nothing is written."""
    if not may_import(actor, provider):
        raise NotFound("No such provider.")
    return rows_check(data, provider=provider, today=clock.today())


def upload_keep(
    *, actor: Who, provider: Provider, data: ImportFile, name: str, content: bytes, events: bytes
) -> CaseImport:
    """Keep an uploaded file and its check, for a manager to confirm (``upload_import``)."""
    checked = import_check(actor=actor, provider=provider, data=data)
    return CaseImport.objects.create(
        provider=provider,
        created_by=user_of(actor),
        file_name=name[:200],
        content=content,
        events_content=events,
        **_counts(checked),
    )


def upload_store(
    *, actor: Who, provider: Provider, name: str, content: bytes, events: bytes
) -> CaseImport:
    """Keep a large upload unchecked, for the task workers to check (``upload_check``)."""
    if not may_import(actor, provider):
        raise NotFound("No such provider.")
    return CaseImport.objects.create(
        provider=provider,
        created_by=user_of(actor),
        file_name=name[:200],
        content=content,
        events_content=events,
        state=CaseImport.State.CHECKING,
    )


def upload_check(*, actor: Who, record: CaseImport, data: ImportFile) -> CaseImport:
    """Check a kept upload's rows and record the counts: it is then waiting to be imported."""
    checked = import_check(actor=actor, provider=record.provider, data=data)
    for key, value in _counts(checked).items():
        setattr(record, key, value)
    record.state = CaseImport.State.VALIDATED
    record.save()
    return record


def _counts(checked: Checked) -> dict[str, Any]:
    return {
        "rows": checked.rows,
        "bad_rows": len(checked.bad_rows),
        "to_create": len(checked.new),
        "to_update": len(checked.changed),
        "unchanged": len(checked.unchanged),
        "errors": errors_as_rows(checked),
    }


def cases_import(
    *,
    actor: Who,
    provider: Provider,
    data: ImportFile,
    file_name: str,
    dry_run: bool = False,
    record: CaseImport | None = None,
    batch_size: int = BATCH_SIZE,
) -> Result:
    """Check every row of ``data`` and, unless ``dry_run``, import the good ones."""
    checked = import_check(actor=actor, provider=provider, data=data)
    if dry_run:
        return Result(checked=checked, record=None)
    if record is None:
        record = CaseImport.objects.create(
            provider=provider, created_by=user_of(actor), file_name=file_name[:200]
        )
    for key, value in _counts(checked).items():
        setattr(record, key, value)
    record.state = CaseImport.State.IMPORTING
    record.save()
    result = Result(checked=checked, record=record)
    work = checked.new + checked.changed
    for start in range(0, len(work), batch_size):
        batch = work[start : start + batch_size]
        with transaction.atomic():
            result.created += _create(
                [r for r in batch if r.existing is None], provider, record, actor
            )
            result.updated += _update([r for r in batch if r.existing is not None], record, actor)
    result.overdue_count, result.overdue = _overdue(
        provider, [r.source_reference for r in checked.valid]
    )
    with transaction.atomic():
        record.created, record.updated = result.created, result.updated
        record.overdue_count, record.overdue = result.overdue_count, result.overdue
        record.state = CaseImport.State.IMPORTED
        record.imported_at = clock.now()
        record.content = record.events_content = b""
        record.save()
        audit_record(
            actor=actor,
            action="import.cases",
            target=record,
            provider=provider,
            detail={
                "import_id": record.pk,
                "rows": checked.rows,
                "bad_rows": len(checked.bad_rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "overdue": result.overdue_count,
            },
        )
    return result


def _events(case: Case, row: CaseRow, actor: Who, recorded_at: dt.datetime) -> list[CaseEvent]:
    user = user_of(actor)
    out = [
        CaseEvent(
            case=case,
            type=EventType.CASE_OPENED,
            occurred_on=row.values["opened_on"],
            recorded_at=recorded_at,
            actor=user,
            from_status=Status.ENQUIRY,
            to_status=Status.ENQUIRY,
            detail={"via": "import", "imported": True},
        )
    ]
    status = Status.ENQUIRY
    for event, on in row.events:
        to = EVENT_STATUS[event]
        out.append(
            CaseEvent(
                case=case,
                type=event,
                occurred_on=on,
                recorded_at=recorded_at,
                actor=user,
                from_status=status,
                to_status=to,
                detail={"imported": True},
            )
        )
        status = to
    return out


def _party(case: Case) -> Party:
    if case.requester == Requester.LOCAL_AUTHORITY:
        role, organisation = PartyRole.LA_OFFICER, case.local_authority.name
    else:
        young = case.requester == Requester.YOUNG_PERSON
        role, organisation = (PartyRole.YOUNG_PERSON if young else PartyRole.PARENT), ""
    return Party(
        case=case,
        role=role,
        name=case.requester_name,
        organisation=organisation,
        email=case.email,
        phone=case.phone,
        participation=Participation.AGREED if case.dr_type else Participation.PENDING,
        participation_on=case.opened_on if case.dr_type else None,
    )


def _closed_on(row: CaseRow) -> dt.date | None:
    if row.values["status"] in TERMINAL and row.events:
        return row.events[-1][1]
    return None


def _create(rows: list[CaseRow], provider: Provider, record: CaseImport, actor: Who) -> int:
    if not rows:
        return 0
    now = clock.now()
    cases = Case.objects.bulk_create(
        [
            Case(
                provider=provider,
                local_authority=r.local_authority,
                requested=requested_for_kind(r.values["kind"]),
                closed_on=_closed_on(r),
                **r.values,
            )
            for r in rows
        ]
    )
    Issue.objects.bulk_create(
        [Issue(case=c, subject=s) for c, r in zip(cases, rows, strict=True) for s in r.issues]
    )
    CaseHealthBody.objects.bulk_create(
        [
            CaseHealthBody(case=c, commissioning_body=b)
            for c, r in zip(cases, rows, strict=True)
            for b in r.health_bodies
        ]
    )
    Party.objects.bulk_create([_party(c) for c in cases])
    events = {c.pk: _events(c, r, actor, now) for c, r in zip(cases, rows, strict=True)}
    CaseEvent.objects.bulk_create([e for c in cases for e in events[c.pk]])
    ImportedCase.objects.bulk_create(
        [
            ImportedCase(
                provider=provider,
                source_reference=r.source_reference,
                case=c,
                row_digest=r.digest,
                last_import=record,
                updated_at=now,
            )
            for c, r in zip(cases, rows, strict=True)
        ]
    )
    _deadlines_create(cases, rows, events, list(provider.commissions.all()))
    for case, row in zip(cases, rows, strict=True):
        audit_record(
            actor=actor,
            action="case.import.create",
            target=case,
            local_authority=row.local_authority,
            provider=provider,
            detail={"import_id": record.pk, "row": row.row},
        )
    return len(cases)


def _deadlines_create(
    cases: list[Case],
    rows: list[CaseRow],
    events: dict[int, list[CaseEvent]],
    commissions: list[Any],
) -> None:
    """Every deadline of these new cases, as the law adapter derives them from the rows just
    written (held in memory, as the national generator does), in one insert."""
    holidays = extra_bank_holidays()
    working_days = law.WorkingDays.adding(holidays)
    deadlines = []
    for case, row in zip(cases, rows, strict=True):
        links = [CaseHealthBody(case=case, commissioning_body=b) for b in row.health_bodies]
        derived = derive(
            case,
            events=events[case.pk],
            certificates=[],
            sessions=[],
            actions=[],
            subjects=set(row.issues),
            extra_holidays=holidays,
            health_bodies=links,
        )
        derived += standards_deadlines(
            case, events=events[case.pk], commissions=commissions, working_days=working_days
        )
        terminal = case.status in TERMINAL
        deadlines += [
            CaseDeadline(case=case, key=item.key, **deadline_values(case, item, terminal=terminal))
            for item in derived
        ]
    CaseDeadline.objects.bulk_create(deadlines)
    projections_queue([c.pk for c in cases])


def _update(rows: list[CaseRow], record: CaseImport, actor: Who) -> int:
    now = clock.now()
    for row in rows:
        assert row.existing is not None  # noqa: S101  # only existing rows are updated
        case = Case.objects.select_for_update().get(pk=row.existing.case_id)
        for key, value in row.values.items():
            setattr(case, key, value)
        case.local_authority = row.local_authority
        case.closed_on = _closed_on(row)
        case.save()
        case.issues.all().delete()
        Issue.objects.bulk_create([Issue(case=case, subject=s) for s in row.issues])
        case.health_bodies.all().delete()
        CaseHealthBody.objects.bulk_create(
            [CaseHealthBody(case=case, commissioning_body=b) for b in row.health_bodies]
        )
        case.events.all().delete()  # only imported events: a case changed since is refused
        CaseEvent.objects.bulk_create(_events(case, row, actor, now))
        ImportedCase.objects.filter(pk=row.existing.pk).update(
            row_digest=row.digest, last_import=record, updated_at=now
        )
        deadlines_store(case)
        audit_record(
            actor=actor,
            action="case.import.update",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
            detail={"import_id": record.pk, "row": row.row},
        )
    projections_queue([r.existing.case_id for r in rows if r.existing])
    return len(rows)


def _overdue(provider: Provider, references: Iterable[str]) -> tuple[int, list[dict[str, str]]]:
    """The open deadlines already past of the file's cases: how many, and the first ones."""
    today = clock.today()
    references = list(references)
    count = 0
    listed: list[dict[str, str]] = []
    for start in range(0, len(references), 500):
        deadlines = (
            CaseDeadline.objects.filter(
                case__import_record__provider=provider,
                case__import_record__source_reference__in=references[start : start + 500],
                state=CaseDeadline.State.OPEN,
                due_on__lt=today,
            )
            .order_by("due_on", "pk")
            .values_list(
                "case__reference",
                "case__import_record__source_reference",
                "title",
                "due_on",
                "responsible_name",
            )
        )
        for reference, source, title, due_on, who in deadlines:
            count += 1
            if len(listed) < OVERDUE_KEPT:
                listed.append(
                    {
                        "reference": reference,
                        "source_reference": source,
                        "title": title,
                        "due_on": due_on.isoformat(),
                        "responsible": who,
                    }
                )
    listed.sort(key=lambda d: d["due_on"])
    return count, listed
