"""The reminder job as a task (django-tasks, database backend), and its daily schedule.

Each run sends the deadline reminders (``reminders.services``) and the meeting reminders
(``reminders.meetings``).

django-tasks has no cron, so the job keeps its own chain: each run first makes sure the next run
(the next 07:00 in London) is queued, then sends the reminders. The queue is a database table, so
the chain survives restarts of the worker and of the server; and because the next run is queued
before any work, a run that fails or is killed does not break it (the next run sends what this
one did not). ``manage.py schedule_reminders`` starts the chain, and can be run at every deploy:
it queues nothing when a run is already waiting.
"""

import datetime as dt
import logging
from typing import cast

from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.backend import TaskResult as DatabaseTaskResult
from django_tasks_db.models import DBTaskResult, get_date_max

from sendresolve.core import clock
from sendresolve.reminders import meetings, services
from sendresolve.webhooks.services import deadline_deliveries_queue

logger = logging.getLogger(__name__)

RUN_AT = dt.time(7, 0)  # London time: before the working day starts


@task()
def reminders_send() -> dict[str, int]:
    """Queue the next run, then send today's deadline and meeting reminders and queue the
    deadline webhooks; return the counts (``meeting_reminders``: how many meeting reminders
    went; ``webhooks``: how many deadline webhook deliveries were queued, issue 25)."""
    reminders_schedule()
    today = clock.today()
    counts = services.reminders_send(today=today).as_dict()
    return {
        **counts,
        "meeting_reminders": meetings.meeting_reminders_send(today=today),
        "webhooks": deadline_deliveries_queue(today=today),
    }


def next_run_at(now: dt.datetime) -> dt.datetime:
    """The first ``RUN_AT`` in London strictly after ``now``."""
    local = now.astimezone(clock.LONDON)
    candidate = dt.datetime.combine(local.date(), RUN_AT, tzinfo=clock.LONDON)
    if candidate <= local:
        candidate = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), RUN_AT, tzinfo=clock.LONDON
        )
    return candidate


def runs_queued():
    """Runs of the reminder job waiting in the database queue (due now or later)."""
    return DBTaskResult.objects.filter(
        task_path=reminders_send.module_path,
        backend_name=reminders_send.backend,
        status=TaskResultStatus.READY,
    ).order_by("run_after", "enqueued_at")


def run_starts_at(run: DBTaskResult) -> dt.datetime | None:
    """When a queued run may start: None for "as soon as a worker is free"."""
    return None if run.run_after == get_date_max() else run.run_after


def _database_queue() -> bool:
    if isinstance(reminders_send.get_backend(), DatabaseBackend):
        return True
    # The immediate and dummy backends cannot hold a run for later.
    logger.warning("The task backend is not the database backend: reminders are not scheduled.")
    return False


def _row(result: object) -> DBTaskResult:
    """The database row of a run the database backend (checked first) has just queued."""
    return cast(DatabaseTaskResult, result).db_result


def reminders_schedule(*, now: dt.datetime | None = None) -> DBTaskResult | None:
    """Make sure a run of the reminder job is queued; return the run that is waiting.

    Queues one for the next ``RUN_AT`` unless one is already waiting (whenever it is due).
    """
    if not _database_queue():
        return None
    with transaction.atomic():
        waiting = runs_queued().first()
        if waiting is not None:
            return waiting
        run_after = next_run_at(now or clock.now())
        result = reminders_send.using(run_after=run_after).enqueue()
    logger.info("Next reminder run queued for %s", run_after.isoformat())
    return _row(result)


def reminders_run_now() -> DBTaskResult | None:
    """Queue a run of the reminder job to start as soon as a worker is free (it then keeps the
    chain going); return the waiting run if one is already due now."""
    if not _database_queue():
        return None
    with transaction.atomic():
        due = (runs_queued() & DBTaskResult.objects.ready()).first()
        if due is not None:
            return due
        return _row(reminders_send.enqueue())
