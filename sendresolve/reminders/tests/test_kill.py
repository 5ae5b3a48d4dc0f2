"""Kill ``manage.py send_reminders`` with SIGKILL halfway through, for real.

A separate process works on its own SQLite file: it is killed while a reminder is half written
(its row inserted, its message not yet), which a database must roll back. Then the command is
run again to the end. Every reminder committed before the kill exists once, whole; nothing
half-written survives; the second run sends exactly the rest, and a third sends nothing.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEADLINES = 30

SEED = f"""
import datetime as dt
import django
django.setup()
from sendresolve.cases.models import Case
from sendresolve.core import clock
from sendresolve.reminders.tests.factories import add_deadline
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory, ProviderFactory

provider = ProviderFactory(email="cases@provider.test")
la = LocalAuthorityFactory()
today = clock.today()
for n in range({DEADLINES}):
    case = Case.objects.create(
        provider=provider, local_authority=la, opened_on=today - dt.timedelta(days=20),
        child_name="Sam Example", requester="parent", requester_name="Alex Example",
    )
    add_deadline(case, responsible="provider", due_on=today - dt.timedelta(days=2))
"""

# The real command, slowed inside each reminder's transaction (after its row is written, before
# its message is), so that the kill lands there.
SLOW_SEND = """
import time
import django
django.setup()
from django.core.management import call_command
from sendresolve.reminders import services

real_send = services.message_send

def slow_send(**kwargs):
    time.sleep(0.1)
    return real_send(**kwargs)

services.message_send = slow_send
call_command("send_reminders")
"""


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as connection:

        def one(sql):
            return connection.execute(sql).fetchone()[0]

        return {
            "reminders": one("SELECT COUNT(*) FROM reminders_reminder"),
            "deadlines reminded": one("SELECT COUNT(DISTINCT deadline_id) FROM reminders_reminder"),
            "reminder links": one("SELECT COUNT(*) FROM reminders_reminder_messages"),
            "reminders with one message": one(
                "SELECT COUNT(*) FROM (SELECT reminder_id FROM reminders_reminder_messages "
                "GROUP BY reminder_id HAVING COUNT(*) = 1)"
            ),
            "messages": one(
                "SELECT COUNT(*) FROM notifications_outboxmessage "
                "WHERE template = 'deadline_overdue'"
            ),
            "delivered": one(
                "SELECT COUNT(*) FROM notifications_outboxmessage "
                "WHERE template = 'deadline_overdue' AND status = 'delivered'"
            ),
            "audit events": one(
                "SELECT COUNT(*) FROM audit_auditevent WHERE action = 'reminder.send'"
            ),
        }


def whole(n: int) -> dict[str, int]:
    """What ``n`` complete reminders look like (delivery aside)."""
    return {
        "reminders": n,
        "deadlines reminded": n,
        "reminder links": n,
        "reminders with one message": n,
        "messages": n,
        "audit events": n,
    }


def test_killing_send_reminders_midway_loses_nothing_and_sends_nothing_twice(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "SENDRESOLVE_ENV": "test",
        "SENDRESOLVE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "NOTIFICATIONS_BACKEND": "outbox",
    }
    db = tmp_path / "sendresolve.sqlite3"
    run(env, "manage.py", "migrate", "--no-input", "-v0")
    run(env, "-c", SEED)

    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_SEND],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while counts(db)["reminders"] < 3:
            assert process.poll() is None, "send_reminders ended before it could be killed"
            assert time.monotonic() < deadline, "send_reminders sent nothing"
            time.sleep(0.02)
        # Halfway through the sleep in the next reminder's transaction.
        time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    after_kill = counts(db)
    committed = after_kill["reminders"]
    assert 3 <= committed < DEADLINES
    assert {k: v for k, v in after_kill.items() if k != "delivered"} == whole(committed)

    rest = DEADLINES - committed
    assert run(env, "manage.py", "send_reminders") == (
        f"Sent {rest} reminders (due soon: 0, overdue: {rest}); skipped 0 with no address.\n"
        "Sent 0 meeting reminders."
    )
    assert run(env, "manage.py", "send_reminders") == (
        "Sent 0 reminders (due soon: 0, overdue: 0); skipped 0 with no address.\n"
        "Sent 0 meeting reminders."
    )
    # A message committed but not yet handed over when the process died is delivered now.
    run(env, "manage.py", "send_queued_messages", "--min-age", "0")
    assert counts(db) == {**whole(DEADLINES), "delivered": DEADLINES}
