"""Settings read the environment in one place and fail loudly."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[1]


def load_settings(
    extra_env: dict[str, str], show: str = "settings.DEBUG, settings.DATABASES['default']['ENGINE']"
) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SENDRESOLVE_ENV", "SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    environment.update(extra_env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; "
        f"print({show})"
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


def test_old_secret_keys_are_read_from_a_comma_separated_list(tmp_path):
    base = {"SENDRESOLVE_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 60}
    show = "settings.SECRET_KEY_FALLBACKS"
    none = load_settings(base, show)
    two = load_settings({**base, "SECRET_KEY_FALLBACKS": "o" * 60 + ", " + "p" * 60}, show)
    assert none.stdout.strip() == "[]"
    assert two.stdout.strip() == repr(["o" * 60, "p" * 60])


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


@pytest.mark.parametrize(
    ("redis_url", "cache", "sessions"),
    [
        (
            "redis://127.0.0.1:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "django.contrib.sessions.backends.cached_db",
        ),
        # Without a shared cache, sessions are read from the database only: a per-process
        # cache would let one worker miss another's change to a session.
        (
            "",
            "django.core.cache.backends.locmem.LocMemCache",
            "django.contrib.sessions.backends.db",
        ),
    ],
    ids=["redis", "no-redis"],
)
def test_redis_url_switches_to_a_shared_cache_and_cached_sessions(
    tmp_path, redis_url, cache, sessions
):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, "
        "settings.CACHES['pages']['BACKEND'])"
    )
    environment = {
        **os.environ,
        "SENDRESOLVE_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k" * 60,
        "REDIS_URL": redis_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    # Rendered advice pages stay in each process's memory either way.
    assert result.stdout.split() == [
        cache,
        sessions,
        "django.core.cache.backends.locmem.LocMemCache",
    ]


# Variables a production server is given; none may leak in from the developer's shell.
PRODUCTION_VARIABLES = {
    "SENDRESOLVE_ENV",
    "SENDRESOLVE_SIGNING_KEY",
    "SENDRESOLVE_SIGNING_CERT",
    "SENDRESOLVE_VAR_DIR",
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "SESSION_COOKIE_AGE",
    "REQUIRE_2FA",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "TRUSTED_PROXIES",
    "SENDRESOLVE_DEMO",
    "NOTIFICATIONS_BACKEND",
    "NOTIFY_API_KEY",
    "NOTIFY_TEMPLATE_IDS",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests' fixture (tests/browser.py); never on a server.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    # The task queue on Redis (issue 25).
    "TASKS_BACKEND",
    "TASKS_REDIS_URL",
}


def production_environment(tmp_path) -> dict[str, str]:
    """What a production server needs, and nothing else: the defaults decide the rest."""
    import uuid

    from sendresolve.notifications.models import Channel
    from sendresolve.notifications.templates import TEMPLATES

    template_ids = {
        template.notify_key(channel): str(uuid.uuid4())
        for template in TEMPLATES.values()
        for channel in template.channels
        if channel != Channel.LETTER
    }
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    environment.update(
        {
            "SENDRESOLVE_ENV": "production",
            "SENDRESOLVE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "p" * 30 + "-production-secret-key-for-the-check",
            "ALLOWED_HOSTS": "sendresolve.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
            "NOTIFY_API_KEY": "sendresolve-check-" + str(uuid.uuid4()) + "-" + str(uuid.uuid4()),
            "NOTIFY_TEMPLATE_IDS": json.dumps(template_ids),
        }
    )
    # The provider's certificate-signing key and certificate, as PEM text (issue 21).
    from sendresolve.documents.signing import development_key_pair

    key, cert = development_key_pair("Production check")
    environment["SENDRESOLVE_SIGNING_KEY"] = key.decode()
    environment["SENDRESOLVE_SIGNING_CERT"] = cert.decode()
    return environment


def test_check_deploy_passes_with_no_warnings_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_without_a_signing_key_says_so_and_fails_the_deploy_check(tmp_path):
    environment = production_environment(tmp_path)
    del environment["SENDRESOLVE_SIGNING_KEY"], environment["SENDRESOLVE_SIGNING_CERT"]

    def check(*options):
        return subprocess.run(
            [sys.executable, "manage.py", "check", *options],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )

    started = check()
    assert started.returncode == 0
    assert "verification.W001" in started.stdout + started.stderr
    assert "SENDRESOLVE_SIGNING_KEY" in started.stdout + started.stderr
    deploy = check("--deploy")
    assert deploy.returncode != 0
    assert "verification.E001" in deploy.stderr


def test_production_defaults_are_the_secure_ones(tmp_path):
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings as s; print(json.dumps({"
        "'hashers': s.PASSWORD_HASHERS, 'validators': s.AUTH_PASSWORD_VALIDATORS, "
        "'redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, "
        "'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'preload': s.SECURE_HSTS_PRELOAD, "
        "'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY], "
        "'session': [s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE], "
        "'frames': s.X_FRAME_OPTIONS, '2fa': s.SENDRESOLVE_REQUIRE_2FA, 'demo': s.DEMO_MODE, "
        "'lockout': [s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.AXES_LOCKOUT_PARAMETERS], 'backends': s.AUTHENTICATION_BACKENDS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    validators = {v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {}) for v in found["validators"]}
    assert set(validators) == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
    assert validators["MinimumLengthValidator"]["min_length"] >= 12
    assert found["redirect"] is True
    assert found["hsts"] >= 31536000
    assert found["subdomains"] is True
    assert found["preload"] is True
    assert found["cookies"] == [True, True, True]
    assert found["session"] == [8 * 60 * 60, True]
    assert found["frames"] == "DENY"
    assert found["2fa"] is True
    assert found["demo"] is False
    assert found["lockout"] == [5, 15 * 60, ["username"]]
    assert found["backends"][0] == "axes.backends.AxesStandaloneBackend"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-pw-1", "too short"),
        ("password1234", "too common"),
        ("834729104856", "entirely numeric"),
        ("lee.caseworker", "too similar"),
    ],
)
def test_weak_staff_passwords_are_refused(password, message):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = get_user_model()(username="lee.caseworker@example.test", email="lee@example.test")
    with pytest.raises(ValidationError, match=message):
        validate_password(password, user=user)


def test_demo_passwords_pass_the_password_validators():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    from sendresolve.demo import data
    from sendresolve.demo.services import demo_password

    for demo in data.USERS:
        user = get_user_model()(
            username=demo.username,
            email=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
        )
        validate_password(demo_password(demo.username), user=user)  # raises if refused
