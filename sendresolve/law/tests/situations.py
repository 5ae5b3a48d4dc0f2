"""Random route-finder situations of every shape the situation schema allows, for the fast
schema check's tests and for ``benchmarks/law_benchmark.py`` (one generator, here in the law
core's tests, so the tests import nothing from outside the package)."""

from __future__ import annotations

import datetime as dt
import random

from sendresolve.law.deadlines import DATE_KEYS
from sendresolve.law.schemas import load_schema

LAST = dt.date(2060, 12, 31).toordinal()


def random_situation(rng: random.Random) -> dict:
    props = load_schema("situation")["properties"]
    age = rng.randint(0, 25)
    requester = "young_person" if age >= 16 and rng.random() < 0.5 else "parent"
    today = dt.date.fromordinal(rng.randint(dt.date(2015, 1, 1).toordinal(), LAST))
    dates = {}
    for key in rng.sample(DATE_KEYS, rng.randint(0, 4)):
        dates[key] = (today - dt.timedelta(days=rng.randint(0, 120))).isoformat()
    return {
        "today": today.isoformat(),
        "age": age,
        "requester": requester,
        "has_ehc_plan": rng.random() < 0.6,
        "with": rng.sample(props["with"]["items"]["enum"], rng.randint(1, 3)),
        "about": rng.sample(props["about"]["items"]["enum"], rng.randint(1, 3)),
        "dates": dates,
    }
