"""National-scale page benchmark: latency and throughput of each page against a real gunicorn.

Run: ``.venv/bin/python benchmarks/national_benchmark.py --database-url URL [--seconds 10]
[--users 4] [--report-requests 5] [--pages SUBSTRINGS] [--markdown] [--strict]``

``URL`` is an existing database filled by ``manage.py generate_national`` (say, 500,000 cases):
``sqlite:////work/national/sqlite.sqlite3`` or ``postgres://postgres@127.0.0.1:5432/<name>``.
It is served as it is, not migrated or regenerated; the script adds only what it needs to sign
in, idempotently: an administrator, an LA officer for the LA with the most open cases of the
adviser's provider, sessions (with a verified second factor) for them and the adviser, and an
API token for the adviser (earlier benchmark tokens are revoked); and, since the generator
assigns every case, it leaves the newest open cases of the adviser's providers unassigned (40 in
all), as new requests are, for the queue's "New and unassigned". Staff case pages and API
case details are audited, so each of those requests adds an audit event. The settings put a
SQLite file in WAL mode (it stays so).

gunicorn serves it (2 workers, production settings over plain HTTP on loopback) and locust, used
as a library, measures one page at a time:

- the floor: ``/healthz/floor``, a Django view through every middleware with no database, no
  template, the least any page can cost on this server;
- staff pages, as the adviser (``--adviser``, default ``adviser01@national-01.national``): the
  work queue's first page (with its "New and unassigned" section), filtered by the LA, by
  overdue and by unassigned (the triage view), and case pages (rotating over ten
  open cases);
- the family "what you can do" page, with a browser that has answered the route finder;
- the API, with the adviser's token: the case list, filtered by the LA, and case details;
- the reports, as the administrator (every LA) and the LA officer: one financial year, ten
  years, and the annual return.

``--pages advice,case page`` runs only the pages whose label contains one of the comma-separated
substrings (and the floor, always, first).

Pages run ``--users`` concurrent clients without pauses for ``--seconds``, after ``--warmup``
seconds that are not counted; reports, which are slow, run ``--report-requests`` requests one at
a time after one that is not counted. Every response must be a 200 (staff pages signed in).
Prints, per page: requests, failures, p50, p95 and max latency (ms), requests per second and
its ratio to the floor's; then PASS or FAIL for each target of the national-scale issues
(issue 26): every staff page and API read p95 at most 75 ms, the API case list (first and last
pages, cursor-paged) at most 100 ms, one LA-month's billing run (timed once before the server
starts) at most 2 s, each report under 500 ms (p95, or the slowest request when
there are fewer than 20), the family advice page at least half the floor's requests per second.
Exits 1 if any request failed; a missed target exits 0 unless ``--strict``. (gunicorn's worker
timeout is raised to 120 s, so that a slow report is measured rather than cut off.)
"""

from __future__ import annotations

if __name__ == "__main__":
    # locust patches the standard library for gevent when it is imported: before the harness
    # (and anything it imports) opens sockets. Not in the Django process that runs ``_prepare``.
    import locust  # noqa: F401

import argparse
import contextlib
import dataclasses
import itertools
import math
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Database, django_call, existing_database, exit_on_sigterm, served  # noqa: E402

ADVISER = "adviser01@national-01.national"
ADMINISTRATOR = "administrator@national-benchmark.test"
LA_OFFICER = "la-officer-{code}@national-benchmark.test"
FINANCE = "finance-{slug}@national-benchmark.test"
COORDINATOR = "coordinator@{slug}.national"  # made by ``generate_national`` (its extras)
TOKEN_NAME = "national benchmark"  # noqa: S105 (what the API token is called)
# Open cases of the adviser's providers left unassigned, as new requests are (``_prepare``).
UNASSIGNED = 40
SIGNED_IN = "/staff/sign-out/"  # the sign-out form on every signed-in staff page
TIMEOUT = 120
FINANCIAL_YEAR = ("2025-04-01", "2026-03-31")
TEN_YEARS = ("2016-12-01", "2026-11-30")
ANNUAL_RETURN_YEAR = 2025
# Issue 26's targets: every staff page and API read, the API case list, any report, and one
# LA-month's billing run (timed once, in ``_prepare``).
PAGE_P95_MS = 75
LIST_P95_MS = 100
REPORT_MS = 500
BILLING_RUN_S = 2.0
ADVICE_FLOOR_SHARE = 0.5
FEW = 20  # below this many requests a report is judged by its slowest


@dataclasses.dataclass
class Page:
    name: str
    paths: list[str]
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    check: Callable[[object], str] | None = None  # the response -> what is wrong, or ""
    one_at_a_time: bool = False  # reports: a number of requests in turn, not a duration
    target: str = ""  # "p95" (staff pages, API reads), "list" (API case list), "report", "advice"


@dataclasses.dataclass
class Result:
    page: Page
    times: list[float]  # ms, counted requests only
    failures: int  # counted and warm-up alike
    seconds: float
    errors: list[str]

    def percentile(self, q: float) -> float:
        """Nearest rank: the smallest time that ``q`` of the requests took at most."""
        if not self.times:
            return 0.0
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    @property
    def rps(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0


def report_query(date_from: str, date_to: str) -> str:
    """The report form's query: each date as day, month and year boxes (``GovDateField``)."""
    parts = []
    for field, value in (("date_from", date_from), ("date_to", date_to)):
        year, month, day = value.split("-")
        parts.append(f"{field}_0={int(day)}&{field}_1={int(month)}&{field}_2={year}")
    return "&".join(parts)


def pages(fixtures: dict) -> list[Page]:
    code = fixtures["local_authority"]
    refs = fixtures["references"]

    def cookie(jar: dict) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}

    adviser = cookie(fixtures["cookies"]["adviser"])
    bearer = {"Authorization": f"Bearer {fixtures['token']}", "Accept": "application/json"}
    result = [
        Page("floor /healthz/floor", ["/healthz/floor"], check=_is_floor),
        Page("work queue /staff/", ["/staff/"], adviser, _signed_in, target="p95"),
        Page(
            f"work queue ?local_authority={code}",
            [f"/staff/?local_authority={code}"],
            adviser,
            _signed_in,
            target="p95",
        ),
        Page(
            "work queue ?deadline=overdue",
            ["/staff/?deadline=overdue"],
            adviser,
            _signed_in,
            target="p95",
        ),
        Page(
            "triage: work queue ?assignee=none",
            ["/staff/?assignee=none"],
            adviser,
            _signed_in,
            target="p95",
        ),
        Page(
            "case page /staff/cases/[ref]/",
            [f"/staff/cases/{r}/" for r in refs],
            adviser,
            _signed_in,
            target="p95",
        ),
        Page(
            "family advice /find/what-you-can-do/",
            ["/find/what-you-can-do/"],
            cookie(fixtures["cookies"]["family"]),
            target="advice",
        ),
        Page(
            "documents /staff/cases/[ref]/documents/",
            [f"/staff/cases/{r}/documents/" for r in refs],
            adviser,
            _signed_in,
            target="p95",
        ),
        Page(
            "contact log entry /staff/cases/[ref]/contacts/new/",
            [f"/staff/cases/{r}/contacts/new/" for r in refs],
            adviser,
            _signed_in,
            target="p95",
        ),
        # The coordinator the national extras add sees every mediator of the provider (an
        # adviser sees no diary but their own); the week is the busiest mediator's this week.
        Page(
            "diary /staff/diary/ (coordinator)",
            ["/staff/diary/"],
            cookie(fixtures["cookies"]["coordinator"]),
            _signed_in,
            target="p95",
        ),
        *(
            [
                Page(
                    "diary week /staff/diary/mediators/[pk]/week/ (coordinator)",
                    [f"/staff/diary/mediators/{fixtures['mediator']}/week/"],
                    cookie(fixtures["cookies"]["coordinator"]),
                    _signed_in,
                    target="p95",
                )
            ]
            if fixtures.get("mediator")
            else []
        ),
        Page(
            "invoices /staff/billing/ (finance)",
            ["/staff/billing/"],
            cookie(fixtures["cookies"]["finance"]),
            _signed_in,
            target="p95",
        ),
        Page("API GET /api/v1/cases", ["/api/v1/cases"], bearer, _is_json, target="list"),
        Page(
            f"API GET /api/v1/cases?local_authority={code}",
            [f"/api/v1/cases?local_authority={code}"],
            bearer,
            _is_json,
            target="list",
        ),
        Page(
            "API GET /api/v1/cases?unassigned=true",
            ["/api/v1/cases?unassigned=true"],
            bearer,
            _is_json,
            target="list",
        ),
        Page(
            "API GET /api/v1/cases, last pages (cursor)",
            [f"/api/v1/cases?cursor={fixtures['last_cursor']}"],
            bearer,
            _is_json,
            target="list",
        ),
        Page(
            "API GET /api/v1/cases/[ref]",
            [f"/api/v1/cases/{r}" for r in refs],
            bearer,
            _is_json,
            target="p95",
        ),
    ]
    reports = [
        ("report, financial year", f"/staff/reports/?{report_query(*FINANCIAL_YEAR)}"),
        ("report, ten years", f"/staff/reports/?{report_query(*TEN_YEARS)}"),
        (
            f"annual return {ANNUAL_RETURN_YEAR}",
            f"/staff/reports/annual-return/?year={ANNUAL_RETURN_YEAR}",
        ),
    ]
    for who, label in (("administrator", "admin"), ("la_officer", f"LA {code}")):
        headers = cookie(fixtures["cookies"][who])
        for name, path in reports:
            result.append(
                Page(
                    f"{name} ({label})",
                    [path],
                    headers,
                    _signed_in,
                    one_at_a_time=True,
                    target="report",
                )
            )
    return result


def chosen(all_pages: list[Page], wanted: str) -> list[Page]:
    """The floor and the pages whose label contains one of the comma-separated ``wanted``
    substrings (every page when ``wanted`` is empty)."""
    substrings = [s.strip() for s in wanted.split(",") if s.strip()]
    if not substrings:
        return all_pages
    floor, *rest = all_pages
    picked = [page for page in rest if any(s in page.name for s in substrings)]
    if not picked:
        raise SystemExit(f"No page label contains any of {substrings}")
    return [floor, *picked]


def _signed_in(response) -> str:
    return "" if SIGNED_IN in response.text else "not signed in"


def _is_json(response) -> str:
    kind = response.headers.get("content-type", "")
    return "" if kind.startswith("application/json") else f"not JSON: {kind}"


def _is_floor(response) -> str:
    return "" if response.text == "ok\n" else "not the floor view"


def measure(
    base_url: str, page: Page, *, users: int, seconds: float, warmup: float, requests: int
) -> Result:
    """Run one page: ``users`` clients for ``seconds`` after ``warmup`` seconds, or (reports)
    ``requests`` requests one at a time after one that is not counted."""
    import gevent
    from locust import FastHttpUser, constant, task
    from locust.env import Environment

    state = {"counting": False, "issued": 0, "done": 0, "started": 0.0}
    times: list[float] = []
    errors: list[str] = []
    failures = 0
    paths = itertools.cycle(page.paths)
    fixed = page.one_at_a_time
    total = requests + 1  # and the one not counted

    class PageUser(FastHttpUser):
        host = base_url
        wait_time = constant(0)
        network_timeout = TIMEOUT
        connection_timeout = TIMEOUT

        @task
        def visit(self):
            if fixed and state["issued"] >= total:
                gevent.sleep(0.05)
                return
            state["issued"] += 1
            path = next(paths)
            with self.client.get(
                path,
                name=page.name,
                headers=page.headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                problem = ""
                if response.status_code != 200:
                    text = " ".join((response.text or "").split())[:120]
                    problem = f"{response.status_code} {path}: {text}"
                elif page.check:
                    problem = page.check(response)
                if problem:
                    response.failure(problem)
                else:
                    response.success()

    env = Environment(user_classes=[PageUser], host=base_url)

    def on_request(response_time, exception, **_):
        nonlocal failures
        state["done"] += 1
        if exception is not None:
            failures += 1
            if len(errors) < 5:
                errors.append(str(exception))
        if state["counting"]:
            times.append(response_time)
        elif fixed:
            # One-at-a-time runs: the first request warms up; counting starts after it.
            state["counting"] = True
            state["started"] = time.monotonic()

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    concurrency = 1 if fixed else users
    runner.start(concurrency, spawn_rate=concurrency)
    if fixed:
        deadline = time.monotonic() + TIMEOUT * total
        while state["done"] < total and time.monotonic() < deadline:
            gevent.sleep(0.01)
        elapsed = time.monotonic() - state["started"]
    else:
        gevent.sleep(warmup)
        state["counting"] = True
        begun = time.monotonic()
        gevent.sleep(seconds)
        state["counting"] = False
        elapsed = time.monotonic() - begun
    runner.quit()
    runner.greenlet.join()
    for exception in runner.exceptions.values():
        failures += exception["count"]
        errors.append(exception["msg"])
    return Result(page, times, failures, elapsed, errors)


def family_session(base_url: str, council: str) -> dict[str, str]:
    """Cookies of a family who has answered every route finder question (as a browser does)."""
    import requests
    from load_test import finder_pages

    session = requests.Session()
    session.get(f"{base_url}/find/council/", timeout=TIMEOUT).raise_for_status()
    for slug, answer in finder_pages():
        data = {"council": council} if slug == "council" else answer
        data["csrfmiddlewaretoken"] = session.cookies.get("csrftoken", "")
        response = session.post(
            f"{base_url}/find/{slug}/", data=data, allow_redirects=False, timeout=TIMEOUT
        )
        if response.status_code != 302:
            raise RuntimeError(f"route finder {slug}: {response.status_code}, expected 302")
    response = session.get(
        f"{base_url}/find/what-you-can-do/", allow_redirects=False, timeout=TIMEOUT
    )
    if response.status_code != 200:
        raise RuntimeError(f"advice page: {response.status_code} after the route finder")
    return session.cookies.get_dict()


def table(results: list[Result], *, markdown: bool = False) -> list[str]:
    floor = results[0].rps or 1.0
    columns = ("page", "requests", "failures", "p50 ms", "p95 ms", "max ms", "rps", "rps/floor")
    rows = [
        (
            r.page.name,
            str(len(r.times)),
            str(r.failures),
            f"{r.percentile(0.5):.0f}",
            f"{r.percentile(0.95):.0f}",
            f"{max(r.times, default=0):.0f}",
            f"{r.rps:.1f}",
            f"{r.rps / floor:.2f}",
        )
        for r in results
    ]
    if markdown:
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(["---"] + ["--:"] * 7) + "|"]
        return lines + ["| " + " | ".join(row) + " |" for row in rows]
    width = max(len(c[0]) for c in [columns, *rows])
    fmt = f"{{:{width}}} " + " ".join(f"{{:>{max(len(c), 7)}}}" for c in columns[1:])
    header = fmt.format(*columns)
    return [header, "-" * len(header), *(fmt.format(*row) for row in rows)]


def verdicts(results: list[Result]) -> list[tuple[bool, str]]:
    floor = results[0].rps
    out = []
    for r in results:
        if r.page.target in ("p95", "list"):
            p95, limit = r.percentile(0.95), PAGE_P95_MS if r.page.target == "p95" else LIST_P95_MS
            out.append((p95 <= limit, f"{r.page.name}: p95 {p95:.0f} ms <= {limit}"))
        elif r.page.target == "report":
            statistic = "p95" if len(r.times) >= FEW else "max"
            value = r.percentile(0.95) if statistic == "p95" else max(r.times, default=0)
            out.append(
                (value < REPORT_MS, f"{r.page.name}: {statistic} {value:.0f} ms < {REPORT_MS}")
            )
        elif r.page.target == "advice":
            out.append(
                (
                    r.rps >= ADVICE_FLOOR_SHARE * floor,
                    f"{r.page.name}: {r.rps:.1f} rps >= {ADVICE_FLOOR_SHARE:g} x floor "
                    f"{floor:.1f} rps ({r.rps / floor if floor else 0:.2f} x)",
                )
            )
    return out


@contextlib.contextmanager
def database(url: str) -> Iterator[Database]:
    """The database at ``url``, served as it is (``harness.existing_database``). A SQLite file
    named by URL gets the settings' SQLite pragmas (WAL mode, busy timeout, page cache, mmap)."""
    with existing_database(url) as db:
        if url.startswith("sqlite:"):
            path = Path(url.removeprefix("sqlite://")[1:])  # sqlite:////absolute, ///relative
            if not path.is_file():
                raise SystemExit(f"No SQLite database at {path}")
            db = dataclasses.replace(db, vendor="sqlite", name=str(path))
        yield db


def _load() -> str:
    """The machine's 1-minute load average: other work on it slows every page alike."""
    return f"{os.getloadavg()[0]:.1f}"


def run(args) -> int:
    started = time.monotonic()
    with database(args.database_url) as db:
        fixtures = django_call(
            db, "national_benchmark:_prepare", adviser=args.adviser, references=args.cases
        )
        # A slow report is measured rather than cut off at the harness's 60 s worker timeout.
        timeout = ("--timeout", str(TIMEOUT))
        with served(db, workers=args.workers, gunicorn_args=timeout) as server:
            fixtures["cookies"]["family"] = family_session(
                server.base_url, fixtures["local_authority"]
            )
            print(
                f"national benchmark on {db.vendor} {db.name}: {fixtures['cases']:,} cases "
                f"({fixtures['open_cases']:,} open for {args.adviser}), LA "
                f"{fixtures['local_authority']} ({fixtures['local_authority_name']}); "
                f"{args.workers} gunicorn workers at {server.base_url}, ready in "
                f"{time.monotonic() - started:.0f} s; {args.users} users x {args.seconds:g} s "
                f"per page, reports {args.report_requests} x 1; load average {_load()}"
            )
            results = []
            for page in chosen(pages(fixtures), args.pages):
                result = measure(
                    server.base_url,
                    page,
                    users=args.users,
                    seconds=args.seconds,
                    warmup=args.warmup,
                    requests=args.report_requests,
                )
                results.append(result)
                print(f"  {page.name}: {len(result.times)} requests", flush=True)
            log_tail = server.log_tail(20)
    print(f"load average at the end {_load()} ({os.cpu_count()} CPUs)")
    print("\n".join(table(results)))
    if args.markdown:
        print()
        print("\n".join(table(results, markdown=True)))
    print()
    checks = verdicts(results)
    billing = fixtures["billing_run_seconds"]
    checks.append(
        (
            billing <= BILLING_RUN_S,
            f"billing run, one LA-month ({fixtures['billing_run']}): {billing:.2f} s "
            f"<= {BILLING_RUN_S:g}",
        )
    )
    for passed, text in checks:
        print(f"{'PASS' if passed else 'FAIL'} {text}")
    missed = sum(not passed for passed, _ in checks)
    print(f"targets: {len(checks) - missed} met, {missed} missed")
    failed = sum(r.failures for r in results)
    for r in results:
        for error in r.errors:
            print(f"  failure: {r.page.name}: {error}")
    if failed:
        print(f"{failed} requests failed. gunicorn log (last lines):\n{log_tail}")
        return 1
    if any(not r.times for r in results):
        print("A page made no request.")
        return 1
    return 1 if missed and args.strict else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        required=True,
        help="the generated database: sqlite:////path/file.sqlite3 or postgres://…/name",
    )
    parser.add_argument("--seconds", type=float, default=10, help="counted seconds per page")
    parser.add_argument("--users", type=int, default=4, help="concurrent clients per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds per page not counted")
    parser.add_argument("--report-requests", type=int, default=5, help="requests per report")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--adviser", default=ADVISER, help="the staff user of the staff pages")
    parser.add_argument("--cases", type=int, default=10, help="open cases to rotate over")
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated substrings of the page labels to run (the floor always runs)",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    exit_on_sigterm()
    return run(args)


# -- run inside the Django process (``django_call``) ------------------------------------------


def _prepare(adviser: str, references: int) -> dict:
    """Sign-in for each persona, the LA to filter by and the cases to open; idempotent."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count
    from harness import _api_token, _staff_session

    from sendresolve.api.models import ApiToken
    from sendresolve.api.services import api_token_revoke
    from sendresolve.cases.models import Case
    from sendresolve.cases.selectors import cases_for
    from sendresolve.cases.states import OPEN
    from sendresolve.core import clock
    from sendresolve.tenancy.roles import Role
    from sendresolve.tenancy.selectors import local_authorities_for
    from sendresolve.tenancy.services import membership_grant

    users = get_user_model()
    staff = users.objects.get(username=adviser)
    open_cases = cases_for(staff).filter(status__in=OPEN)
    served = local_authorities_for(staff, on=clock.today())
    busiest = (
        open_cases.filter(local_authority__in=served)
        .values("local_authority")
        .annotate(n=Count("pk"))
        .order_by("-n", "local_authority")
        .first()
    )
    if busiest is None:
        raise RuntimeError(f"{adviser} has no open case in an LA their provider serves")
    la = served.get(pk=busiest["local_authority"])

    def user(username: str):
        found, _ = users.objects.get_or_create(
            username=username, defaults={"email": username, "password": make_password(None)}
        )
        return found

    administrator = user(ADMINISTRATOR)
    membership_grant(actor=None, user=administrator, role=Role.ADMINISTRATOR)
    provider = staff.memberships.exclude(provider=None).first().provider
    finance = user(FINANCE.format(slug=provider.slug))
    membership_grant(actor=None, user=finance, role=Role.FINANCE, provider=provider)
    billing_label, billing_seconds = _billing_run_timed(provider, la)
    # ``generate_national --extras-only`` adds the coordinator; without it, the adviser.
    coordinator = users.objects.filter(username=COORDINATOR.format(slug=provider.slug)).first()
    diary_user = coordinator.username if coordinator is not None else adviser
    officer = user(LA_OFFICER.format(code=la.dfe_code))
    membership_grant(actor=None, user=officer, role=Role.LA_OFFICER, local_authority=la)
    for token in ApiToken.objects.filter(user=staff, name=TOKEN_NAME, revoked_at=None):
        api_token_revoke(actor=None, token=token)
    # "New and unassigned" (the queue's triage section and ``?assignee=none``): the generator
    # assigns every case, so the newest open cases of the adviser's providers are left
    # unassigned, as new requests would be, until there are ``UNASSIGNED`` of them.
    unassigned = open_cases.filter(provider_id__in=staff.memberships.values("provider_id"))
    missing = UNASSIGNED - unassigned.filter(assigned_to__isnull=True).count()
    if missing > 0:
        newest = unassigned.exclude(assigned_to__isnull=True).order_by("-opened_on", "-pk")
        Case.objects.filter(pk__in=list(newest.values_list("pk", flat=True)[:missing])).update(
            assigned_to=None
        )
    return {
        "cases": Case.objects.count(),
        "open_cases": open_cases.count(),
        "local_authority": la.dfe_code,
        "local_authority_name": la.name,
        "references": list(
            open_cases.order_by("reference").values_list("reference", flat=True)[:references]
        ),
        "token": _api_token(adviser, TOKEN_NAME),
        # A cursor a page from the oldest of the adviser's cases: the list's last pages.
        "last_cursor": _cursor_near_the_end(cases_for(staff)),
        "billing_run": billing_label,
        "billing_run_seconds": billing_seconds,
        "mediator": _busiest_mediator(provider),
        "cookies": {
            "adviser": _staff_session(adviser),
            "coordinator": _staff_session(diary_user),
            "administrator": _staff_session(ADMINISTRATOR),
            "la_officer": _staff_session(officer.username),
            "finance": _staff_session(finance.username),
        },
    }


def _busiest_mediator(provider) -> int | None:
    """The provider's mediator with the most meetings booked this week (None: no diary)."""
    import datetime as dt

    from django.db.models import Count, Q

    from sendresolve.core import clock
    from sendresolve.diary.availability import at
    from sendresolve.diary.models import MediatorProfile
    from sendresolve.diary.week import monday_of

    monday = monday_of(clock.today())
    this_week = Q(
        bookings__session__starts_at__gte=at(monday, dt.time(0)),
        bookings__session__starts_at__lt=at(monday + dt.timedelta(days=7), dt.time(0)),
    )
    busiest = (
        MediatorProfile.objects.filter(provider=provider)
        .annotate(n=Count("bookings", filter=this_week))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return busiest


def _cursor_near_the_end(cases) -> str:
    """The API list's cursor (DRF's: base64 of ``p=<id>``) 50 cases before the oldest."""
    import base64
    from urllib.parse import quote, urlencode

    ids = list(cases.order_by("id").values_list("id", flat=True)[:51])
    encoded = base64.b64encode(urlencode({"p": str(ids[-1])}).encode()).decode()
    return quote(encoded)


def _billing_run_timed(provider, la) -> tuple[str, float]:
    """One billing run for the busiest LA's last full month (a draft, made again each time),
    as the system (no actor: the benchmark's administrator keeps no provider's books)."""
    import datetime as dt

    from sendresolve.billing.services import billing_run
    from sendresolve.core import clock

    month = (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    begun = time.perf_counter()
    invoice = billing_run(actor=None, provider=provider, local_authority=la, month=month)
    seconds = time.perf_counter() - begun
    return f"{la.name}, {month:%B %Y}, {invoice.lines.count()} lines", seconds


if __name__ == "__main__":
    sys.exit(main())
