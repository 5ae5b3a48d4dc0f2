"""State several app servers must share (issue 26), checked over HTTP against running servers.

Used by ``double_submit.py --servers N`` after its races:

- **rate limit**: the certificate check page (``/verify/``) allows ``LIMIT`` checks an hour from
  one address. The checks are sent alternately to every server; the first refusal (429) must
  come at check ``LIMIT + 1`` and every check after it must be refused too, exactly as on one
  server. A limit counted per process would let each server allow ``LIMIT`` of its own.
- **sign-out**: a staff session used on the last server (so any cache of it there is warm) and
  then signed out on the first must be signed out on the last as well: the staff page there no
  longer shows the signed-in user (it asks them to sign in). A session cached per process
  would live on.
"""

from __future__ import annotations

import requests

SIGNED_IN = "/staff/sign-out/"  # the sign-out form on every signed-in staff page
# Well formed (so the form is valid) and matching no certificate.
UNKNOWN_CODE = "ZZZZ-ZZZZ-ZZZZ"
TIMEOUT = 30


def checks(bases: list[str], staff_cookies: dict[str, str], verify_limit: int) -> dict:
    """Run both checks against the servers at ``bases``; their findings, for :func:`report`."""
    return {
        "rate limit": _rate_limit(bases, verify_limit),
        "sign-out": _sign_out(bases, staff_cookies),
    }


def _rate_limit(bases: list[str], limit: int) -> dict:
    client = requests.Session()
    client.get(f"{bases[0]}/verify/", timeout=TIMEOUT).raise_for_status()
    statuses = []
    for n in range(limit + 3):
        response = client.post(
            f"{bases[n % len(bases)]}/verify/",
            {"csrfmiddlewaretoken": client.cookies.get("csrftoken", ""), "code": UNKNOWN_CODE},
            timeout=TIMEOUT,
        )
        statuses.append(response.status_code)
    first_refused = statuses.index(429) + 1 if 429 in statuses else None
    return {
        "limit": limit,
        "first refused": first_refused,
        "ok": first_refused == limit + 1
        and all(s == 404 for s in statuses[:limit])
        and all(s == 429 for s in statuses[limit:]),
        "statuses": sorted(set(statuses)),
    }


def _sign_out(bases: list[str], staff_cookies: dict[str, str]) -> dict:
    staff = requests.Session()
    staff.cookies.update(staff_cookies)
    before = staff.get(f"{bases[-1]}/staff/", allow_redirects=False, timeout=TIMEOUT)
    signed_in_before = before.status_code == 200 and SIGNED_IN in before.text
    signed_out = staff.post(
        f"{bases[0]}/staff/sign-out/",
        {"csrfmiddlewaretoken": staff.cookies.get("csrftoken", "")},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    # The session cookie as the browser still had it: a stale copy must not work anywhere.
    stale = requests.Session()
    stale.cookies.update(staff_cookies)
    after = stale.get(f"{bases[-1]}/staff/", allow_redirects=False, timeout=TIMEOUT)
    signed_in_after = after.status_code == 200 and SIGNED_IN in after.text
    return {
        "before": "signed in" if signed_in_before else f"not signed in ({before.status_code})",
        "sign-out": signed_out.status_code,
        "after": "still signed in" if signed_in_after else f"signed out ({after.status_code})",
        "ok": signed_in_before and signed_out.status_code == 302 and not signed_in_after,
    }


def report(label: str, found: dict) -> int:
    """Print one line per check; 1 if either failed."""
    rate, session = found["rate limit"], found["sign-out"]
    print(
        f"{label}: rate limit: {rate['limit']} checks allowed an hour, sent alternately to every "
        f"server -> first refused at check {rate['first refused']}; answers {rate['statuses']}"
    )
    print(
        f"{label}: sign-out: on the last server {session['before']}, signed out on the first "
        f"({session['sign-out']}) -> on the last: {session['after']}"
    )
    ok = rate["ok"] and session["ok"]
    print(f"{label}: shared state: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


# -- run in a Django process (harness.django_call) --------------------------------------------


def _verify_limit() -> int:
    from sendresolve.verification.ratelimit import LIMIT

    return LIMIT
