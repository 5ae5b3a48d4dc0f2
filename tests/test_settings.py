"""Settings read the environment in one place and fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[1]


def load_settings(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SENDRESOLVE_ENV", "SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    environment.update(extra_env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = load_settings({"SENDRESOLVE_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable." in result.stderr


def test_production_with_a_short_secret_key_refuses_to_start(tmp_path):
    result = load_settings({"SENDRESOLVE_VAR_DIR": str(tmp_path), "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    key = "k" * 60
    off = load_settings({"SENDRESOLVE_VAR_DIR": str(tmp_path), "SECRET_KEY": key})
    on = load_settings({"SENDRESOLVE_VAR_DIR": str(tmp_path), "SECRET_KEY": key, "DEBUG": "true"})
    assert off.stdout.split()[0] == "False"
    assert on.stdout.split()[0] == "True"


def test_database_url_switches_to_postgresql(tmp_path):
    result = load_settings(
        {
            "SENDRESOLVE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "k" * 60,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        }
    )
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


def test_sqlite_by_default_in_a_file_under_var_in_wal_mode(tmp_path):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE']); print(d['NAME']); print(d['OPTIONS']['init_command'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update({"SENDRESOLVE_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 60})
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    engine, name, init_command = result.stdout.splitlines()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == tmp_path / "sendresolve.sqlite3"
    assert "journal_mode=WAL" in init_command


@pytest.mark.parametrize(
    ("helper", "name", "value", "message"),
    [
        (env.env_bool, "X_BOOL", "maybe", "X_BOOL must be true or false"),
        (env.env_int, "X_INT", "ten", "X_INT must be a whole number"),
    ],
)
def test_typed_helpers_name_the_bad_variable(monkeypatch, helper, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        helper(name, 0)


def test_env_helpers_parse_good_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert env.env_bool("X_BOOL") is True
    assert env.env_int("X_INT", 0) == 42
    assert env.env_list("X_LIST") == ["a", "b", "c"]
    with pytest.raises(ImproperlyConfigured, match="X_CHOICE must be one of a, b"):
        monkeypatch.setenv("X_CHOICE", "c")
        env.env_choice("X_CHOICE", ("a", "b"), "a")


def test_redis_url_switches_to_a_shared_cache(tmp_path):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    environment = {
        **os.environ,
        "SENDRESOLVE_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k" * 60,
        "REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
