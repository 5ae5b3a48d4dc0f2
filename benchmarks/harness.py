"""Run the real application server against a throwaway database, for load, fault and latency tests.

Everything that touches Django runs in a child process configured for the throwaway database,
so this module can be imported anywhere (a pytest run with its own test database, a gevent-
patched locust process) without setting Django up. Typical use::

    from harness import api_token, served, staff_session, throwaway_database

    with throwaway_database("postgres", seed="demo") as db:   # or "sqlite"
        token = api_token(db, "adviser@global.demo")
        cookies = staff_session(db, "adviser@global.demo")
        with served(db, workers=2) as server:
            requests.get(f"{server.base_url}/staff/", cookies=cookies)

- :func:`throwaway_database` creates a temporary SQLite file (the settings' own SQLite branch,
  WAL mode, in a temporary ``SENDRESOLVE_VAR_DIR``) or a new PostgreSQL database
  ``sendresolve_load_<pid>_<n>``, migrates it, seeds it (``"demo"``: the full demo, as
  ``manage.py demo``, about 20 s; ``"minimal"``: the LAs, one provider commissioned by
  Barnet, one adviser and ten open cases, a few seconds; ``None``: nothing), and removes it
  afterwards.
  :func:`existing_database` wraps a database that exists already (served as it is).
- :func:`served` starts gunicorn (``config.wsgi``) on a free loopback port with production
  settings over plain HTTP, waits for ``/healthz`` and stops it (SIGTERM, then SIGKILL of its
  whole process group). :meth:`Server.kill` SIGKILLs the master and every worker at once.
  :func:`served_many` starts several such servers on several ports, as several app servers
  behind a load balancer: the same database and, with ``shared_redis`` (``REDIS_URL``), the same
  Redis cache; :class:`RoundRobin` spreads requests over the ones still up.
- :func:`staff_session` (a signed-in session cookie, with a verified django-otp device when
  two-factor sign-in is installed), :func:`api_token`, :func:`case_references` and
  :func:`family_status_links` make credentials and find pages server-side, with the server's
  secret key. :func:`django_call` runs any ``module:function`` against the database and returns
  its JSON result (the way to seed other data or inspect the database after a test);
  :func:`django_calls` runs several in one process, since each Django start-up takes a second.
  :func:`manage` runs a management command (e.g. a data generator) on the database.

Run ``python benchmarks/harness.py serve [--database sqlite|postgres] [--seed demo] [--servers N]``
to serve a throwaway copy by hand until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = Path(__file__).resolve().parent
# The server the PostgreSQL throwaway databases are created on (its maintenance database).
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
MINIMAL_PROVIDER = "load-mediation"
MINIMAL_USER = "adviser@load.test"
MINIMAL_LA = "302"  # Barnet
# The Redis several servers share as their cache (``REDIS_URL``): a database number no test uses
# (the RQ tests use 7-15). SENDRESOLVE_LOAD_REDIS_URL overrides it.
DEFAULT_SHARED_REDIS = "redis://127.0.0.1:6379/6"

_counter = itertools.count(1)

# Variables of the calling process that must not leak into the server: the test run's own
# settings module and database, and any mode it runs in.
_INHERITED_OUT = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SENDRESOLVE_ENV",
    "SENDRESOLVE_VAR_DIR",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "REDIS_URL",
)


@dataclass
class Database:
    """A throwaway database and the settings environment that points the application at it."""

    vendor: str  # "sqlite" or "postgres"
    name: str  # the SQLite file, or the PostgreSQL database name
    directory: Path  # scratch space: SENDRESOLVE_VAR_DIR, server logs
    env: dict[str, str] = field(default_factory=dict)  # DATABASE_URL / VAR_DIR, SECRET_KEY


def postgres_server_url(database_url: str = "") -> str:
    """The maintenance-database URL of the server ``database_url`` (or DATABASE_URL) is on."""
    url = database_url or os.environ.get("DATABASE_URL", "") or DEFAULT_POSTGRES_URL
    return url.rsplit("/", 1)[0] + "/postgres"


@contextlib.contextmanager
def throwaway_database(
    vendor: str = "sqlite", *, seed: str | None = "demo", server_url: str = ""
) -> Iterator[Database]:
    """Create, migrate and seed a database that is removed when the block ends."""
    if vendor not in ("sqlite", "postgres"):
        raise ValueError(f"vendor must be sqlite or postgres, not {vendor!r}")
    directory = Path(tempfile.mkdtemp(prefix=f"sendresolve-load-{vendor}-"))
    env = {
        "SENDRESOLVE_VAR_DIR": str(directory / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    admin = None
    if vendor == "postgres":
        import psycopg

        server = postgres_server_url(server_url)
        name = f"sendresolve_load_{os.getpid()}_{next(_counter)}"
        admin = psycopg.connect(server, autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    else:
        name = str(directory / "var" / "sendresolve.sqlite3")
    db = Database(vendor=vendor, name=name, directory=directory, env=env)
    try:
        migrate(db)
        if seed == "demo":
            django_call(db, "harness:_seed_demo", mode="development")
        elif seed == "minimal":
            django_call(db, "harness:_seed_minimal")
        elif seed is not None:
            raise ValueError(f"seed must be 'demo', 'minimal' or None, not {seed!r}")
        yield db
    finally:
        if admin is not None:
            # FORCE: a server killed mid-request may leave backends for a moment.
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
        shutil.rmtree(directory, ignore_errors=True)


def app_env(db: Database, *, mode: str = "production", extra: dict | None = None) -> dict:
    """The environment the application runs with: production settings over plain HTTP.

    Plain HTTP on loopback means no HTTPS redirect and cookies without the Secure flag (a client
    would not send them back otherwise); messages stay in the outbox.
    """
    env = {k: v for k, v in os.environ.items() if k not in _INHERITED_OUT}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SENDRESOLVE_ENV": mode,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "NOTIFICATIONS_BACKEND": "outbox",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCHMARKS)]),
        }
    )
    env.update(db.env)
    env.update(extra or {})
    return env


@contextlib.contextmanager
def existing_database(database_url: str) -> Iterator[Database]:
    """An existing PostgreSQL database (say, one filled at national scale), served as it is:
    not migrated, seeded or dropped. Only the scratch directory is removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="sendresolve-load-existing-"))
    env = {
        "SENDRESOLVE_VAR_DIR": str(directory / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
    }
    try:
        yield Database(
            vendor="postgres", name=database_url.rsplit("/", 1)[1], directory=directory, env=env
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def manage(db: Database, *args: str, mode: str = "production") -> str:
    """Run ``manage.py <args>`` on ``db`` and return what it printed on stdout."""
    return _run([sys.executable, "manage.py", *args], app_env(db, mode=mode))


def migrate(db: Database) -> None:
    manage(db, "migrate", "--noinput", "-v", "0")


def django_call(db: Database, target: str, *, mode: str = "production", **kwargs) -> Any:
    """Run ``module:function(**kwargs)`` in a Django process on ``db``; return its JSON result.

    ``module`` is importable from the repository root or ``benchmarks/`` (e.g.
    ``kill_test:verify``). Arguments and result go through JSON.
    """
    return django_calls(db, [(target, kwargs)], mode=mode)[0]


def django_calls(
    db: Database, calls: list[tuple[str, dict]], *, mode: str = "production"
) -> list[Any]:
    """Several :func:`django_call` calls in one process (a Django start-up takes a second)."""
    with tempfile.TemporaryDirectory(prefix="sendresolve-call-") as tmp:
        request, result = Path(tmp) / "in.json", Path(tmp) / "out.json"
        request.write_text(json.dumps([{"target": t, "kwargs": k} for t, k in calls]))
        _run(
            [sys.executable, str(Path(__file__)), "_call", str(request), str(result)],
            app_env(db, mode=mode),
        )
        return json.loads(result.read_text())


def staff_session(db: Database, username: str) -> dict[str, str]:
    """A signed-in staff session for ``username``, as cookies for a client: ``{name: value}``."""
    return django_call(db, "harness:_staff_session", username=username)


def api_token(db: Database, username: str, *, name: str = "load test") -> str:
    """A new API token for ``username`` (send it as ``Authorization: Bearer <token>``)."""
    return django_call(db, "harness:_api_token", username=username, name=name)


def family_status_links(db: Database, *, limit: int = 5) -> list[str]:
    """Paths of working family status pages (``/your-case/<signed link>/``) for seeded cases."""
    return django_call(db, "harness:_family_status_links", limit=limit)


def case_references(db: Database, username: str, *, limit: int = 10) -> list[str]:
    """References of cases ``username`` may see (for staff case pages)."""
    return django_call(db, "harness:_case_references", username=username, limit=limit)


@dataclass
class Server:
    """A running gunicorn: its address and process group."""

    base_url: str
    process: subprocess.Popen
    log: Path

    @property
    def pgid(self) -> int:
        return self.process.pid  # started in a new session: the master leads the group

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the master and every worker at once (SIGKILL: no clean-up of any kind)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, sig)

    def group_alive(self) -> bool:
        try:
            os.killpg(self.pgid, 0)
        except ProcessLookupError:
            return False
        # A zombie master still counts until reaped.
        return self.process.poll() is None or _group_has_live_members(self.pgid)

    def wait_dead(self, timeout: float = 10) -> bool:
        """Reap the master and wait until no process of the group is left."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.process.poll()
            if not _group_has_live_members(self.pgid):
                return True
            time.sleep(0.05)
        return False

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def served(
    db: Database,
    *,
    workers: int = 2,
    threads: int = 1,
    env: dict | None = None,
    port: int | None = None,
    startup_timeout: float = 60,
    gunicorn_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Serve ``db`` with gunicorn on ``127.0.0.1`` until the block ends."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = db.directory / f"gunicorn-{port}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        # Servers side by side (and other engineers' runs) would share ~/.gunicorn/gunicorn.ctl.
        "--no-control-socket",
        *gunicorn_args,
    ]
    environment = app_env(db, extra={"SENDRESOLVE_BASE_URL": base_url, **(env or {})})
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command,
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    server = Server(base_url=base_url, process=process, log=log)
    try:
        _wait_healthy(server, startup_timeout)
        yield server
    finally:
        stop(server)


def shared_redis(url: str = "") -> str:
    """The Redis URL several servers share: ``url``, SENDRESOLVE_LOAD_REDIS_URL or db 6."""
    return url or os.environ.get("SENDRESOLVE_LOAD_REDIS_URL", "") or DEFAULT_SHARED_REDIS


@contextlib.contextmanager
def served_many(
    db: Database, count: int, *, workers: int = 2, redis_url: str = "", env: dict | None = None
) -> Iterator[list[Server]]:
    """``count`` gunicorn servers on ``count`` ports, all on ``db``; with ``redis_url`` they
    share that Redis as their cache (sessions, too). One server without ``redis_url`` is
    exactly :func:`served`."""
    extra = {**({"REDIS_URL": redis_url} if redis_url else {}), **(env or {})}
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(served(db, workers=workers, env=extra)) for _ in range(count)]


class RoundRobin:
    """Base URLs of several servers, handed out in turn, as a load balancer would: a server
    marked down (its connection refused or cut) is skipped from then on. Thread-safe."""

    def __init__(self, base_urls: list[str]) -> None:
        import threading

        self.base_urls = list(base_urls)
        self.down: set[str] = set()
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            up = [url for url in self.base_urls if url not in self.down] or self.base_urls
            return up[next(self._turn) % len(up)]

    def mark_down(self, base_url: str) -> None:
        with self._lock:
            self.down.add(base_url)


def stop(server: Server, *, timeout: float = 10) -> None:
    """Stop gracefully (SIGTERM to the master), then SIGKILL whatever is left of the group."""
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            server.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout)
    server.kill(signal.SIGKILL)
    server.wait_dead(timeout)


def _die_with_parent() -> None:
    """In the gunicorn child: be killed if the process that started it dies (Linux), so a test
    stopped by SIGKILL or a timeout leaves no server behind. Its workers follow: they exit
    when their master goes."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit``, so context managers stop the server and drop the
    database when a script is terminated."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start-up:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=2) as response:  # noqa: S310
                if json.load(response).get("status") == "ok":
                    return
        except (OSError, urllib.error.URLError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not healthy after {timeout:.0f} s:\n{server.log_tail()}")


def _group_has_live_members(pgid: int) -> bool:
    """Whether any non-zombie process is in group ``pgid`` (read from /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # Fields after the command name (which may hold spaces) in parentheses.
        fields = text[text.rfind(")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _run(command: list[str], env: dict) -> str:
    completed = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[1:3])} failed ({completed.returncode}):\n"
            f"{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )
    return completed.stdout


# -- run inside the Django child process (``django_call``) ------------------------------------


def _seed_demo() -> None:
    from sendresolve.demo.services import demo_seed

    demo_seed()


def _seed_minimal(cases: int = 10) -> None:
    """The LAs, one provider commissioned by Barnet, one adviser (who manages it) and ``cases``
    open cases (opened through the service, each with a family email): enough for every kind of
    page, in seconds."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from sendresolve.cases.services import IssueInput, case_open
    from sendresolve.core import clock
    from sendresolve.tenancy.models import LocalAuthority, Provider
    from sendresolve.tenancy.roles import Role
    from sendresolve.tenancy.services import (
        commission_create,
        local_authorities_load,
        membership_grant,
    )

    local_authorities_load(actor=None)
    provider = Provider.objects.create(slug=MINIMAL_PROVIDER, name="Load Test Mediation")
    barnet = LocalAuthority.objects.get(dfe_code=MINIMAL_LA)
    commission_create(
        actor=None, provider=provider, local_authority=barnet, starts_on=dt.date(2020, 4, 1)
    )
    user = get_user_model().objects.create(username=MINIMAL_USER, email=MINIMAL_USER)
    membership_grant(actor=None, user=user, role=Role.ADVISER, provider=provider)
    # A small provider's adviser who also manages it: since roles have distinct powers (issue
    # 23), the load, race and kill tests' writes (confidential notes, certificates) need both.
    membership_grant(actor=None, user=user, role=Role.PROVIDER_MANAGER, provider=provider)
    today = clock.today()
    for n in range(cases):
        case_open(
            actor=user,
            provider=provider,
            local_authority=barnet,
            child_name=f"Seed Child {n}",
            requester="parent",
            requester_name=f"Seed Parent {n}",
            email=f"seed{n}@example.test",
            decision_description="Decision not to carry out an EHC needs assessment",
            decision_letter_date=today - dt.timedelta(days=n),
            opened_on=today,
            issues=[IssueInput(subject="refusal_to_assess")],
        )


def _staff_session(username: str) -> dict[str, str]:
    """A session as ``django.contrib.auth.login`` leaves it, plus a verified OTP device when
    django-otp is installed (staff pages then need one): no password or code is needed."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username=username)
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = _session_backend(settings.AUTHENTICATION_BACKENDS)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if apps.is_installed("django_otp"):
        device = _otp_device(user)
        if device is not None:
            from django_otp import DEVICE_ID_SESSION_KEY

            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return {settings.SESSION_COOKIE_NAME: store.session_key}


def _session_backend(backends: list[str]) -> str:
    """The backend a password sign-in records: Django's ModelBackend when listed (a guard such
    as django-axes's backend, listed first, authenticates nobody and loads no user)."""
    model_backend = "django.contrib.auth.backends.ModelBackend"
    return model_backend if model_backend in backends else backends[0]


def _otp_device(user):
    """The user's confirmed OTP device; a new TOTP device if they have none and TOTP is on."""
    from django.apps import apps
    from django_otp import devices_for_user

    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is None and apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
    return device


def _api_token(username: str, name: str) -> str:
    from django.contrib.auth import get_user_model

    from sendresolve.api.services import api_token_create

    user = get_user_model().objects.get(username=username)
    _, plaintext = api_token_create(actor=None, user=user, name=name)
    return plaintext


def _family_status_links(limit: int) -> list[str]:
    from django.urls import reverse

    from sendresolve.cases.models import Case
    from sendresolve.public.family.links import token_for

    cases = Case.objects.exclude(email="").order_by("reference")[:limit]
    return [reverse("public:family-status", kwargs={"token": token_for(c)}) for c in cases]


def _case_references(username: str, limit: int) -> list[str]:
    from django.contrib.auth import get_user_model

    from sendresolve.cases.selectors import cases_for

    user = get_user_model().objects.get(username=username)
    return list(cases_for(user).order_by("reference").values_list("reference", flat=True)[:limit])


def _call_main(request_path: str, result_path: str) -> int:
    sys.path[:0] = [str(ROOT), str(BENCHMARKS)]
    import django

    django.setup()
    results = []
    for call in json.loads(Path(request_path).read_text()):
        module_name, _, function_name = call["target"].partition(":")
        function = getattr(importlib.import_module(module_name), function_name)
        results.append(function(**call["kwargs"]))
    Path(result_path).write_text(json.dumps(results))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Serve a throwaway copy of SEND Resolve.")
    sub = parser.add_subparsers(dest="command", required=True)
    call = sub.add_parser("_call", help=argparse.SUPPRESS)
    call.add_argument("request")
    call.add_argument("result")
    serve = sub.add_parser("serve", help="serve a throwaway database until Ctrl-C")
    serve.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    serve.add_argument("--seed", choices=("demo", "minimal", "none"), default="demo")
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--servers", type=int, default=1, help="gunicorn instances (ports)")
    serve.add_argument("--redis", default="", help="shared Redis URL (default db 6 if --servers>1)")
    args = parser.parse_args()
    if args.command == "_call":
        return _call_main(args.request, args.result)
    exit_on_sigterm()
    seed = None if args.seed == "none" else args.seed
    redis_url = shared_redis(args.redis) if args.servers > 1 or args.redis else ""
    with (
        throwaway_database(args.database, seed=seed) as db,
        served_many(db, args.servers, workers=args.workers, redis_url=redis_url) as servers,
    ):
        urls = ", ".join(f"{server.base_url}/" for server in servers)
        print(f"Serving {db.vendor} database {db.name} at {urls} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            servers[0].process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
