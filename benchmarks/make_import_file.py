"""Write a synthetic import file with deliberately bad rows (deterministic).

Run: ``.venv/bin/python benchmarks/make_import_file.py --rows 10000 --bad 50 --out cases.xlsx``

An ``.xlsx`` gets the "Cases" and "Events" sheets; a ``.csv`` the cases, with the events in
``<name>-events.csv`` beside it. Prints the bad rows and their kinds (see
``sendresolve/imports/generator.py``). The same seed, today and councils give the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    import os

    os.environ.setdefault("SENDRESOLVE_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from sendresolve.imports.generator import as_csv, as_xlsx, generate
    from sendresolve.imports.template import CASE_COLUMNS, EVENT_COLUMNS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bad", type=int, default=50)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())  # noqa: DTZ011
    parser.add_argument("--councils", default="302", help="DfE codes, comma-separated")
    args = parser.parse_args()
    data = generate(
        rows=args.rows,
        bad=args.bad,
        today=args.today,
        local_authorities=args.councils.split(","),
        seed=args.seed,
    )
    out = Path(args.out)
    if out.suffix.lower() == ".csv":
        out.write_bytes(as_csv(data.cases, CASE_COLUMNS))
        out.with_name(f"{out.stem}-events.csv").write_bytes(as_csv(data.events, EVENT_COLUMNS))
    else:
        out.write_bytes(as_xlsx(data))
    print(f"{out}: {len(data.cases)} cases, {len(data.events)} events, {len(data.bad)} bad rows")
    for row, kind in sorted(data.bad.items()):
        print(f"  row {row}: {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
