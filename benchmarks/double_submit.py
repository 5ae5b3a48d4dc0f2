"""Race test: 20 identical submissions at once perform the action once and send one message.

Run: ``.venv/bin/python benchmarks/double_submit.py [--database sqlite|postgres] [--redis URL]
[--servers N]``

A throwaway database (``harness.throwaway_database``, minimal seed) is served by gunicorn with
2 workers, production settings over plain HTTP; with ``--redis`` the servers share that Redis
as their cache (``REDIS_URL``), without it each worker has its own memory cache, so nothing in
the cache can be what stops a repeat. Then, for each race, ``--copies`` threads wait at a
barrier and send the same request at once:

- ``html note``: the staff "add a confidential note" form, with one hidden submission key;
- ``html meeting``: the staff "arrange a meeting" form, one key (the family is told: a message);
- ``api note``: ``POST …/notes`` with the same body and no key (a retried call);
- ``api cancel``: ``POST …/actions`` ``session_cancel`` with one ``Idempotency-Key`` (the
  family is told: a message);
- ``family request``: the family's "check your answers" page sent at once with one session and
  its token: one case, one "case opened" message, and every answer redirects to the same
  confirmation (which shows that case's reference);
- ``api certificate``: ``POST …/certificates`` on a case whose certificate is due, each request
  with a key of its own (as several callers would): one certificate and one message, exactly one
  201 and the rest 200;
- ``api case create``: ``POST /api/v1/cases`` with one ``Idempotency-Key``: one case, one
  "case opened" message, exactly one 201 and the rest 200.

With ``--servers N`` (issue 26) N gunicorn instances on N ports serve the database (sharing
the Redis of ``--redis``, by default ``redis://127.0.0.1:6379/6``) and the copies of each race
are spread over them in turn, so the same submission reaches every server at once. Two checks of
state the servers share follow (``cross_server.py``): the certificate check page's rate limit,
hit alternately on every server, must refuse the check after exactly its limit, as one server
does; and a session signed out on one server must be signed out on every other.

The database is then read directly: each race must have written exactly one note, meeting,
cancellation, case or certificate and at most one message, and no request may have had a 5xx.
Prints one line per race and exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import re
import secrets
import string
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cross_server  # noqa: E402
from harness import (  # noqa: E402
    MINIMAL_LA,
    MINIMAL_PROVIDER,
    MINIMAL_USER,
    api_token,
    django_call,
    django_calls,
    exit_on_sigterm,
    served_many,
    shared_redis,
    staff_session,
    throwaway_database,
)

# Milliseconds each request of every race took (answered or not), for the run's summary.
TIMINGS: list[float] = []


def race(copies: int, bases: list[str], send) -> Counter:
    """Send ``copies`` requests at once (a barrier), copy ``n`` to server ``n % len(bases)``
    (``send(base_url)``); count their status codes."""
    barrier = threading.Barrier(copies)
    statuses: Counter = Counter()
    lock = threading.Lock()

    def one(base: str) -> None:
        barrier.wait()
        began = time.perf_counter()
        try:
            status = send(base).status_code
        except requests.RequestException as error:
            status = type(error).__name__
        with lock:
            statuses[status] += 1
            TIMINGS.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=one, args=(bases[n % len(bases)],)) for n in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _prepare(username: str) -> dict:
    """Two of the seed's cases: one to add notes to, one moved on to "LA informed" with the
    family's contact, where meetings are arranged. Returns their references."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from sendresolve.cases import services
    from sendresolve.cases.selectors import cases_for
    from sendresolve.core import clock

    user = get_user_model().objects.get(username=username)
    first, second, third = cases_for(user).order_by("reference")[:3]
    today = clock.today()
    services.advice_give(actor=user, case=second, on=today)
    services.mediation_request(actor=user, case=second, on=today)
    services.la_inform(actor=user, case=second, on=today)
    # The third: the family declined mediation, so its certificate is due.
    services.advice_give(actor=user, case=third, on=today)
    services.mediation_decline(actor=user, case=third, on=today)
    meeting = today + dt.timedelta(days=14)
    return {
        "notes": first.reference,
        "meetings": second.reference,
        "certificate": third.reference,
        "day": meeting.isoformat(),
        "today": today.isoformat(),
    }


def _counts(notes: str, meetings: str, certificate: str, marker: str, names: dict) -> dict:
    """What the races wrote, read from the database."""
    from sendresolve.cases.models import Case, CaseEvent, Certificate, ConfidentialNote, Session
    from sendresolve.notifications.models import OutboxMessage

    family = list(
        Case.objects.filter(child_name=names["family"]).values_list("reference", flat=True)
    )
    api = list(Case.objects.filter(child_name=names["api"]).values_list("reference", flat=True))
    opened = OutboxMessage.objects.filter(template="case_opened")
    return {
        "family cases": len(family),
        "family references": family,
        "family opened messages": opened.filter(reference__in=family).count(),
        "api cases": len(api),
        "api opened messages": opened.filter(reference__in=api).count(),
        "certificates": Certificate.objects.filter(case__reference=certificate).count(),
        "certificate messages": OutboxMessage.objects.filter(
            reference=certificate, template="certificate_issued"
        ).count(),
        "html note": ConfidentialNote.objects.filter(text=f"html {marker}").count(),
        "api note": ConfidentialNote.objects.filter(text=f"api {marker}").count(),
        "meetings": Session.objects.filter(case__reference=meetings).count(),
        "arranged messages": OutboxMessage.objects.filter(
            reference=meetings, template="session_arranged"
        ).count(),
        "cancelled": CaseEvent.objects.filter(
            case__reference=meetings, type="session_cancelled"
        ).count(),
        "cancelled messages": OutboxMessage.objects.filter(
            reference=meetings, template="session_cancelled"
        ).count(),
        "notes case": notes,
    }


def _session_id(reference: str) -> int:
    from sendresolve.cases.models import Session

    return Session.objects.filter(case__reference=reference).values_list("pk", flat=True).get()


def run(database: str, redis_url: str, copies: int, servers: int = 1) -> int:
    label = f"double-submit {database} redis={'yes' if redis_url else 'no'}"
    if servers > 1:
        label += f" servers={servers}"
    marker = secrets.token_hex(6)
    # Names hold letters only (the family's form refuses others); unique to this run.
    letters = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    names = {"family": f"Family Race {letters}", "api": f"Api Race {letters}"}
    with throwaway_database(database, seed="minimal") as db:
        cases, verify_limit = django_calls(
            db,
            [
                ("double_submit:_prepare", {"username": MINIMAL_USER}),
                ("cross_server:_verify_limit", {}),
            ],
        )
        token = api_token(db, MINIMAL_USER)
        cookies = staff_session(db, MINIMAL_USER)
        statuses: dict[str, Counter] = {}
        with served_many(db, servers, workers=2, redis_url=redis_url) as running:
            bases = [server.base_url for server in running]
            base = bases[0]
            staff = requests.Session()
            staff.cookies.update(cookies)
            case_page = f"{base}/staff/cases/{cases['notes']}/"
            staff.get(case_page).raise_for_status()
            csrf = {"csrfmiddlewaretoken": staff.cookies.get("csrftoken", "")}
            headers = {"Referer": case_page}
            key = secrets.token_hex(16)
            statuses["html note"] = race(
                copies,
                bases,
                lambda base: staff.post(
                    f"{base}/staff/cases/{cases['notes']}/notes/",
                    {**csrf, "text": f"html {marker}", "submission_key": key},
                    headers=headers,
                    allow_redirects=False,
                ),
            )
            day, month, year = (int(x) for x in reversed(cases["day"].split("-")))
            meeting_form = {
                **csrf,
                "day_0": day,
                "day_1": month,
                "day_2": year,
                "start": "10:00",
                "end": "12:00",
                "mode": "online",
                "submission_key": secrets.token_hex(16),
            }
            statuses["html meeting"] = race(
                copies,
                bases,
                lambda base: staff.post(
                    f"{base}/staff/cases/{cases['meetings']}/meetings/new/",
                    meeting_form,
                    headers=headers,
                    allow_redirects=False,
                ),
            )
            api = requests.Session()
            api.headers["Authorization"] = f"Bearer {token}"
            statuses["api note"] = race(
                copies,
                bases,
                lambda base: api.post(
                    f"{base}/api/v1/cases/{cases['notes']}/notes", json={"text": f"api {marker}"}
                ),
            )
            session_id = django_call(db, "double_submit:_session_id", reference=cases["meetings"])
            cancel = {"action": "session_cancel", "session": session_id, "on": cases["today"]}
            statuses["api cancel"] = race(
                copies,
                bases,
                lambda base: api.post(
                    f"{base}/api/v1/cases/{cases['meetings']}/actions",
                    json=cancel,
                    headers={"Idempotency-Key": f"cancel-{marker}"},
                ),
            )
            # The family's request: one browser session, its check-answers page sent at once.
            family, check = _family_ready(base, names["family"], cases["today"])
            answers: list[str] = []

            def send_request(base: str) -> requests.Response:
                response = family.post(
                    f"{base}/request/check-your-answers/", check, allow_redirects=False
                )
                answers.append(response.headers.get("Location", ""))
                return response

            statuses["family request"] = race(copies, bases, send_request)
            sent = family.get(f"{base}/request/sent/").text
            shown = set(re.findall(r"<strong>(SR-[0-9A-Z-]+)</strong>", sent))
            statuses["api certificate"] = race(
                copies,
                bases,
                lambda base: api.post(
                    f"{base}/api/v1/cases/{cases['certificate']}/certificates",
                    json={},
                    headers={"Idempotency-Key": secrets.token_hex(8)},  # a caller each
                ),
            )
            new_case = {
                "provider": MINIMAL_PROVIDER,
                "local_authority": MINIMAL_LA,
                "child_name": names["api"],
                "requester": "parent",
                "requester_name": "Race Parent",
                "email": "race@example.test",
                "decision_description": "Decision not to carry out an EHC needs assessment",
                "issues": [{"subject": "refusal_to_assess"}],
            }
            statuses["api case create"] = race(
                copies,
                bases,
                lambda base: api.post(
                    f"{base}/api/v1/cases",
                    json=new_case,
                    headers={"Idempotency-Key": f"open-{marker}"},
                ),
            )
            shared = cross_server.checks(bases, cookies, verify_limit)
        counts = django_call(
            db,
            "double_submit:_counts",
            notes=cases["notes"],
            meetings=cases["meetings"],
            certificate=cases["certificate"],
            marker=marker,
            names=names,
        )
        counts["family answers"] = sorted(set(answers))
        counts["family shown"] = sorted(shown)
    timings = sorted(TIMINGS)
    errors = sum(
        n
        for race_ in statuses.values()
        for s, n in race_.items()
        if not isinstance(s, int) or s >= 500
    )
    p50, p95 = (timings[int(q * (len(timings) - 1))] for q in (0.5, 0.95))
    print(
        f"{label}: requests {len(timings)}, errors {errors}, p50 {p50:.0f} ms, p95 {p95:.0f} ms "
        "(the copies of every race, sent at once)"
    )
    failed = report(label, copies, statuses, counts)
    return cross_server.report(label, shared) or failed


FAMILY_ANSWERS = {
    "what": {"request": "mediation_advice"},
    "council": {"local_authority": MINIMAL_LA},
    "who": {"requester": "parent"},
    "child": {"child_date_of_birth_0": "4", "child_date_of_birth_1": "5"},
    "your-name": {"requester_name": "Race Parent"},
    "contact": {"email": "race@example.test", "phone": "", "preferred_channel": "email"},
    "about": {"subjects": ["refusal_to_assess"], "decision_description": ""},
    "health": {"health_care_in_issue": "no"},
    # Taking part (issue 22): no interpreter; the optional questions left blank.
    "interpreter": {"interpreter": "none"},
    "access": {},
    "times": {},
    "child-views": {},
    "supporter": {},
}


def _family_ready(base: str, child_name: str, today: str) -> tuple[requests.Session, dict]:
    """A family's browser that answered every question; returns it and the check-answers
    page's form (its CSRF token and submission token)."""
    import datetime as dt

    letter = dt.date.fromisoformat(today) - dt.timedelta(days=14)
    answers = {
        **FAMILY_ANSWERS,
        "child": {**FAMILY_ANSWERS["child"], "child_name": child_name},
        "decision-date": {
            "decision_letter_date_0": str(letter.day),
            "decision_letter_date_1": str(letter.month),
            "decision_letter_date_2": str(letter.year),
        },
    }
    answers["child"]["child_date_of_birth_2"] = str(letter.year - 10)
    family = requests.Session()
    location = family.get(f"{base}/request/", allow_redirects=False).headers["Location"]
    while "check-your-answers" not in location:
        step = location.strip("/").split("/")[-1]
        url = requests.compat.urljoin(base, location)
        family.get(url).raise_for_status()
        csrf = family.cookies.get("csrftoken", "")
        response = family.post(
            url, {"csrfmiddlewaretoken": csrf, **answers[step]}, allow_redirects=False
        )
        if response.status_code != 302:
            raise SystemExit(f"family request: the {step!r} answer was refused")
        location = response.headers["Location"]
    page = family.get(requests.compat.urljoin(base, location)).text
    token = re.search(r'name="token" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("family request: no token on the check-answers page")
    return family, {"csrfmiddlewaretoken": family.cookies.get("csrftoken", ""), "token": token[1]}


def report(label: str, copies: int, statuses: dict[str, Counter], counts: dict) -> int:
    wanted = {
        "html note": counts["html note"],
        "html meeting": counts["meetings"],
        "api note": counts["api note"],
        "api cancel": counts["cancelled"],
        "family request": counts["family cases"],
        "api certificate": counts["certificates"],
        "api case create": counts["api cases"],
    }
    messages = {
        "html meeting": counts["arranged messages"],
        "api cancel": counts["cancelled messages"],
        "family request": counts["family opened messages"],
        "api certificate": counts["certificate messages"],
        "api case create": counts["api opened messages"],
    }
    # Creates answer 201 once and 200 to every repeat.
    created_once = {"api certificate", "api case create"}
    failed = False
    for name, status in statuses.items():
        server_errors = sum(n for s, n in status.items() if not isinstance(s, int) or s >= 500)
        line = (
            f"{label}: {name}: {copies} at once -> {wanted[name]} written"
            + (f", {messages[name]} message(s)" if name in messages else "")
            + f"; answers {dict(sorted(status.items(), key=str))}"
        )
        if name == "family request":
            line += f"; redirected to {counts['family answers']}, shown {counts['family shown']}"
            same = counts["family answers"] == ["/request/sent/"]
            if not same or counts["family shown"] != counts["family references"]:
                failed = True
        print(line)
        if name in created_once and status != Counter({201: 1, 200: copies - 1}):
            failed = True
        if wanted[name] != 1 or messages.get(name, 1) != 1 or server_errors:
            failed = True
    print(f"{label}: {'ok' if not failed else 'FAILED'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--redis", default="", help="a Redis URL shared by the servers' cache")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument(
        "--servers", type=int, default=1, help="gunicorn instances on as many ports (default 1)"
    )
    args = parser.parse_args()
    exit_on_sigterm()
    if args.servers < 1:
        parser.error("--servers must be at least 1")
    redis_url = shared_redis(args.redis) if args.servers > 1 else args.redis
    return run(args.database, redis_url, args.copies, args.servers)


if __name__ == "__main__":
    sys.exit(main())
