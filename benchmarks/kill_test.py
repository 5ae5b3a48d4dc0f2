"""Fault test: SIGKILL the application server during a burst of API writes, then check the data.

Run: ``.venv/bin/python benchmarks/kill_test.py [--database sqlite|postgres] [--servers N]``

A throwaway database (``harness.throwaway_database``, minimal seed: the LAs, one provider and
one adviser with an API token) is served by gunicorn (2 workers, production settings over plain
HTTP). ``--writers`` threads then write as fast as they can: each opens a case
(``POST /api/v1/cases``, with a marker unique to the run and the write) and adds a confidential
note to it (``POST …/notes``). Once ``--kill-after`` writes have been acknowledged, the master
and every worker are killed at once (SIGKILL of the process group) while requests are still in
flight. Nothing is restarted.

With ``--servers N`` (issue 26) N gunicorn instances on N ports serve the same database (and
share one Redis, ``--redis``), and each write goes to the next server still up (round-robin, as
a load balancer would). The first server is killed mid-burst; a writer whose connection to it is
refused or cut marks it down and carries on with the others, until ``--after-kill`` more writes
have been acknowledged by the survivors. A write cut off by the kill is not retried (it was
never acknowledged); any other failure, on any server, fails the test.

The database is then opened directly (a new Django process) and checked:

- every acknowledged write (a 201 received in full) is there: the case with its marker, the
  note with its text;
- no case of the burst is half-written, acknowledged or not: each has everything
  ``case_open`` writes in its one transaction (its 2 issues, the requester as a party, the
  "case opened" event, the audit event, its statutory deadlines and the family's
  "case opened" message in the outbox), and each note its audit event;
- on SQLite, ``PRAGMA integrity_check`` answers ``ok``.

Prints ``acknowledged N, found N, half-written 0`` and exits 1 on any loss, any half-written
case, any unexpected response before the kill, or a kill that did not land mid-burst.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    MINIMAL_LA,
    MINIMAL_PROVIDER,
    MINIMAL_USER,
    RoundRobin,
    api_token,
    django_call,
    exit_on_sigterm,
    served_many,
    shared_redis,
    throwaway_database,
)

ISSUES = ("refusal_to_assess", "delay")


@dataclass
class Burst:
    """What the writers saw, shared between their threads."""

    marker: str
    servers: RoundRobin
    victim: str = ""  # the base URL of the server that is killed
    lock: threading.Lock = field(default_factory=threading.Lock)
    killed: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)  # writers stop
    acknowledged_by: Counter = field(default_factory=Counter)  # base URL: 201s
    after_kill: int = 0  # acknowledged after the kill (by the survivors)
    latencies: list[float] = field(default_factory=list)  # ms, of the acknowledged writes
    attempted: int = 0
    in_flight: int = 0
    in_flight_at_kill: int = 0
    cases: list[dict] = field(default_factory=list)  # acknowledged: reference, child_name
    notes: list[dict] = field(default_factory=list)  # acknowledged: id, text, reference
    unexpected: list[str] = field(default_factory=list)  # non-2xx answers before the kill
    lost_connections: int = 0  # requests that got no complete answer

    @property
    def acknowledged(self) -> int:
        return len(self.cases) + len(self.notes)


def post(burst: Burst, session: requests.Session, path: str, body: dict) -> dict | None:
    """POST one write to the next server; the JSON body of a 201, or None (recorded) for
    anything else."""
    base = burst.servers.next()
    url = base + path
    with burst.lock:
        burst.attempted += 1
        burst.in_flight += 1
    try:
        began = time.perf_counter()
        response = session.post(url, json=body, timeout=15)
        took = (time.perf_counter() - began) * 1000
        data = response.json() if response.status_code == 201 else None
    except (requests.RequestException, ValueError):
        # Killed mid-request: no answer, so the write is not acknowledged (it may or may not
        # have committed; either way it must not be half-written).
        with burst.lock:
            burst.lost_connections += 1
            if not burst.killed.is_set() or base != burst.victim:
                burst.unexpected.append(f"no answer (server not killed): {url}")
            else:
                burst.servers.mark_down(base)
        return None
    finally:
        with burst.lock:
            burst.in_flight -= 1
    with burst.lock:
        if data is None:
            if not burst.killed.is_set() or base != burst.victim:
                burst.unexpected.append(f"{response.status_code} {url}: {response.text[:200]}")
        else:
            burst.acknowledged_by[urlsplit(base).netloc] += 1
            burst.latencies.append(took)
            if burst.killed.is_set():
                burst.after_kill += 1
    return data


def writer(burst: Burst, token: str, number: int) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    today = dt.datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    for serial in range(1_000_000):
        if burst.done.is_set():
            return
        child_name = f"{burst.marker} {number}-{serial}"
        case = post(
            burst,
            session,
            "/api/v1/cases",
            {
                "provider": MINIMAL_PROVIDER,
                "local_authority": MINIMAL_LA,
                "child_name": child_name,
                "requester": "parent",
                "requester_name": "Kit Kill",
                "email": f"kill-{number}-{serial}@example.test",
                "decision_description": "Decision not to carry out an EHC needs assessment",
                "decision_letter_date": today,
                "issues": [{"subject": subject} for subject in ISSUES],
            },
        )
        if case is None:
            continue
        with burst.lock:
            burst.cases.append({"reference": case["reference"], "child_name": child_name})
        text = f"{burst.marker} note {number}-{serial}"
        note = post(burst, session, f"/api/v1/cases/{case['reference']}/notes", {"text": text})
        if note is not None:
            with burst.lock:
                burst.notes.append({"id": note["id"], "text": text, "reference": case["reference"]})


def run(
    database: str,
    writers: int,
    kill_after: int,
    timeout: float,
    *,
    servers: int = 1,
    redis_url: str = "",
    after_kill: int = 20,
) -> int:
    started = time.monotonic()
    with throwaway_database(database, seed="minimal") as db:
        token = api_token(db, MINIMAL_USER)
        with served_many(db, servers, workers=2, redis_url=redis_url) as running:
            server = running[0]  # the one killed
            urls = [s.base_url for s in running]
            burst = Burst(
                marker=f"KILL-{secrets.token_hex(4)}", servers=RoundRobin(urls), victim=urls[0]
            )
            print(
                f"kill test on {database}: {writers} writers against {', '.join(urls)} "
                f"(ready in {time.monotonic() - started:.0f} s); SIGKILL of {server.base_url} "
                f"after {kill_after} acknowledged writes"
            )
            threads = [
                threading.Thread(target=writer, args=(burst, token, n)) for n in range(writers)
            ]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + timeout
            while burst.acknowledged < kill_after and time.monotonic() < deadline:
                if burst.unexpected:
                    break
                time.sleep(0.005)
            with burst.lock:
                burst.in_flight_at_kill = burst.in_flight
                burst.killed.set()
                server.kill()
                if servers == 1:
                    burst.done.set()
            dead = server.wait_dead()
            # The survivors carry on: the writers fail over to them.
            deadline = time.monotonic() + timeout
            while not burst.done.is_set() and time.monotonic() < deadline:
                if burst.after_kill >= after_kill or burst.unexpected:
                    break
                time.sleep(0.005)
            burst.done.set()
            log_tail = "\n".join(s.log_tail(30) for s in running)
            for thread in threads:
                thread.join(30)
        result = django_call(
            db, "kill_test:verify", marker=burst.marker, cases=burst.cases, notes=burst.notes
        )
    status = report(database, burst, result, dead=dead, servers=servers)
    if status:
        print("gunicorn log (last lines):\n" + log_tail)
    return status


def report(database: str, burst: Burst, result: dict, *, dead: bool, servers: int = 1) -> int:
    print(
        f"  writes attempted {burst.attempted}, in flight at the kill {burst.in_flight_at_kill}, "
        f"left without an answer {burst.lost_connections}; cases acknowledged {len(burst.cases)}, "
        f"notes acknowledged {len(burst.notes)}"
    )
    print(
        f"  in the database: {result['cases_in_database']} cases of the burst "
        f"({result['committed_not_acknowledged']} committed but never acknowledged), "
        f"{result['notes_in_database']} notes; integrity: {result['integrity']}"
    )
    if servers > 1:
        by_server = ", ".join(f"{k} {v}" for k, v in sorted(burst.acknowledged_by.items()))
        print(
            f"  acknowledged per server: {by_server}; after the kill, by the survivors: "
            f"{burst.after_kill}"
        )
    if burst.latencies:
        ordered = sorted(burst.latencies)
        p50, p95 = (ordered[int(q * (len(ordered) - 1))] for q in (0.5, 0.95))
        print(
            f"  acknowledged writes: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"
        )
    found = result["cases_found"] + result["notes_found"]
    half = len(result["half_written"])
    print(f"kill-test {database}: acknowledged {burst.acknowledged}, found {found}, ", end="")
    print(f"half-written {half}")
    problems = []
    if not dead:
        problems.append("the server was still running after SIGKILL")
    if burst.unexpected:
        problems.append(f"{len(burst.unexpected)} unexpected answers before the kill")
        problems.extend(f"  {line}" for line in burst.unexpected[:5])
    if burst.acknowledged == 0:
        problems.append("no write was acknowledged before the kill")
    if burst.in_flight_at_kill == 0:
        problems.append("no write was in flight at the kill")
    if servers > 1 and burst.after_kill == 0:
        problems.append("no write was acknowledged by a surviving server after the kill")
    if servers > 1 and len(burst.acknowledged_by) < servers:
        problems.append(f"only {len(burst.acknowledged_by)} of {servers} servers acknowledged")
    if found != burst.acknowledged:
        problems.append(f"lost: {result['lost']}")
    if half:
        problems.append(f"half-written: {result['half_written']}")
    if result["integrity"] != "ok":
        problems.append(f"integrity check: {result['integrity']}")
    for problem in problems:
        print(f"  FAILED: {problem}")
    return 1 if problems else 0


# -- run in a Django process on the killed server's database (harness.django_call) -----------


def verify(marker: str, cases: list[dict], notes: list[dict]) -> dict:
    """Compare what was acknowledged with what the database holds; list half-written cases."""
    from django.db import connection
    from django.db.models import Count, Q

    from sendresolve.audit.models import AuditEvent
    from sendresolve.cases.models import Case, ConfidentialNote
    from sendresolve.notifications.models import OutboxMessage

    burst = Case.objects.filter(child_name__startswith=f"{marker} ").annotate(
        n_issues=Count("issues", distinct=True),
        n_parties=Count("parties", distinct=True),
        n_opened=Count("events", filter=Q(events__type="case_opened"), distinct=True),
        n_deadlines=Count("deadlines", distinct=True),
        n_contact=Count(
            "deadlines", filter=Q(deadlines__key="contact_mediation_adviser"), distinct=True
        ),
    )
    in_database = {case.reference: case for case in burst}
    audited = set(
        AuditEvent.objects.filter(action="case.case_open", object_type="cases.case")
        .filter(object_id__in=[str(c.pk) for c in in_database.values()])
        .values_list("object_id", flat=True)
    )
    messaged = set(
        OutboxMessage.objects.filter(
            template="case_opened", reference__in=list(in_database)
        ).values_list("reference", flat=True)
    )
    half_written = {}
    for reference, case in in_database.items():
        missing = [
            part
            for part, present in (
                ("issues", case.n_issues == len(ISSUES)),
                ("party", case.n_parties >= 1),
                ("opening event", case.n_opened == 1),
                ("deadlines", case.n_deadlines >= 1 and case.n_contact == 1),
                ("audit event", str(case.pk) in audited),
                ("message", reference in messaged),
            )
            if not present
        ]
        if missing:
            half_written[reference] = missing

    acknowledged = {c["reference"]: c["child_name"] for c in cases}
    lost = [
        ref
        for ref, name in acknowledged.items()
        if ref not in in_database or in_database[ref].child_name != name
    ]
    stored_notes = {
        note.pk: note
        for note in ConfidentialNote.objects.filter(
            text__startswith=f"{marker} note "
        ).select_related("case")
    }
    audited_notes = {
        event.detail.get("note_id")
        for event in AuditEvent.objects.filter(action="case.note_add")
        if event.detail.get("note_id") in stored_notes
    }
    for pk in stored_notes:
        if pk not in audited_notes:
            half_written[f"note {pk}"] = ["audit event"]
    for note in notes:
        stored = stored_notes.get(note["id"])
        if (
            stored is None
            or stored.text != note["text"]
            or stored.case.reference != note["reference"]
        ):
            lost.append(f"note {note['id']}")

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            integrity = cursor.fetchone()[0]
    else:
        integrity = "ok"  # PostgreSQL: crash-safe by design; nothing to check at file level
    return {
        "cases_in_database": len(in_database),
        "committed_not_acknowledged": len(set(in_database) - set(acknowledged)),
        "cases_found": len(acknowledged) - len([r for r in lost if not r.startswith("note ")]),
        "notes_in_database": len(stored_notes),
        "notes_found": len(notes) - len([r for r in lost if r.startswith("note ")]),
        "lost": lost,
        "half_written": half_written,
        "integrity": integrity,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writing clients")
    parser.add_argument(
        "--kill-after", type=int, default=40, help="acknowledged writes before the kill"
    )
    parser.add_argument(
        "--timeout", type=float, default=30, help="kill after this many seconds at the latest"
    )
    parser.add_argument(
        "--servers", type=int, default=1, help="gunicorn instances on as many ports (default 1)"
    )
    parser.add_argument(
        "--redis", default="", help="Redis URL the servers share (default db 6 with --servers>1)"
    )
    parser.add_argument(
        "--after-kill",
        type=int,
        default=20,
        help="with --servers>1, writes the survivors must acknowledge after the kill",
    )
    args = parser.parse_args()
    exit_on_sigterm()
    if args.servers < 1:
        parser.error("--servers must be at least 1")
    return run(
        args.database,
        args.writers,
        args.kill_after,
        args.timeout,
        servers=args.servers,
        redis_url=shared_redis(args.redis) if args.servers > 1 or args.redis else "",
        after_kill=args.after_kill,
    )


if __name__ == "__main__":
    sys.exit(main())
