"""Reliability (issue 8): a short load test and the kill test, on this run's database vendor.

Each runs a ``benchmarks/`` script in a subprocess with its own throwaway database and its own
gunicorn (never the test database): PostgreSQL when the run has ``DATABASE_URL`` (``make
test-postgres``), SQLite otherwise. Their figures are printed to the terminal, so they show in
CI output. The last test checks, on the test database, that the kill test's check would see a
half-written case.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import figures

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
VENDOR = "postgres" if os.environ.get("DATABASE_URL") else "sqlite"

pytestmark = pytest.mark.reliability


def run_script(capsys, name: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """Run ``benchmarks/<name>`` on this run's vendor and print its output to the terminal."""
    started = time.monotonic()
    command = [sys.executable, str(BENCHMARKS / name), "--database", VENDOR, *args]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # SIGTERM: the script stops its server and drops its database on the way out.
            process.terminate()
            stdout, stderr = process.communicate(timeout=60)
            pytest.fail(f"{name} took over {timeout:.0f} s:\n{stdout[-3000:]}{stderr[-3000:]}")
    completed = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    figures.record(
        f"{name} --database {VENDOR}",
        f"{completed.stdout.rstrip()}\nexit {completed.returncode} in "
        f"{time.monotonic() - started:.0f} s",
    )
    with capsys.disabled():
        print(f"\n== {name} --database {VENDOR} {' '.join(args)}")
        print(completed.stdout.rstrip())
        print(f"== {name}: exit {completed.returncode} in {time.monotonic() - started:.0f} s")
    return completed


def test_load_test_of_family_staff_and_api_pages_has_no_errors(capsys):
    completed = run_script(
        capsys, "load_test.py", "--seconds", "10", "--users", "8", "--seed", "minimal", timeout=300
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert f"load-test {VENDOR}: requests " in completed.stdout
    assert ", errors 0, " in completed.stdout


def test_sigkill_mid_burst_loses_no_acknowledged_write_and_half_writes_no_case(capsys):
    completed = run_script(capsys, "kill_test.py", "--kill-after", "30", timeout=300)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    summary = next(line for line in completed.stdout.splitlines() if line.startswith("kill-test"))
    acknowledged = int(summary.split("acknowledged ")[1].split(",")[0])
    found = int(summary.split("found ")[1].split(",")[0])
    assert acknowledged >= 30
    assert found == acknowledged
    assert summary.endswith("half-written 0")


# The machine's Redis (CI starts it beside PostgreSQL); a database number no other test uses.
REDIS_URL = os.environ.get("SENDRESOLVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.mark.parametrize("redis", ["", REDIS_URL], ids=["memory-cache", "shared-redis"])
def test_twenty_identical_submissions_at_once_perform_once_and_send_one_message(capsys, redis):
    """Two gunicorn workers, with and without a shared cache: the write path itself (a receipt
    per submission key, under the case's lock) makes a repeat a repeat, not the cache."""
    args = ("--redis", redis) if redis else ()
    completed = run_script(capsys, "double_submit.py", *args, timeout=300)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    races = {
        line.split(": ")[1]: line
        for line in completed.stdout.splitlines()
        if ": 20 at once -> " in line
    }
    assert set(races) == {
        "html note",
        "html meeting",
        "api note",
        "api cancel",
        "family request",
        "api certificate",
        "api case create",
    }
    assert all("-> 1 written" in line for line in races.values())
    assert sum("1 message(s)" in line for line in races.values()) == 5
    # Issue 19: one confirmation for the family; a create answers 201 once, then 200.
    assert "; redirected to ['/request/sent/'], shown ['SR-" in races["family request"]
    for name in ("api note", "api certificate", "api case create"):
        assert "answers {200: 19, 201: 1}" in races[name]
    assert completed.stdout.rstrip().endswith(": ok")


@pytest.mark.django_db
def test_kill_check_reports_a_case_without_what_opening_writes(world):
    sys.path.insert(0, str(BENCHMARKS))
    from kill_test import ISSUES, verify

    from sendresolve.cases.models import Case
    from sendresolve.cases.tests.factories import open_case

    complete = open_case(world, child_name="KILL-test 0-0", subjects=ISSUES)
    # A case row alone, as a crash between statements of a non-atomic write would leave it.
    bare = Case.objects.create(
        provider=world.provider,
        local_authority=world.local_authority,
        opened_on=complete.opened_on,
        child_name="KILL-test 0-1",
        requester="parent",
        requester_name="Alex Example",
    )
    acknowledged = [
        {"reference": complete.reference, "child_name": "KILL-test 0-0"},
        {"reference": "SR-GONE-0000", "child_name": "KILL-test 9-9"},
    ]

    result = verify(marker="KILL-test", cases=acknowledged, notes=[])

    assert result["cases_in_database"] == 2
    assert result["cases_found"] == 1
    assert result["lost"] == ["SR-GONE-0000"]
    assert set(result["half_written"]) == {bare.reference}
    assert set(result["half_written"][bare.reference]) == {
        "issues",
        "party",
        "opening event",
        "deadlines",
        "audit event",
        "message",
    }
