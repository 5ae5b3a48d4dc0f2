"""The task queue, whichever backend the settings choose (``TASKS_BACKEND``).

Every job is a django-tasks ``@task``; ``settings.TASKS`` decides where it is queued: the
database backend (django-tasks-db, the default, one ``db_worker`` beside a single server) or
Redis through RQ (django-tasks-rq, RQ workers beside several servers). Enqueuing a task is the
same on both; only a job that keeps its own schedule (the daily reminder run) needs to look at
what is already waiting, and this module answers that for either backend.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks.base import Task

BackendKind = Literal["database", "rq", "other"]

# How long the RQ lock that makes "queue a run unless one is waiting" atomic may be held.
LOCK_SECONDS = 30


@dataclass(frozen=True)
class Waiting:
    """A queued run of a task: its id in the backend, and when it may start (None: as soon as
    a worker is free)."""

    id: str
    run_after: dt.datetime | None


def backend_kind(task: Task[Any, Any]) -> BackendKind:
    """Which kind of backend ``task`` is queued on."""
    # Imported here: the RQ backend's modules need django-rq only when it is chosen.
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        return "database"
    if type(backend).__module__.startswith("django_tasks_rq"):
        return "rq"
    return "other"


def can_hold_runs(task: Task[Any, Any]) -> bool:
    """Whether the backend keeps queued runs (and runs for later) outside this process."""
    return backend_kind(task) in {"database", "rq"}


def runs_waiting(task: Task[Any, Any]) -> list[Waiting]:
    """The runs of ``task`` waiting to start (due now or later), soonest first."""
    kind = backend_kind(task)
    if kind == "database":
        return _database_waiting(task)
    if kind == "rq":
        return _rq_waiting(task)
    return []


@contextlib.contextmanager
def scheduling(task: Task[Any, Any]) -> Iterator[None]:
    """Hold this while checking what is waiting and queuing a run, so two callers at once
    queue one run: a database transaction, or for RQ a Redis lock named after the task."""
    if backend_kind(task) == "rq":
        import django_rq

        connection = django_rq.get_connection(task.queue_name)
        with connection.lock(f"sendresolve:schedule:{task.module_path}", timeout=LOCK_SECONDS):
            yield
        return
    with transaction.atomic():
        yield


def _database_waiting(task: Task[Any, Any]) -> list[Waiting]:
    from django_tasks_db.models import DBTaskResult, get_date_max

    rows = DBTaskResult.objects.filter(
        task_path=task.module_path,
        backend_name=task.backend,
        status=TaskResultStatus.READY,
    ).order_by("run_after", "enqueued_at")
    never = get_date_max()
    return [
        Waiting(id=str(row.id), run_after=None if row.run_after == never else row.run_after)
        for row in rows
    ]


def _rq_waiting(task: Task[Any, Any]) -> list[Waiting]:
    import django_rq
    from rq.exceptions import NoSuchJobError
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry

    queue = django_rq.get_queue(task.queue_name)
    scheduled = ScheduledJobRegistry(queue=queue)
    found: list[Waiting] = []
    for job_id in [*queue.get_job_ids(), *scheduled.get_job_ids()]:
        try:
            job = Job.fetch(job_id, connection=queue.connection)
        except NoSuchJobError:  # finished or expired since the ids were read
            continue
        if job.func_name != task.module_path:
            continue
        try:
            run_after: dt.datetime | None = scheduled.get_scheduled_time(job_id)
        except NoSuchJobError:  # in the queue itself: as soon as a worker is free
            run_after = None
        found.append(Waiting(id=job_id, run_after=run_after))
    earliest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(found, key=lambda run: run.run_after or earliest)
