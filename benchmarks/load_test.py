"""Load test: family pages, staff pages and API writes against a real gunicorn, driven by locust.

Run: ``.venv/bin/python benchmarks/load_test.py [--database sqlite|postgres] [--seconds N]
[--users N] [--seed demo|minimal] [--servers N] [--redis URL]``

A throwaway database (``harness.throwaway_database``) is migrated and seeded (the full demo, or
with ``--seed minimal`` ten cases of one provider, quicker to make), then served by gunicorn (2
workers, production settings over plain HTTP on loopback). locust, used as a library, runs three
kinds of simulated user for ``--seconds``, after a ``--warmup`` that is not counted:

- families (half the users): the route finder from the start page through every question
  (with the CSRF token, as a browser posts them), check your answers and the "what you can do"
  page; and a family status page through a real signed link;
- staff (a quarter): the work queue and case pages, signed in as the provider's adviser (a
  session made server-side, with a verified second factor when two-factor sign-in is on);
- API clients (a quarter): with a bearer token, open a case, record advice given on it, and add
  confidential notes (``POST /api/v1/cases``, ``…/actions``, ``…/notes``).

With ``--servers N`` (issue 26) N gunicorn instances on N ports serve the same database and
share one Redis as their cache (``--redis``, by default ``redis://127.0.0.1:6379/6``), as app
servers behind a load balancer; each simulated user is given a server in turn (round-robin), and
requests and failures are printed per server too.

Every response must have the exact status expected (and staff pages must be signed in); any
other status, a 5xx or a connection error counts as a failure. Prints requests, failures, p50,
p95 and requests per second per endpoint and in total; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

# locust patches the standard library for gevent when it is imported: before the harness (and
# anything it imports) opens sockets.
import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    MINIMAL_PROVIDER,
    MINIMAL_USER,
    RoundRobin,
    django_calls,
    exit_on_sigterm,
    served_many,
    shared_redis,
    throwaway_database,
)

# Who works as staff and through the API, for each seed: (username, provider slug). Both seeds
# have Barnet commission that provider.
ACTORS = {
    # The provider's manager: confidential notes are the mediator's and the manager's (issue 23).
    "demo": ("manager@global.demo", "global-mediation"),
    "minimal": (MINIMAL_USER, MINIMAL_PROVIDER),
}
COUNCIL = "302"  # Barnet
TIMEOUT = 30
SIGNED_IN = "/staff/sign-out/"  # the sign-out form on every signed-in staff page

# Filled in before the users start.
FIXTURES: dict = {}
_serial = itertools.count(1)
# Requests and failures per server ("127.0.0.1:port"), from locust's request event.
PER_SERVER: dict[str, Counter] = {"requests": Counter(), "failures": Counter()}


@events.request.add_listener
def _count_per_server(url: str = "", exception: BaseException | None = None, **_) -> None:
    server = urlsplit(url).netloc
    PER_SERVER["requests"][server] += 1
    if exception is not None:
        PER_SERVER["failures"][server] += 1


class SpreadUser(HttpUser):
    """A user served by one of the servers, each new user by the next one (round-robin)."""

    abstract = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.host = FIXTURES["servers"].next()
        self.client.base_url = self.host


def expect(client, method: str, path: str, status: int, *, name: str | None = None, **kwargs):
    """Make a request that fails unless it answers exactly ``status``."""
    with client.request(
        method,
        path,
        name=name or path,
        allow_redirects=False,
        timeout=TIMEOUT,
        catch_response=True,
        **kwargs,
    ) as response:
        if response.status_code != status:
            text = " ".join(response.text.split())[:160]
            response.failure(f"{response.status_code}, expected {status}: {text}")
        elif name and name.startswith("/staff/") and SIGNED_IN not in response.text:
            response.failure("not signed in")
        else:
            response.success()
        return response


def london_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/London")).date()


def finder_pages() -> list[tuple[str, dict]]:
    """A parent whose council will not make an EHC plan: every question page and its answer."""
    letter = london_today() - dt.timedelta(days=7)
    return [
        ("council", {"council": COUNCIL}),
        ("who", {"who": "parent"}),
        ("age", {"age": "9"}),
        ("plan", {"plan": "no"}),
        ("who-with", {"with": "local_authority"}),
        ("about", {"about": "refusal_to_issue_plan"}),
        (
            "letter-date",
            {
                "decision_letter_0": str(letter.day),
                "decision_letter_1": str(letter.month),
                "decision_letter_2": str(letter.year),
            },
        ),
        ("progress", {"progress": "none"}),
    ]


class FamilyUser(SpreadUser):
    weight = 2
    wait_time = between(0.05, 0.25)

    @task(3)
    def route_finder(self):
        self.client.cookies.clear()  # a new family each time
        expect(self.client, "GET", "/", 200)
        expect(self.client, "GET", "/find/council/", 200, name="/find/[question]/ GET")
        for slug, answer in finder_pages():
            data = {**answer, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
            expect(
                self.client, "POST", f"/find/{slug}/", 302, name="/find/[question]/ POST", data=data
            )
        expect(self.client, "GET", "/find/check-your-answers/", 200)
        expect(self.client, "GET", "/find/what-you-can-do/", 200)

    @task(1)
    def status_page(self):
        link = random.choice(FIXTURES["status_links"])
        expect(self.client, "GET", link, 200, name="/your-case/[link]/")


class StaffUser(SpreadUser):
    weight = 1
    wait_time = between(0.05, 0.25)

    def on_start(self):
        self.client.cookies.update(FIXTURES["staff_cookies"])

    @task(1)
    def work_queue(self):
        expect(self.client, "GET", "/staff/", 200, name="/staff/ (work queue)")

    @task(2)
    def case_page(self):
        reference = random.choice(FIXTURES["case_references"])
        expect(self.client, "GET", f"/staff/cases/{reference}/", 200, name="/staff/cases/[ref]/")


class ApiUser(SpreadUser):
    weight = 1
    wait_time = between(0.05, 0.25)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {FIXTURES['api_token']}"
        self.reference = self.open_case()

    def open_case(self) -> str | None:
        serial = next(_serial)
        body = {
            "provider": FIXTURES["provider"],
            "local_authority": COUNCIL,
            "child_name": f"Load Test {serial}",
            "requester": "parent",
            "requester_name": "Alex Load",
            "email": f"load{serial}@example.test",
            "decision_description": "Decision not to carry out an EHC needs assessment",
            "decision_letter_date": london_today().isoformat(),
            "issues": [{"subject": "refusal_to_assess"}],
        }
        response = expect(self.client, "POST", "/api/v1/cases", 201, json=body)
        return response.json()["reference"] if response.status_code == 201 else None

    @task(1)
    def open_and_advise(self):
        reference = self.open_case()
        if reference:
            path = f"/api/v1/cases/{reference}/actions"
            body = {"action": "advice_give", "on": london_today().isoformat()}
            expect(self.client, "POST", path, 200, name="/api/v1/cases/[ref]/actions", json=body)

    @task(3)
    def add_note(self):
        if not self.reference:
            self.reference = self.open_case()
            return
        path = f"/api/v1/cases/{self.reference}/notes"
        body = {"text": f"Load test note {next(_serial)}."}
        expect(self.client, "POST", path, 201, name="/api/v1/cases/[ref]/notes", json=body)


def report(stats, seconds: float) -> list[str]:
    """One line per endpoint and a total: requests, failures, p50, p95, requests per second."""
    header = (
        f"{'endpoint':44} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'rps':>6}"
    )
    lines = [header, "-" * len(header)]
    entries = sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    for entry in [*entries, stats.total]:
        label = "total" if entry is stats.total else f"{entry.method} {entry.name}"
        if entry is stats.total:
            lines.append("-" * len(header))
        lines.append(
            f"{label[:44]:44} {entry.num_requests:8} {entry.num_failures:8} "
            f"{entry.get_response_time_percentile(0.5) or 0:7.0f} "
            f"{entry.get_response_time_percentile(0.95) or 0:7.0f} "
            f"{entry.num_requests / seconds:6.1f}"
        )
    return lines


def run(
    database: str,
    *,
    seconds: float,
    users: int,
    workers: int,
    warmup: float,
    seed: str,
    servers: int = 1,
    redis_url: str = "",
) -> int:
    started = time.monotonic()
    username, provider = ACTORS[seed]
    with throwaway_database(database, seed=seed) as db:
        staff_cookies, api_token, case_references, status_links = django_calls(
            db,
            [
                ("harness:_staff_session", {"username": username}),
                ("harness:_api_token", {"username": username, "name": "load test"}),
                ("harness:_case_references", {"username": username, "limit": 20}),
                ("harness:_family_status_links", {"limit": 10}),
            ],
        )
        FIXTURES.update(
            provider=provider,
            staff_cookies=staff_cookies,
            api_token=api_token,
            case_references=case_references,
            status_links=status_links,
        )
        with served_many(db, servers, workers=workers, redis_url=redis_url) as running:
            ready = time.monotonic() - started
            urls = [server.base_url for server in running]
            FIXTURES["servers"] = RoundRobin(urls)
            print(
                f"load test on {database} ({seed} seed): {users} users for {seconds:g} s against "
                f"{', '.join(urls)} ({workers} gunicorn workers each; shared cache "
                f"{redis_url or 'none'}; ready in {ready:.0f} s)"
            )
            env = Environment(
                user_classes=[FamilyUser, StaffUser, ApiUser], host=urls[0], events=events
            )
            runner = env.create_local_runner()
            runner.start(users, spawn_rate=users)
            # Each worker's first requests load templates and open connections: not counted,
            # except that a failure during the warm-up still fails the run.
            gevent.sleep(warmup)
            warmup_failures = env.stats.total.num_failures
            warmup_errors = list(env.stats.errors.values())
            env.stats.reset_all()
            for counter in PER_SERVER.values():
                counter.clear()
            begun = time.monotonic()
            gevent.spawn_later(seconds, runner.quit)
            runner.greenlet.join()
            elapsed = time.monotonic() - begun
            log_tail = "\n".join(server.log_tail(20) for server in running)
    stats = env.stats
    print("\n".join(report(stats, elapsed)))
    for error in [*warmup_errors, *stats.errors.values()]:
        print(f"  failure x{error.occurrences}: {error.method} {error.name}: {error.error}")
    for exception in runner.exceptions.values():
        print(f"  exception x{exception['count']}: {exception['msg']}")
    total = stats.total
    failed = (
        warmup_failures + total.num_failures + sum(e["count"] for e in runner.exceptions.values())
    )
    print(
        f"load-test {database}: requests {total.num_requests}, errors {failed}, "
        f"p50 {total.get_response_time_percentile(0.5) or 0:.0f} ms, "
        f"p95 {total.get_response_time_percentile(0.95) or 0:.0f} ms, "
        f"rps {total.num_requests / elapsed:.1f}"
    )
    unused = [url for url in urls if not PER_SERVER["requests"][urlsplit(url).netloc]]
    if servers > 1:
        for url in urls:
            server = urlsplit(url).netloc
            print(
                f"  server {server}: requests {PER_SERVER['requests'][server]}, "
                f"failures {PER_SERVER['failures'][server]}"
            )
        if unused:
            print(f"  FAILED: no request reached {', '.join(unused)}")
    if failed and log_tail:
        print("gunicorn log (last lines):\n" + log_tail)
    if total.num_requests == 0:
        print("No request was made.")
        return 1
    return 1 if failed or unused else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, default=8, help="simulated users (at least 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--seed",
        choices=tuple(ACTORS),
        default="demo",
        help="the full demo (default, ~20 s to seed) or a minimal set of cases (seconds)",
    )
    parser.add_argument(
        "--warmup", type=float, default=2, help="seconds of load before counting starts"
    )
    parser.add_argument(
        "--servers", type=int, default=1, help="gunicorn instances on as many ports (default 1)"
    )
    parser.add_argument(
        "--redis", default="", help="Redis URL the servers share (default db 6 with --servers>1)"
    )
    args = parser.parse_args()
    exit_on_sigterm()
    if args.servers < 1:
        parser.error("--servers must be at least 1")
    if args.users < args.servers:
        parser.error("--users must be at least --servers (each server needs a user)")
    if args.users < 4:
        parser.error("--users must be at least 4 (two families, one staff, one API client)")
    return run(
        args.database,
        seconds=args.seconds,
        users=args.users,
        workers=args.workers,
        warmup=args.warmup,
        seed=args.seed,
        servers=args.servers,
        redis_url=shared_redis(args.redis) if args.servers > 1 or args.redis else "",
    )


if __name__ == "__main__":
    sys.exit(main())
