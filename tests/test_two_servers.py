"""Two app servers (issue 26): two gunicorn instances on two ports, one database, one Redis.

Runs ``benchmarks/double_submit.py --servers 2`` and ``benchmarks/kill_test.py --servers 2`` in
subprocesses on this run's vendor (as ``test_reliability`` does: PostgreSQL under ``make
test-postgres``, SQLite otherwise), with the machine's Redis as the servers' shared cache: the
same submission sent to both servers at once is performed once, the rate limit trips at the same
total count across both, a sign-out on one holds on the other, and killing one server mid-burst
loses no acknowledged write while the other carries on.
"""

import os

import pytest

from tests.test_reliability import run_script

pytestmark = pytest.mark.reliability

# A Redis database number no other test uses (the RQ tests use 7-15).
REDIS_URL = os.environ.get("SENDRESOLVE_LOAD_REDIS_URL", "redis://127.0.0.1:6379/6")


def test_same_submission_to_both_servers_at_once_is_performed_once_and_limits_are_shared(capsys):
    completed = run_script(
        capsys,
        "double_submit.py",
        "--servers",
        "2",
        "--redis",
        REDIS_URL,
        "--copies",
        "10",
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    races = [line for line in completed.stdout.splitlines() if ": 10 at once -> " in line]
    assert len(races) == 7
    assert all("-> 1 written" in line for line in races)
    # The rate limit counts checks on both servers together: the 31st is the first refused,
    # whichever server it reaches (each alone would allow 30 of its own).
    lines = completed.stdout.splitlines()
    limit = next(line for line in lines if ": rate limit: " in line)
    assert "30 checks allowed an hour" in limit
    assert "first refused at check 31;" in limit
    # A session signed out on one server is signed out on the other.
    sign_out = next(line for line in lines if ": sign-out: " in line)
    assert "on the last server signed in, signed out on the first (302)" in sign_out
    assert sign_out.endswith("-> on the last: signed out (200)")
    assert " servers=2: shared state: ok" in completed.stdout


def test_killing_one_of_two_servers_mid_burst_loses_no_acknowledged_write(capsys):
    completed = run_script(
        capsys,
        "kill_test.py",
        "--servers",
        "2",
        "--redis",
        REDIS_URL,
        "--kill-after",
        "20",
        "--after-kill",
        "10",
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    summary = next(line for line in completed.stdout.splitlines() if line.startswith("kill-test"))
    acknowledged = int(summary.split("acknowledged ")[1].split(",")[0])
    found = int(summary.split("found ")[1].split(",")[0])
    assert acknowledged >= 30  # 20 before the kill, 10 by the survivor after it
    assert found == acknowledged
    assert summary.endswith("half-written 0")
    survivors = next(ln for ln in completed.stdout.splitlines() if "after the kill, by" in ln)
    assert int(survivors.rsplit(" ", 1)[1]) >= 10
