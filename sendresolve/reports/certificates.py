"""Certificates that missed their time limit: issued late, and not issued though overdue.

The time limit for a certificate is 3 working days (SEND Regulations 2014 regs 34(1), 39(1),
35(3): MED-02, MED-07, MED-08), so how late one is is counted in the same working days, with the
law core's England and Wales calendar (and any bank holiday proclaimed since the ``holidays``
package was released, ``cases.deadlines.extra_bank_holidays``): a certificate due on Maundy
Thursday and issued the Tuesday after Easter is 1 working day late, not 5 days.

Both lists read the stored deadlines (``CaseDeadline``) through the plain case condition
(``Scope.via``): they name cases, so they show only cases the user may open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from sendresolve import law
from sendresolve.cases.deadlines import extra_bank_holidays
from sendresolve.cases.facts import CERTIFICATE_DEADLINES
from sendresolve.cases.models import CaseDeadline, ReportFact
from sendresolve.reports.scope import ReportFilters, Scope
from sendresolve.reports.tables import Column, Table

BREACHED, OPEN = CaseDeadline.State.BREACHED, CaseDeadline.State.OPEN
CALENDAR = "ENG_WD"  # the certificate time limits count England and Wales working days


def working_days_late(due_on: dt.date, done_on: dt.date) -> int:
    """Working days after ``due_on`` up to and including ``done_on`` (0 if not after it)."""
    calendar = law.WorkingDays.adding(extra_bank_holidays()).calendar(CALENDAR)
    return calendar.working_days_between(due_on, done_on)


def late_certificates(cases: Scope, filters: ReportFilters, *, first: int | None, count: int):
    """Every late certificate, or only the ``first`` (a page shows 50 of the ``count``: at
    national scale there are tens of thousands, which a download holds)."""
    last_day = filters.date_to
    if first is not None:
        # Sorting every late certificate in the country to show 50 took seconds: the facts'
        # index gives the day of the ``first``-th in order, and only those up to it are sorted.
        nth = (
            cases.of(ReportFact.Measure.CERTIFICATE_DEADLINE, filters)
            .filter(state=BREACHED)
            .order_by("on")
            .values_list("on", flat=True)[first - 1 : first]
        )
        last_day = next(iter(nth), last_day)
    rows = (
        CaseDeadline.objects.filter(
            cases.via(),
            deadline_id__in=CERTIFICATE_DEADLINES,
            met_on__range=(filters.date_from, last_day),
            state=BREACHED,
        )
        .order_by("met_on", "case__reference")
        .values("case__reference", "case__local_authority__name", "title", "due_on", "met_on")
    )
    if first is not None:
        rows = rows[:first]
    return Table(
        key="late_certificates",
        title="Certificates issued late",
        sheet="Late certificates",
        description=(
            "Issued after the 3-working-day time limit. Days late are working days (weekends "
            "and bank holidays are not counted), as the time limit counts them."
        ),
        columns=(
            Column("reference", "Case", "text", link="case"),
            Column("local_authority", "Local authority", "text"),
            Column("what", "Certificate", "text"),
            Column("due_on", "Due", "date"),
            Column("issued_on", "Issued", "date"),
            Column("days_late", "Working days late"),
        ),
        rows=tuple(
            {
                "reference": r["case__reference"],
                "local_authority": r["case__local_authority__name"],
                "what": r["title"],
                "due_on": r["due_on"],
                "issued_on": r["met_on"],
                # met_on__range keeps only deadlines met (late).
                "days_late": working_days_late(r["due_on"], r["met_on"]),  # type: ignore[arg-type]
            }
            for r in rows
        ),
        row_count=count,
    )


def _overdue(cases: Scope, filters: ReportFilters, *, today: dt.date):
    """Certificate time limits falling due in the period, passed by ``today``, still open."""
    last_day = min(filters.date_to, today - dt.timedelta(days=1))
    return CaseDeadline.objects.filter(
        cases.via(),
        deadline_id__in=CERTIFICATE_DEADLINES,
        state=OPEN,
        due_on__range=(filters.date_from, last_day),
    )


def overdue_by_la(cases: Scope, filters: ReportFilters, *, today: dt.date) -> dict[int, dict]:
    """How many certificates are overdue and not issued, by the case's LA (one query)."""
    grouped = (
        _overdue(cases, filters, today=today)
        .values("case__local_authority_id")
        .annotate(certificates_overdue=Count("pk"))
        .order_by()
    )
    return {
        row["case__local_authority_id"]: {"certificates_overdue": row["certificates_overdue"]}
        for row in grouped
    }


def overdue_certificates(
    cases: Scope, filters: ReportFilters, *, today: dt.date, first: int | None, count: int
) -> Table:
    """Each certificate past its time limit and not issued yet, most overdue first (or only
    the ``first`` of the ``count``, for a page)."""
    rows = (
        _overdue(cases, filters, today=today)
        .order_by("due_on", "case__reference")
        .values("case__reference", "case__local_authority__name", "title", "due_on")
    )
    if first is not None:
        rows = rows[:first]
    listed: list[dict[str, Any]] = [
        {
            "reference": r["case__reference"],
            "local_authority": r["case__local_authority__name"],
            "what": r["title"],
            "due_on": r["due_on"],
            "days_overdue": working_days_late(r["due_on"], today),
        }
        for r in rows
    ]
    return Table(
        key="overdue_certificates",
        title="Certificates overdue, not issued",
        sheet="Overdue certificates",
        description=(
            "Certificates due in the period whose time limit had passed by "
            f"{today.day} {today:%B %Y} and which are not issued yet. Days overdue are "
            "working days."
        ),
        columns=(
            Column("reference", "Case", "text", link="case"),
            Column("local_authority", "Local authority", "text"),
            Column("what", "Certificate", "text"),
            Column("due_on", "Due", "date"),
            Column("days_overdue", "Working days overdue"),
        ),
        rows=tuple(listed),
        row_count=count,
    )
