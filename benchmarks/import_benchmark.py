"""Benchmark importing a caseload: a dry run, the real run and a second, identical run.

Run: ``.venv/bin/python benchmarks/import_benchmark.py [--rows 10000] [--bad 50]
[--database-url postgres://…]``

Creates a throwaway database (a temporary SQLite file, or a new PostgreSQL database on the given
server), a provider commissioned by Barnet and Westminster, a generated file (``--rows`` rows,
``--bad`` of them deliberately bad, ``sendresolve/imports/generator.py``), then times the three
runs through ``imports.services.cases_import`` and prints what each reported. A script, not a
timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bad", type=int, default=50)
    parser.add_argument("--database-url", default="", help="postgres://… (default: SQLite)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="sendresolve-import-")
    os.environ["SENDRESOLVE_ENV"] = "test"
    os.environ["SENDRESOLVE_VAR_DIR"] = tmp
    dbname = f"sendresolve_import_{os.getpid()}"
    if args.database_url:
        import psycopg

        admin = psycopg.connect(args.database_url, autocommit=True)
        admin.execute(f'CREATE DATABASE "{dbname}"')
        os.environ["DATABASE_URL"] = f"{args.database_url.rsplit('/', 1)[0]}/{dbname}"
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


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from sendresolve.cases.models import Case, CaseDeadline
    from sendresolve.core import clock
    from sendresolve.imports.generator import as_xlsx, generate
    from sendresolve.imports.reading import file_read
    from sendresolve.imports.services import cases_import
    from sendresolve.tenancy.models import Commission, LocalAuthority, Provider

    call_command("migrate", verbosity=0)
    call_command("load_local_authorities", verbosity=0)
    provider = Provider.objects.create(name="Benchmark Mediation", slug="benchmark")
    for code in ("302", "213"):
        Commission.objects.create(
            provider=provider,
            local_authority=LocalAuthority.objects.get(dfe_code=code),
            starts_on=dt.date(2020, 4, 1),
        )
    today = clock.today()
    started = time.perf_counter()
    generated = generate(
        rows=args.rows, bad=args.bad, today=today, local_authorities=["302", "213"]
    )
    content = as_xlsx(generated)
    print(
        f"file: {args.rows} rows, {len(content) / 1e6:.1f} MB, "
        f"written in {time.perf_counter() - started:.1f} s"
    )

    def timed(label: str, **kwargs):
        started = time.perf_counter()
        data = file_read(content, "bench.xlsx")
        result = cases_import(
            actor=None, provider=provider, data=data, file_name="bench.xlsx", **kwargs
        )
        seconds = time.perf_counter() - started
        checked = result.checked
        print(
            f"{label}: {seconds:.1f} s; bad rows {len(checked.bad_rows)} "
            f"(exactly the generated ones: {checked.bad_rows == set(generated.bad)}); "
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}; "
            f"cases {Case.objects.count()}, deadlines {CaseDeadline.objects.count()}, "
            f"overdue {result.overdue_count}"
        )
        return seconds

    timed("dry run", dry_run=True)
    first = timed("real run")
    timed("second run")
    print(f"10,000-case target under 120 s: {'met' if first < 120 else 'NOT met'} ({first:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
