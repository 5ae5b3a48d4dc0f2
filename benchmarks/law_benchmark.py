"""Benchmark the law core: deadline and route-decision throughput, and a correctness check.

Run: ``.venv/bin/python benchmarks/law_benchmark.py [--seed N] [--compare N]``

Prints, on one core:

* working-day deadline computations per second (``ENG_WD.add_working_days``), plus full
  ``Deadline`` objects with their rule text, and appeal deadlines (months + HESC r.12);
* route decisions per second (``advise`` on random valid situations);
* a comparison of the working-day arithmetic with a straightforward day-by-day loop over the
  same ``holidays`` calendar on 100,000 random dates: identical answers and mismatches.

Exits 1 if any answer differs or fewer than 100,000 working-day computations per second are
reached. This is a script, not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import holidays  # noqa: E402

from sendresolve.law.clocks import appeal_deadline  # noqa: E402
from sendresolve.law.routes import advise  # noqa: E402
from sendresolve.law.rules import deadline_for  # noqa: E402
from sendresolve.law.tests.situations import random_situation  # noqa: E402
from sendresolve.law.working_days import ENG_WD  # noqa: E402

TARGET_PER_SECOND = 100_000
FIRST = dt.date(2000, 1, 1).toordinal()
LAST = dt.date(2060, 12, 31).toordinal()


def random_dates(rng: random.Random, count: int) -> list[dt.date]:
    return [dt.date.fromordinal(rng.randint(FIRST, LAST)) for _ in range(count)]


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def bench_working_days(rng: random.Random, count: int) -> float:
    pairs = [(day, rng.randint(1, 30)) for day in random_dates(rng, count)]
    add = ENG_WD.add_working_days
    start = time.perf_counter()
    for day, n in pairs:
        add(day, n)
    return rate(count, time.perf_counter() - start)


def bench_full_deadlines(rng: random.Random, count: int) -> tuple[float, float]:
    days = random_dates(rng, count)
    start = time.perf_counter()
    for day in days:
        deadline_for("MED-02", day)
    full = rate(count, time.perf_counter() - start)
    start = time.perf_counter()
    for day in days:
        appeal_deadline(day)
    return full, rate(count, time.perf_counter() - start)


def bench_routes(rng: random.Random, count: int) -> float:
    situations = [random_situation(rng) for _ in range(count)]
    start = time.perf_counter()
    for situation in situations:
        advise(situation)
    return rate(count, time.perf_counter() - start)


def naive_add_working_days(day: dt.date, count: int, holiday_dates) -> dt.date:
    """The obvious loop: step one day at a time, counting weekdays that are not holidays."""
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holiday_dates:
            count -= 1
    return day


def compare(rng: random.Random, count: int) -> tuple[int, list[str]]:
    source = holidays.country_holidays("GB", subdiv="ENG", years=range(1999, 2063))
    holiday_dates = frozenset(source)
    identical = 0
    mismatches: list[str] = []
    for day in random_dates(rng, count):
        n = rng.randint(1, 30)
        fast = ENG_WD.add_working_days(day, n)
        slow = naive_add_working_days(day, n, holiday_dates)
        if fast == slow:
            identical += 1
        else:
            mismatches.append(f"{day} + {n} WD: fast {fast}, day-by-day {slow}")
    return identical, mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240329)
    parser.add_argument("--compare", type=int, default=100_000, help="dates to cross-check")
    parser.add_argument("--deadlines", type=int, default=300_000)
    parser.add_argument("--routes", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    ENG_WD.add_working_days(dt.date(2024, 1, 1), 1)  # build the tables before timing
    advise(random_situation(rng))

    wd_rate = bench_working_days(rng, args.deadlines)
    full_rate, appeal_rate = bench_full_deadlines(rng, 20_000)
    route_rate = bench_routes(rng, args.routes)
    identical, mismatches = compare(rng, args.compare)

    print("SEND Resolve law core benchmark (one core)")
    print(f"  working-day deadline computations/sec : {wd_rate:>12,.0f}")
    print(f"  full MED-02 Deadline objects/sec       : {full_rate:>12,.0f}")
    print(f"  appeal deadlines (APP-01 + r.12)/sec   : {appeal_rate:>12,.0f}")
    print(f"  route decisions/sec                    : {route_rate:>12,.0f}")
    print(f"  day-by-day comparison on {args.compare:,} random dates:")
    print(f"    identical  : {identical:,}")
    print(f"    mismatches : {len(mismatches):,}")
    for line in mismatches[:10]:
        print(f"      {line}")

    ok = not mismatches and wd_rate >= TARGET_PER_SECOND
    if wd_rate < TARGET_PER_SECOND:
        print(f"FAIL: fewer than {TARGET_PER_SECOND:,} working-day computations per second")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
