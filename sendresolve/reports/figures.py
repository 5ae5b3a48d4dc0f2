"""The figures providers and commissioners report, computed in the database.

Every figure is scoped like everything else (``cases.selectors.cases_for``: an LA sees its own
cases, a provider its LAs', an administrator all) and filtered by a date range, an LA and a
provider. Each table is one or a few grouped queries over ``ReportFact`` (what each case counts
for, on the day it counts, kept by ``cases.facts``), read from one covering index with no join
back to the cases; Python only merges the grouped rows (at most one per LA) and lays them out.

Definitions (each date inclusive):

- Requests for mediation advice: mediation cases (incl. health-only) first contacted in range.
- Certificates by kind: certificates issued in range.
- Certificates on time: of those, issued on or before their 3-working-day deadline (MED-02,
  MED-07, MED-08); a certificate on the 3rd working day is on time, on the 4th it is late.
- Certificates overdue, not issued: certificate time limits falling due in range that had
  passed by today with no certificate issued (``reports.certificates``; read from the stored
  deadlines, as they are no report fact until the certificate is issued). Days late and days
  overdue are working days, as the time limit counts them.
- Mediations held within 30 days: mediations first held in range, on or before the MED-05 /
  MED-04 deadline.
- Deemed certificates: certificates of kind "not arranged within 30 days".
- Followed by an appeal: mediations concluded in range whose case has a tribunal decision or a
  tribunal appeal recorded alongside (the DfE's "mediation cases followed by appeal").
- Outcomes by issue: the result of each issue of mediations concluded in range.
- Disagreement resolution: cases first contacted in range, by kind, and their issues' results.
- Agreed actions: agreed-action deadlines falling due in range, by who owes them.
- Days from first contact to certificate: certificates issued in range; median and 90th
  percentile by the nearest-rank method.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db.models import Count, Q

from sendresolve.cases.models import CaseDeadline, Certificate, Outcome, ReportFact
from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import DrType, IssueSubject
from sendresolve.reports.certificates import (
    late_certificates,
    overdue_by_la,
    overdue_certificates,
)
from sendresolve.reports.scope import (  # Scope and ReportFilters are used from here too
    ReportFilters,
    Scope,  # noqa: F401
    scope_label,
    scoped_cases,
)
from sendresolve.reports.tables import Column, Report, Table, percent
from sendresolve.tenancy.models import LocalAuthority

Measure = ReportFact.Measure
MET, BREACHED, OPEN = (
    CaseDeadline.State.MET,
    CaseDeadline.State.BREACHED,
    CaseDeadline.State.OPEN,
)
# Count a column of the report index (not the primary key, which PostgreSQL would have to
# read from the table): every fact has a day.
N = "on"


# -- mediation by local authority --------------------------------------------------------------

LA_COLUMNS = (
    Column("local_authority", "Local authority", "text"),
    Column("dfe_code", "DfE code", "text"),
    Column("advice_requests", "Requests for mediation advice"),
    Column("certificates", "Certificates issued"),
    Column("certificates_declined", "Certificates: mediation declined"),
    Column("certificates_concluded", "Certificates: after mediation"),
    Column("certificates_not_arranged", "Certificates: not arranged in 30 days (deemed)"),
    Column("certificates_on_time", "Certificates within 3 working days"),
    Column("certificates_late", "Certificates late"),
    Column("certificates_on_time_pct", "Certificates on time", "percent"),
    Column("certificates_overdue", "Certificates overdue, not issued"),
    Column("mediations_held", "Mediations held"),
    Column("held_within_30_days", "Held within 30 days"),
    Column("held_within_30_days_pct", "Held within 30 days (%)", "percent"),
    Column("mediations_concluded", "Mediations concluded"),
    Column("followed_by_appeal", "Followed by a tribunal appeal"),
    Column("followed_by_appeal_pct", "Followed by an appeal (%)", "percent"),
)
COUNT_KEYS = [c.key for c in LA_COLUMNS if c.kind == "number"]


def _by_la(rows, key="local_authority_id") -> dict[int, dict]:
    return {row.pop(key): row for row in rows}


def mediation_by_la(cases, filters: ReportFilters, *, today: dt.date | None = None) -> Table:
    """The counts by LA; with ``today``, also the certificates overdue and not issued by then
    (the annual return, a past calendar year's counts, leaves them out)."""

    def by_la(measure, **counts):
        rows = cases.of(measure, filters).values("local_authority_id").annotate(**counts)
        return _by_la(rows.order_by())

    kinds = Certificate.Kind
    advice = by_la(Measure.ADVICE_REQUEST, advice_requests=Count(N))
    certificates = by_la(
        Measure.CERTIFICATE,
        certificates=Count(N),
        certificates_declined=Count(N, filter=Q(category=kinds.DECLINED)),
        certificates_concluded=Count(N, filter=Q(category=kinds.MEDIATION_CONCLUDED)),
        certificates_not_arranged=Count(N, filter=Q(category=kinds.NOT_ARRANGED)),
    )
    timeliness = by_la(
        Measure.CERTIFICATE_DEADLINE,
        certificates_on_time=Count(N, filter=Q(state=MET)),
        certificates_late=Count(N, filter=Q(state=BREACHED)),
    )
    held = by_la(
        Measure.MEDIATION_HELD,
        mediations_held=Count(N),
        held_within_30_days=Count(N, filter=Q(state=MET)),
    )
    concluded = by_la(
        Measure.MEDIATION_CONCLUDED,
        mediations_concluded=Count(N),
        followed_by_appeal=Count(N, filter=Q(flag=True)),
    )
    overdue = overdue_by_la(cases, filters, today=today) if today else {}
    parts = (advice, certificates, timeliness, held, concluded, overdue)
    ids = set().union(*parts)
    names = {la.pk: la for la in LocalAuthority.objects.filter(pk__in=ids).only("name", "dfe_code")}
    rows = []
    for la_id in sorted(ids, key=lambda pk: names[pk].name):
        row: dict[str, Any] = {key: 0 for key in COUNT_KEYS}
        for part in parts:
            row.update(part.get(la_id, {}))
        row["local_authority"] = names[la_id].name
        row["dfe_code"] = names[la_id].dfe_code
        rows.append(_with_percentages(row))
    total = {key: sum(r[key] for r in rows) for key in COUNT_KEYS}
    total.update(local_authority="All", dfe_code="")
    return Table(
        key="by_local_authority",
        title="Mediation by local authority",
        sheet="By local authority",
        description=(
            "Requests and certificates in the period, certificates within 3 working days "
            "(SEND Regulations 2014 regs 34, 39) and those past that time limit and not issued "
            "yet, mediations held within 30 days (CFA 2014 ss.53–54) and mediations followed "
            "by a tribunal appeal."
        ),
        columns=LA_COLUMNS,
        rows=tuple(rows),
        total=_with_percentages(total),
        chart="certificates_on_time_pct",
        chart_label="local_authority",
    )


def _with_percentages(row: dict) -> dict:
    row["certificates_on_time_pct"] = percent(
        row["certificates_on_time"], row["certificates_on_time"] + row["certificates_late"]
    )
    row["held_within_30_days_pct"] = percent(row["held_within_30_days"], row["mediations_held"])
    row["followed_by_appeal_pct"] = percent(row["followed_by_appeal"], row["mediations_concluded"])
    return row


# -- outcomes ----------------------------------------------------------------------------------

RESULTS = (
    ("agreed", Outcome.Result.AGREED),
    ("partly_agreed", Outcome.Result.PARTLY_AGREED),
    ("not_agreed", Outcome.Result.NOT_AGREED),
)
RESULT_COLUMNS = (
    Column("agreed", "Agreed"),
    Column("partly_agreed", "Partly agreed"),
    Column("not_agreed", "Not agreed"),
    Column("issues", "Issues"),
    Column("agreed_pct", "Agreed or partly agreed", "percent"),
)


def _result_counts(facts):
    """Issues and their results, from outcome facts (the result is the fact's state)."""
    return (
        facts.values("category")
        .annotate(
            issues=Count(N),
            **{key: Count(N, filter=Q(state=value)) for key, value in RESULTS},
        )
        .order_by()
    )


def _result_row(row: dict) -> dict:
    row["agreed_pct"] = percent(row["agreed"] + row["partly_agreed"], row["issues"])
    return row


def outcomes_by_issue(cases, filters: ReportFilters) -> Table:
    grouped = _result_counts(cases.of(Measure.MEDIATION_OUTCOME, filters))
    labels = dict(IssueSubject.choices)
    rows = sorted(
        (_result_row({"subject": labels.get(r.pop("category"), "Other"), **r}) for r in grouped),
        key=lambda r: (-r["issues"], r["subject"]),
    )
    total = {
        key: sum(r[key] for r in rows)
        for key in ("agreed", "partly_agreed", "not_agreed", "issues")
    }
    return Table(
        key="outcomes_by_issue",
        title="Mediation outcomes by issue",
        description="The result of each issue in mediations concluded in the period.",
        columns=(Column("subject", "Issue", "text"), *RESULT_COLUMNS),
        rows=tuple(rows),
        total=_result_row({"subject": "All issues", **total}),
        chart="agreed_pct",
        chart_label="subject",
    )


# -- disagreement resolution -------------------------------------------------------------------


def disagreement_resolution(cases, filters: ReportFilters) -> Table:
    counts = {
        r.pop("category"): r
        for r in cases.of(Measure.DR_REQUEST, filters)
        .values("category")
        .annotate(
            requests=Count(N),
            not_taken_forward=Count(N, filter=Q(state=Status.NOT_TAKEN_FORWARD)),
            meetings_held=Count(N, filter=Q(flag=True)),
        )
        .order_by()
    }
    results = {r.pop("category"): r for r in _result_counts(cases.of(Measure.DR_OUTCOME, filters))}
    rows = []
    for value, label in DrType.choices:
        if value not in counts and value not in results:
            continue
        row = {"dr_type": label, "requests": 0, "not_taken_forward": 0, "meetings_held": 0}
        row.update(counts.get(value, {}))
        row.update({k: 0 for k in ("agreed", "partly_agreed", "not_agreed", "issues")})
        row.update(results.get(value, {}))
        rows.append(_result_row(row))
    keys = (
        "requests",
        "not_taken_forward",
        "meetings_held",
        "agreed",
        "partly_agreed",
        "not_agreed",
        "issues",
    )
    total = {key: sum(r[key] for r in rows) for key in keys}
    return Table(
        key="disagreement_resolution",
        title="Disagreement resolution by kind",
        description=(
            "Requests in the period by kind (CFA 2014 s.57), those not taken forward because a "
            "party declined, meetings held, and the result of each issue."
        ),
        columns=(
            Column("dr_type", "Kind", "text"),
            Column("requests", "Requests"),
            Column("not_taken_forward", "Not taken forward"),
            Column("meetings_held", "Meetings held"),
            *RESULT_COLUMNS,
        ),
        rows=tuple(rows),
        total=_result_row({"dr_type": "All kinds", **total}),
    )


# -- agreed actions ----------------------------------------------------------------------------

RESPONSIBLE = {
    "local_authority": "Local authority",
    "commissioning_body": "Health commissioning body",
    "school": "School or college",
    "family": "Family",
    "other": "Other",
}


def agreed_actions(cases, filters: ReportFilters, *, today: dt.date) -> Table:
    grouped = (
        cases.of(Measure.AGREED_ACTION, filters)  # on the day each action is due
        .values("category")
        .annotate(
            due=Count(N),
            done_on_time=Count(N, filter=Q(state=MET)),
            done_late=Count(N, filter=Q(state=BREACHED)),
            overdue=Count(N, filter=Q(state=OPEN, on__lt=today)),
            not_due_yet=Count(N, filter=Q(state=OPEN, on__gte=today)),
        )
        .order_by("category")
    )
    keys = ("due", "done_on_time", "done_late", "overdue", "not_due_yet")
    rows = []
    for r in grouped:
        who = r.pop("category")
        rows.append({"responsible": RESPONSIBLE.get(who, who), **r})
    for row in rows:
        row["on_time_pct"] = percent(row["done_on_time"], row["due"] - row["not_due_yet"])
    total = {key: sum(r[key] for r in rows) for key in keys}
    total["on_time_pct"] = percent(total["done_on_time"], total["due"] - total["not_due_yet"])
    return Table(
        key="agreed_actions",
        title="Agreed actions done on time",
        description=(
            "What was agreed at mediation or disagreement resolution, falling due in the "
            "period (SEND Regulations 2014 reg 42), by who must act."
        ),
        columns=(
            Column("responsible", "Who must act", "text"),
            Column("due", "Due in the period"),
            Column("done_on_time", "Done on time"),
            Column("done_late", "Done late"),
            Column("overdue", "Overdue, not done"),
            Column("not_due_yet", "Not due yet"),
            Column("on_time_pct", "On time (of those due by today)", "percent"),
        ),
        rows=tuple(rows),
        total={"responsible": "All", **total},
    )


# -- days to certificate -----------------------------------------------------------------------


def _nearest_rank(histogram: list[tuple[int, int]], p: float) -> int | None:
    """The p-th percentile by the nearest-rank method, from (days, how many) sorted by days."""
    count = sum(n for _, n in histogram)
    if not count:
        return None
    rank = max(math.ceil(p * count), 1)
    seen = 0
    for days, n in histogram:
        seen += n
        if seen >= rank:
            return days
    return histogram[-1][0]  # pragma: no cover - ranks never pass the count


def days_to_certificate(cases, filters: ReportFilters) -> Table:
    """One grouped query: how many certificates took each number of days, by kind. The
    percentiles are read from that histogram (a few hundred rows at most, not the cases)."""
    grouped = (
        cases.of(Measure.CERTIFICATE, filters)
        .values("category", "days")
        .annotate(n=Count(N))
        .order_by()  # a few hundred rows, sorted here rather than by a second sort in SQL
    )
    by_kind: dict[str, list[tuple[int, int]]] = {}
    everything: dict[int, int] = {}
    for row in sorted(grouped, key=lambda r: (r["days"], r["category"])):
        days = row["days"]
        by_kind.setdefault(row["category"], []).append((days, row["n"]))
        everything[days] = everything.get(days, 0) + row["n"]
    groups = [
        (label, by_kind[value]) for value, label in Certificate.Kind.choices if value in by_kind
    ]
    groups.append(("All certificates", sorted(everything.items())))
    rows = [
        {
            "kind": label,
            "certificates": sum(n for _, n in histogram),
            "median_days": _nearest_rank(histogram, 0.5),
            "p90_days": _nearest_rank(histogram, 0.9),
        }
        for label, histogram in groups
    ]
    return Table(
        key="days_to_certificate",
        title="Days from first contact to certificate",
        sheet="Days to certificate",
        description="Calendar days; median and 90th percentile by the nearest-rank method.",
        columns=(
            Column("kind", "Certificate", "text"),
            Column("certificates", "Certificates"),
            Column("median_days", "Median days"),
            Column("p90_days", "90th percentile days"),
        ),
        rows=tuple(rows[:-1]),
        total=rows[-1],
    )


def mediation_report(
    user, filters: ReportFilters, *, today: dt.date, late_rows: int | None = None
) -> Report:
    """Every table of the providers' and commissioners' report, for the user's scope (with
    ``late_rows``, only that many of the late certificates are listed)."""
    cases = scoped_cases(user, filters)
    by_la = mediation_by_la(cases, filters, today=today)
    counts: dict[str, Any] = by_la.total or {}
    return Report(
        key="mediation",
        title="Mediation and disagreement resolution",
        date_from=filters.date_from,
        date_to=filters.date_to,
        scope=scope_label(filters),
        tables=(
            by_la,
            late_certificates(cases, filters, first=late_rows, count=counts["certificates_late"]),
            outcomes_by_issue(cases, filters),
            disagreement_resolution(cases, filters),
            agreed_actions(cases, filters, today=today),
            days_to_certificate(cases, filters),
            # Last, so the tables before it keep their places for readers that count them.
            overdue_certificates(
                cases,
                filters,
                today=today,
                first=late_rows,
                count=counts["certificates_overdue"],
            ),
        ),
    )


# -- annual return -----------------------------------------------------------------------------

ANNUAL_COLUMNS = (
    Column("dfe_code", "LA code", "text"),
    Column("local_authority", "LA name", "text"),
    Column("year", "Calendar year", "text"),
    Column("advice_requests", "Mediation information and advice: requests"),
    Column("certificates", "Mediation certificates issued"),
    Column("certificates_declined", "of which: mediation not wanted (s.55(4))"),
    Column("certificates_concluded", "of which: after mediation (s.55(5))"),
    Column("certificates_not_arranged", "of which: mediation not arranged in 30 days"),
    Column("mediations_held", "Mediations held"),
    Column("held_within_30_days", "Mediations held within 30 days"),
    Column("mediations_concluded", "Mediations concluded"),
    Column("followed_by_appeal", "Mediations followed by an appeal to the tribunal"),
    Column("dr_requests", "Disagreement resolution requests"),
)


def annual_return(user, *, year: int, local_authority: str = "", provider: str = "") -> Report:
    """One row per LA for a calendar year, in the shape LAs give the DfE their mediation
    figures (the SEN2 return counts calendar years): see the README."""
    filters = ReportFilters(dt.date(year, 1, 1), dt.date(year, 12, 31), local_authority, provider)
    cases = scoped_cases(user, filters)
    by_la = mediation_by_la(cases, filters)
    # Each LA's code and name come with its count (no query per LA, none when there is none).
    dr = (
        cases.of(Measure.DR_REQUEST, filters)
        .values_list("local_authority__dfe_code", "local_authority__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = {code: name for code, name, _ in dr}
    dr_by_code = {code: n for code, _, n in dr}
    rows = [
        {**row, "year": str(year), "dr_requests": dr_by_code.pop(row["dfe_code"], 0)}
        for row in by_la.rows
    ]
    for code, n in dr_by_code.items():  # LAs with only disagreement resolution
        rows.append(
            {
                **{c.key: 0 for c in ANNUAL_COLUMNS if c.kind == "number"},
                "dfe_code": code,
                "local_authority": names[code],
                "year": str(year),
                "dr_requests": n,
            }
        )
    rows.sort(key=lambda r: r["dfe_code"])
    total: dict[str, Any] = {
        c.key: sum(r[c.key] for r in rows) for c in ANNUAL_COLUMNS if c.kind == "number"
    }
    total.update(dfe_code="Total", local_authority="All local authorities", year=str(year))
    return Report(
        key="annual_return",
        title=f"Annual mediation return {year}",
        date_from=filters.date_from,
        date_to=filters.date_to,
        scope=scope_label(filters),
        tables=(
            Table(
                key="annual_return",
                title=f"Mediation figures by local authority, {year}",
                sheet="Annual return",
                description="Calendar year, 1 January to 31 December.",
                columns=ANNUAL_COLUMNS,
                rows=tuple(rows),
                total=total,
            ),
        ),
    )
