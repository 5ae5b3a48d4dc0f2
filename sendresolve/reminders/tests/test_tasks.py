import datetime as dt
import io
import signal
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.reminders.models import Reminder
from sendresolve.reminders.tasks import next_run_at, reminders_send, runs_queued
from sendresolve.reminders.tests.conftest import TODAY
from sendresolve.reminders.tests.factories import add_deadline, reminder_messages

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def run_worker():
    """Run the database task worker once, as `manage.py db_worker --batch` does: every task
    that is due, then exit."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run():
        out = io.StringIO()
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out
        )
        return out.getvalue()

    yield run
    # The worker installs its own handlers for a graceful stop; put pytest's back.
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def command(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2024, 3, 20, 6, 59), london(2024, 3, 20, 7, 0)),
        (london(2024, 3, 20, 7, 0), london(2024, 3, 21, 7, 0)),
        (london(2024, 3, 20, 23, 30), london(2024, 3, 21, 7, 0)),
        # Clocks go forward on Sunday 31 March 2024: 07:00 BST is 06:00 UTC.
        (london(2024, 3, 30, 8, 0), dt.datetime(2024, 3, 31, 6, 0, tzinfo=dt.UTC)),
        # A UTC time late on the 26th is already the 27th in London (BST).
        (dt.datetime(2024, 10, 26, 23, 30, tzinfo=dt.UTC), london(2024, 10, 27, 7, 0)),
    ],
)
def test_the_next_run_is_the_next_seven_oclock_in_london(now, expected):
    assert next_run_at(now) == expected


# The worker closes connections it thinks are stale (close_old_connections), which inside a
# test's wrapping transaction closes PostgreSQL's: these tests commit for real, as the worker does.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_job_sends_reminders_and_queues_tomorrows_run(
    world, pinned_clock, run_worker
):
    pinned_clock.move_to(london(2024, 3, 20, 7, 0, 5), tick=False)
    case = open_case(world)
    deadline = add_deadline(case, responsible="provider", due_on=TODAY + DAY)
    assert command("schedule_reminders", "--now") == (
        "Reminder job queued to run as soon as the worker is free."
    )
    [first] = DBTaskResult.objects.all()

    run_worker()

    first.refresh_from_db()
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert first.return_value == {
        "due_soon": 1,
        "overdue": 0,
        "skipped": 0,
        "sent": 1,
        "meeting_reminders": 0,
        "webhooks": 0,  # no webhook endpoints registered (sendresolve/webhooks/tests)
    }
    assert deadline.reminders.get().state == Reminder.State.DUE_SOON
    [following] = runs_queued()
    assert following.run_after == london(2024, 3, 21, 7, 0)

    # A worker started again before then (a restart) runs nothing.
    run_worker()
    assert list(runs_queued()) == [following]

    # The next morning the chain goes on: it runs, sends only what is new, and queues the next.
    pinned_clock.move_to(london(2024, 3, 21, 7, 0, 1), tick=False)
    run_worker()
    following.refresh_from_db()
    assert following.status == TaskResultStatus.SUCCESSFUL
    assert following.return_value["sent"] == 0
    assert [run.run_after for run in runs_queued()] == [london(2024, 3, 22, 7, 0)]
    assert reminder_messages().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_leaves_the_next_run_queued(world, pinned_clock, run_worker):
    pinned_clock.move_to(london(2024, 3, 20, 7, 0, 5), tick=False)
    reminders_send.enqueue()
    with mock.patch(
        "sendresolve.reminders.services.reminders_send", side_effect=RuntimeError("boom")
    ):
        run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert [run.run_after for run in runs_queued()] == [london(2024, 3, 21, 7, 0)]


def test_schedule_reminders_queues_one_run_however_often_it_is_called(pinned_clock):
    pinned_clock.move_to(london(2024, 3, 20, 9, 0), tick=False)
    expected = "Reminder job queued for 2024-03-21 07:00 (London time)."
    assert command("schedule_reminders") == expected
    assert command("schedule_reminders") == expected
    assert runs_queued().count() == 1
    # Asking for a run now adds one; asking again does not.
    command("schedule_reminders", "--now")
    command("schedule_reminders", "--now")
    assert runs_queued().count() == 2


def test_schedule_reminders_needs_the_database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with pytest.raises(CommandError, match="database backend"):
        command("schedule_reminders")


def test_send_reminders_sends_now_and_says_how_many(world):
    case = open_case(world)
    add_deadline(case, responsible="provider", due_on=TODAY + DAY)
    add_deadline(case, responsible="provider", due_on=TODAY - DAY)
    add_deadline(case, responsible="school", due_on=TODAY - DAY)
    assert command("send_reminders") == (
        "Sent 2 reminders (due soon: 1, overdue: 1); skipped 1 with no address.\n"
        "Sent 0 meeting reminders."
    )
    assert command("send_reminders") == (
        "Sent 0 reminders (due soon: 0, overdue: 0); skipped 1 with no address.\n"
        "Sent 0 meeting reminders."
    )
