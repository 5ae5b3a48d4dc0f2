"""Run tasks through the RQ backend and a real RQ worker against this machine's Redis.

``rq_tasks`` (a fixture, imported by the tests that use it) points ``settings.TASKS`` at
django-tasks-rq and ``RQ_QUEUES`` at a Redis database of its own: each test process leases one
of ``DATABASES`` (a key set only if absent, with an expiry), so the two xdist workers, and other
test runs on the same machine, never share a queue. ``rq_tasks.work()`` runs an RQ
``SimpleWorker`` in burst mode, with its scheduler: every job due, in this process (so in the
test's database transaction), then it returns.

Redis is on every CI machine: there an unreachable Redis fails the test, with the reason;
elsewhere it skips.
"""

import os
import uuid

import pytest
import redis

REDIS = os.environ.get("SENDRESOLVE_TEST_REDIS", "redis://127.0.0.1:6379").rstrip("/")
DATABASES = range(8, 16)  # tests/test_reliability.py uses 7
LEASE_KEY = "sendresolve:test-lease"
LEASE_SECONDS = 600


class RQTasks:
    def __init__(self, connection: redis.Redis, url: str):
        self.connection = connection
        self.url = url

    def work(self) -> bool:
        """Run every job that is due (scheduled ones whose time has come first), then return
        whether any ran."""
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        queue = django_rq.get_queue("default", job_class=Job)
        worker = SimpleWorker(
            [queue], connection=queue.connection, job_class=Job, name=f"test-{uuid.uuid4().hex}"
        )
        return worker.work(burst=True, with_scheduler=True)

    def keys(self, pattern: str = "rq:*") -> list[bytes]:
        return list(self.connection.scan_iter(pattern))

    def clear(self) -> None:
        for key in self.keys("rq:*") + self.keys("sendresolve:schedule:*"):
            self.connection.delete(key)


def _reachable() -> None:
    try:
        redis.Redis.from_url(f"{REDIS}/0", socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        reason = f"Redis is not reachable at {REDIS} ({error}); the RQ task-queue tests need it"
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(f"{reason}: CI machines run redis-server on 127.0.0.1:6379.")
        pytest.skip(reason)


def _lease(token: str) -> tuple[redis.Redis, str]:
    for number in DATABASES:
        url = f"{REDIS}/{number}"
        connection = redis.Redis.from_url(url)
        if connection.set(LEASE_KEY, token, nx=True, ex=LEASE_SECONDS):
            return connection, url
    pytest.fail(f"Every Redis database from {DATABASES[0]} to {DATABASES[-1]} is leased.")


@pytest.fixture
def rq_tasks(settings):
    _reachable()
    token = uuid.uuid4().hex
    connection, url = _lease(token)
    helper = RQTasks(connection, url)
    helper.clear()
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 300}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    try:
        yield helper
    finally:
        helper.clear()
        if connection.get(LEASE_KEY) == token.encode():
            connection.delete(LEASE_KEY)
