"""Benchmark report generation on a synthetic data set, on SQLite or PostgreSQL.

Run: ``.venv/bin/python benchmarks/report_benchmark.py [--cases N] [--database-url URL]``

Creates a throwaway database (a temporary SQLite file, or a new PostgreSQL database named
``sendresolve_bench_<pid>`` on the given server), bulk-inserts ``N`` closed mediation cases
spread over every English LA and ten years (each with a certificate, its 3-working-day
deadline, a held-mediation deadline, a conclusion event and one outcome), then times the full
report and the annual return for an administrator (every LA) and one LA officer, printing the
seconds and query counts. The national-scale data generator of the performance work will
replace the simple generator here. This is a script, not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--database-url", default="", help="postgres://… (default: SQLite)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="sendresolve-bench-")
    os.environ["SENDRESOLVE_ENV"] = "test"
    os.environ["SENDRESOLVE_VAR_DIR"] = tmp
    dbname = f"sendresolve_bench_{os.getpid()}"
    if args.database_url:
        import psycopg

        admin = psycopg.connect(args.database_url, autocommit=True)
        admin.execute(f'CREATE DATABASE "{dbname}"')
        base = args.database_url.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{base}/{dbname}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    try:
        return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.database_url:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


def run(args) -> int:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate, Issue, Outcome
    from sendresolve.reports.figures import ReportFilters, annual_return, mediation_report
    from sendresolve.tenancy.models import Commission, LocalAuthority, Membership, Provider

    call_command("migrate", verbosity=0)
    call_command("load_local_authorities", verbosity=0)
    rng = random.Random(args.seed)
    las = list(LocalAuthority.objects.all())
    provider = Provider.objects.create(name="Bench Mediation", slug="bench")
    Commission.objects.bulk_create(
        [
            Commission(provider=provider, local_authority=la, starts_on=dt.date(2014, 9, 1))
            for la in las
        ]
    )
    User = get_user_model()
    admin = User.objects.create(username="admin@bench", is_superuser=True)
    officer = User.objects.create(username="officer@bench")
    Membership.objects.create(user=officer, role="la_officer", local_authority=las[0])
    staff = User.objects.create(username="adviser@bench")

    started = time.perf_counter()
    start = dt.date(2016, 1, 1)
    batch = 5_000
    with transaction.atomic():
        for offset in range(0, args.cases, batch):
            size = min(batch, args.cases - offset)
            opened = [start + dt.timedelta(days=rng.randrange(3650)) for _ in range(size)]
            cases = Case.objects.bulk_create(
                [
                    Case(
                        reference=f"SR-B{offset + i:07d}"[:12],
                        provider=provider,
                        local_authority=rng.choice(las),
                        status="closed",
                        opened_on=day,
                        closed_on=day + dt.timedelta(days=40),
                        child_name="Synthetic",
                        requester="parent",
                        requester_name="Synthetic",
                    )
                    for i, day in enumerate(opened)
                ]
            )
            issues = Issue.objects.bulk_create(
                [
                    Issue(
                        case=c,
                        subject=rng.choice(
                            ["plan_provision", "refusal_to_assess", "plan_placement"]
                        ),
                    )
                    for c in cases
                ]
            )
            Outcome.objects.bulk_create(
                [
                    Outcome(
                        case=c,
                        issue=i,
                        result=rng.choice(["agreed", "partly_agreed", "not_agreed"]),
                    )
                    for c, i in zip(cases, issues, strict=True)
                ]
            )
            certificates, deadlines, events = [], [], []
            for n, case in enumerate(cases):
                concluded = case.opened_on + dt.timedelta(days=rng.randrange(20, 45))
                issued = concluded + dt.timedelta(days=rng.choice([1, 2, 3, 4, 6]))
                due = concluded + dt.timedelta(days=4)
                certificates.append(
                    Certificate(
                        case=case,
                        number=f"MC-B-{offset + n:08d}",
                        kind="mediation_concluded",
                        issued_on=issued,
                        issued_by=staff,
                        appeal_deadline=issued + dt.timedelta(days=30),
                        appeal_deadline_rule="synthetic",
                        pdf=b"",
                    )
                )
                common = {
                    "case": case,
                    "rule": "synthetic",
                    "duty_holder": "x",
                    "verification": "S",
                }
                deadlines.append(
                    CaseDeadline(
                        key="certificate_after_mediation",
                        deadline_id="certificate_after_mediation",
                        rule_id="MED-08",
                        title="Issue the certificate (mediation concluded)",
                        due_on=due,
                        met_on=issued,
                        state="met" if issued <= due else "breached",
                        responsible="provider",
                        **common,
                    )
                )
                held_due = case.opened_on + dt.timedelta(days=30)
                deadlines.append(
                    CaseDeadline(
                        key="mediation_held",
                        deadline_id="mediation_held",
                        rule_id="MED-05",
                        title="Hold the mediation",
                        due_on=held_due,
                        met_on=concluded,
                        state="met" if concluded <= held_due else "breached",
                        responsible="local_authority",
                        **common,
                    )
                )
                events.append(
                    CaseEvent(case=case, type="mediation_concluded", occurred_on=concluded)
                )
            Certificate.objects.bulk_create(certificates)
            CaseDeadline.objects.bulk_create(deadlines)
            CaseEvent.objects.bulk_create(events)
    created = time.perf_counter() - started
    vendor = connection.vendor
    print(f"{vendor}: {args.cases:,} cases created in {created:.1f} s")

    last_year = ReportFilters(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    ten_years = ReportFilters(dt.date(2016, 1, 1), dt.date(2025, 12, 31))
    today = dt.date(2026, 1, 1)
    if os.environ.get("BENCH_PROFILE"):
        profile_tables(admin, ten_years, today)
    for who, user in (("administrator (every LA)", admin), ("LA officer (one LA)", officer)):
        for label, call in (
            (
                "report, 1 financial year",
                lambda u=user: mediation_report(u, last_year, today=today),
            ),
            ("report, 10 years", lambda u=user: mediation_report(u, ten_years, today=today)),
            ("annual return 2024", lambda u=user: annual_return(u, year=2024)),
        ):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                result = call()
                seconds = time.perf_counter() - begun
            rows = result.tables[0].rows
            certificates = sum(row.get("certificates", 0) for row in rows)
            print(
                f"  {who:26} {label:26} {seconds:6.2f} s  {len(queries.captured_queries):3} queries"
                f"  certificates: {certificates:,}"
            )
    return 0


def profile_tables(user, filters, today) -> None:
    """With BENCH_PROFILE=1: the time each table of the report takes."""
    from sendresolve.reports import figures

    cases = figures.scoped_cases(user, filters)
    for name in (
        "mediation_by_la",
        "late_certificates",
        "outcomes_by_issue",
        "disagreement_resolution",
        "days_to_certificate",
    ):
        begun = time.perf_counter()
        getattr(figures, name)(cases, filters)
        print(f"    {name:26} {time.perf_counter() - begun:6.2f} s")
    begun = time.perf_counter()
    figures.agreed_actions(cases, filters, today=today)
    print(f"    {'agreed_actions':26} {time.perf_counter() - begun:6.2f} s")


if __name__ == "__main__":
    sys.exit(main())
