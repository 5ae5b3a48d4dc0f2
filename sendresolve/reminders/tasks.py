"""The reminder job as a task (django-tasks, on the database or the RQ backend), and its daily
schedule.

Each run sends the deadline reminders (``reminders.services``) and the meeting reminders
(``reminders.meetings``).

django-tasks has no cron, so the job keeps its own chain: each run first makes sure the next run
(the next 07:00 in London) is queued, then sends the reminders. The queue is a database table, so
the chain survives restarts of the worker and of the server; and because the next run is queued
before any work, a run that fails or is killed does not break it (the next run sends what this
one did not). ``manage.py schedule_reminders`` starts the chain, and can be run at every deploy:
it queues nothing when a run is already waiting. The queue is the database table or, with
``TASKS_BACKEND=rq``, Redis (RQ's scheduled-job registry, moved to the queue by a worker started
with ``--with-scheduler``); ``core.taskqueue`` reads what is waiting on either.
"""

import datetime as dt
import logging

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from sendresolve.core import clock, taskqueue
from sendresolve.core.taskqueue import Waiting
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
    """Runs of the reminder job waiting in the database queue (due now or later); the database
    backend's rows, for inspecting them (``taskqueue.runs_waiting`` reads either backend)."""
    return DBTaskResult.objects.filter(
        task_path=reminders_send.module_path,
        backend_name=reminders_send.backend,
        status=TaskResultStatus.READY,
    ).order_by("run_after", "enqueued_at")


def _holds_runs() -> bool:
    if taskqueue.can_hold_runs(reminders_send):
        return True
    # The immediate and dummy backends cannot hold a run for later.
    logger.warning("The task backend cannot hold runs for later: reminders are not scheduled.")
    return False


def _queued(result: object, run_after: dt.datetime | None) -> Waiting:
    return Waiting(id=str(getattr(result, "id", "")), run_after=run_after)


def reminders_schedule(*, now: dt.datetime | None = None) -> Waiting | None:
    """Make sure a run of the reminder job is queued; return the run that is waiting.

    Queues one for the next ``RUN_AT`` unless one is already waiting (whenever it is due).
    None when the backend cannot hold runs (the immediate and dummy backends).
    """
    if not _holds_runs():
        return None
    with taskqueue.scheduling(reminders_send):
        waiting = taskqueue.runs_waiting(reminders_send)
        if waiting:
            return waiting[0]
        run_after = next_run_at(now or clock.now())
        result = reminders_send.using(run_after=run_after).enqueue()
    logger.info("Next reminder run queued for %s", run_after.isoformat())
    return _queued(result, run_after)


def reminders_run_now() -> Waiting | None:
    """Queue a run of the reminder job to start as soon as a worker is free (it then keeps the
    chain going); return the waiting run if one is already due now."""
    if not _holds_runs():
        return None
    now = clock.now()
    with taskqueue.scheduling(reminders_send):
        for run in taskqueue.runs_waiting(reminders_send):
            if run.run_after is None or run.run_after <= now:
                return run
        return _queued(reminders_send.enqueue(), None)
