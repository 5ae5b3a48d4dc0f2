"""TASKS_BACKEND chooses where every task is queued: the database (default) or Redis (RQ)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import os, json; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
    "import django; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.TASKS['default']['BACKEND'], getattr(settings, 'RQ_QUEUES', None),"
    " 'django_rq' in settings.INSTALLED_APPS]))"
)


def run(tmp_path, code: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TASKS_BACKEND", "TASKS_REDIS_URL", "REDIS_URL"}
    }
    environment |= {"SENDRESOLVE_ENV": "test", "SENDRESOLVE_VAR_DIR": str(tmp_path), **variables}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_database_backend_is_the_default(tmp_path):
    result = run(tmp_path, SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '["django_tasks_db.DatabaseBackend", null, false]'


def test_rq_queues_every_task_in_the_redis_given(tmp_path):
    result = run(tmp_path, SHOW, TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '["django_tasks_rq.RQBackend", {"default": {"URL": "redis://127.0.0.1:6379/3", '
        '"DEFAULT_TIMEOUT": 1800}}, true]'
    )
    # A Redis of its own for the queue, the cache keeping REDIS_URL.
    result = run(
        tmp_path,
        SHOW,
        TASKS_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/3",
        TASKS_REDIS_URL="redis://127.0.0.1:6379/4",
    )
    assert '"URL": "redis://127.0.0.1:6379/4"' in result.stdout


def test_rq_passes_the_system_checks(tmp_path):
    code = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check'])"
    )
    result = run(tmp_path, code, TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_rq_without_a_redis_refuses_to_start(tmp_path):
    result = run(tmp_path, SHOW, TASKS_BACKEND="rq")
    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr


def test_an_unknown_backend_refuses_to_start(tmp_path):
    result = run(tmp_path, SHOW, TASKS_BACKEND="celery")
    assert "TASKS_BACKEND must be one of database, rq" in result.stderr
