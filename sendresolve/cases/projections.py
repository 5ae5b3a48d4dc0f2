"""Read models of a case, fed after its step commits: its next deadline and its report facts.

The recorder stores a case's deadlines (``CaseDeadline`` rows, through the law adapter in
``cases.deadlines``) inside the step's transaction: the law's dates commit with the step or
not at all. What lists and reports read from those rows is kept apart, here:

- ``Case.next_deadline_on`` and ``next_deadline_title``: the earliest open deadline that anyone
  but the family owes (by due date, then id), by which provider staff's and administrators'
  work queue orders and counts without looking at every deadline;
- ``ReportFact`` rows (``cases.facts``): what the case counts for in the reports.

``case_projections_queue`` asks for ``case_projections_refresh`` with
``transaction.on_commit``: a rolled-back step leaves the projections as they were, and outside
a transaction the refresh runs at once. The refresh is robust: should it fail, the step stands,
the error is logged, and ``manage.py rebuild_report_facts`` (``projections_rebuild_all``)
mends what it left.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sendresolve.cases.facts import facts_refresh
from sendresolve.cases.models import Case, CaseDeadline


def staff_open(deadlines: QuerySet[CaseDeadline]) -> QuerySet[CaseDeadline]:
    """The open deadlines among ``deadlines`` that someone other than the family owes: what
    staff's work queues are about (``Case.next_deadline_on``, ``selectors.work_queue``)."""
    return deadlines.filter(state=CaseDeadline.State.OPEN).exclude(responsible="family")


def next_deadline_keep(case_ids: Iterable[int]) -> int:
    """Store on each case its next deadline owed by anyone but the family (``Case.next_deadline_on``
    and ``next_deadline_title``), as the database holds the deadlines now; return the cases updated.
    """
    first = staff_open(CaseDeadline.objects.filter(case=OuterRef("pk"))).order_by("due_on", "id")
    return Case.objects.filter(pk__in=list(case_ids)).update(
        next_deadline_on=Subquery(first.values("due_on")[:1]),
        next_deadline_title=Coalesce(Subquery(first.values("title")[:1]), Value("")),
    )


def projections_refresh(case_ids: Iterable[int]) -> None:
    """Rebuild the projections of these cases from their stored rows, now."""
    ids = list(case_ids)
    if not ids:
        return
    with transaction.atomic():
        next_deadline_keep(ids)
        facts_refresh(ids)


def case_projections_refresh(case_id: int) -> None:
    """Rebuild one case's projections (its next deadline and its report facts), now."""
    projections_refresh([case_id])


def projections_rebuild_all(*, batch_size: int = 2000) -> tuple[int, int]:
    """Rebuild every case's projections in batches (``manage.py rebuild_report_facts``);
    return (cases examined, cases whose report facts changed)."""
    pks = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        with transaction.atomic():
            next_deadline_keep(batch)
            changed += facts_refresh(batch)
    return len(pks), changed


def projections_queue(case_ids: Iterable[int]) -> None:
    """Refresh these cases' projections once the current transaction commits (at once when
    there is none); nothing is refreshed if it rolls back."""
    ids = list(case_ids)

    def refresh() -> None:  # named, so a failure's log line says what failed
        projections_refresh(ids)

    if ids:
        transaction.on_commit(refresh, robust=True)


def case_projections_queue(case_id: int) -> None:
    """Refresh one case's projections once the current transaction commits (at once when there
    is none): what the recorder does for every step."""

    def refresh() -> None:  # named, so a failure's log line says what failed
        case_projections_refresh(case_id)

    transaction.on_commit(refresh, robust=True)
