"""Back up, change, restore, for real, on SQLite and on PostgreSQL.

Each round trip runs the commands in separate processes against a database of its own (a file
in ``tmp_path``; a throwaway PostgreSQL database), as in production: data is created through the
services (``data.seed``), backed up, changed (``data.modify``), restored, and every row of the
key tables, certificate PDF included, must be back exactly.
"""

import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[3]
# The server the PostgreSQL round trip uses (its database is created and dropped here).
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Given to the application when the URL has none (trust authentication ignores it): the test
# checks it never appears in any output or in the manifest.
DUMMY_PASSWORD = "never-shown-backup-pw"


def environment(tmp_path, database_url=None):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "SENDRESOLVE_ENV": "test",
        "SENDRESOLVE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "NOTIFICATIONS_BACKEND": "outbox",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(env, *args, ok=True):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    if ok:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def manage(env, *args, ok=True):
    return run(env, "manage.py", *args, ok=ok)


def data(env, function):
    """Run ``data.<function>()`` in its own process and return the snapshot it prints."""
    script = "import django; django.setup(); from sendresolve.operations.tests import data; "
    result = run(env, "-c", script + f"data.{function}()")
    return json.loads(result.stdout)


def counts_of(snapshot):
    tables = snapshot["tables"]
    return (
        f"cases_case {len(tables['cases_case'])}, "
        f"cases_caseevent {len(tables['cases_caseevent'])}, "
        f"audit_auditevent {len(tables['audit_auditevent'])}"
    )


def assert_seeded(snapshot):
    tables = snapshot["tables"]
    assert len(tables["cases_case"]) == 2
    (certificate,) = tables["cases_certificate"]
    pdf = next(value["base64"] for value in certificate if isinstance(value, dict))
    assert pdf.startswith("JVBERi")  # "%PDF"
    assert tables["cases_confidentialnote"]


def assert_changed(before, after):
    for table in ("cases_case", "cases_caseevent", "audit_auditevent", "cases_certificate"):
        assert after["tables"][table] != before["tables"][table], table
    assert after["tables"]["cases_confidentialnote"] == []


def assert_manifest(backup, *, vendor, snapshot):
    manifest = json.loads(backup.with_name(backup.name + ".json").read_text())
    assert manifest["vendor"] == vendor
    assert manifest["file"] == backup.name
    assert manifest["size"] == backup.stat().st_size
    assert manifest["sha256"] == hashlib.sha256(backup.read_bytes()).hexdigest()
    assert {"cases", "audit", "tenancy"} <= set(manifest["migrations"])
    assert all(name[:4].isdigit() for name in manifest["migrations"].values())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", manifest["created_at"])
    assert manifest["row_counts"] == {
        table: len(snapshot["tables"][table])
        for table in ("cases_case", "cases_caseevent", "audit_auditevent")
    }
    return manifest


def case_count(db):
    with closing(sqlite3.connect(db)) as database:
        return database.execute("SELECT COUNT(*) FROM cases_case").fetchone()[0]


def test_sqlite_round_trip_brings_every_row_back(tmp_path):
    env = environment(tmp_path)
    db = tmp_path / "sendresolve.sqlite3"
    manage(env, "migrate", "--no-input", "-v0")
    seeded = data(env, "seed")
    assert_seeded(seeded)

    backup = tmp_path / "backups" / "sendresolve.sqlite3.gz"
    backup.parent.mkdir()
    result = manage(env, "backup_database", str(backup))
    assert re.fullmatch(
        rf"Backed up SQLite to {re.escape(str(backup))} \(\d+\.\d kB\): {counts_of(seeded)}; "
        r"manifest sendresolve\.sqlite3\.gz\.json\.",
        result.stdout.strip(),
    )
    assert_manifest(backup, vendor="sqlite", snapshot=seeded)
    assert gzip.decompress(backup.read_bytes()).startswith(b"SQLite format 3\x00")

    changed = data(env, "modify")
    assert_changed(seeded, changed)
    assert case_count(db) == 3

    refused = manage(env, "restore_database", str(backup), ok=False)
    assert refused.returncode != 0
    assert refused.stderr.strip().startswith("CommandError: Refusing to restore without --yes")
    assert len(refused.stderr.strip().splitlines()) == 1

    tampered = tmp_path / "backups" / "tampered.sqlite3.gz"
    damaged = bytearray(backup.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    tampered.write_bytes(bytes(damaged))
    shutil.copy(
        backup.with_name(backup.name + ".json"), tampered.with_name(tampered.name + ".json")
    )
    mismatch = manage(env, "restore_database", str(tampered), "--yes", ok=False)
    assert mismatch.returncode != 0
    assert mismatch.stderr.strip() == (
        "CommandError: Checksum mismatch: tampered.sqlite3.gz is not the file its manifest "
        "describes (damaged or changed); nothing was restored."
    )
    assert case_count(db) == 3

    result = manage(env, "restore_database", str(backup), "--yes")
    assert re.fullmatch(
        rf"Restored SQLite {re.escape(str(db))} from {re.escape(str(backup))} \(backed up "
        rf"\S+\): {counts_of(seeded)}\.",
        result.stdout.strip(),
    )
    assert data(env, "snapshot") == seeded
    # The application turned WAL back on when it opened the restored file.
    with closing(sqlite3.connect(db)) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")) == []


@pytest.fixture
def postgres_database():
    """A throwaway PostgreSQL database; the URL the application should use to reach it."""
    server = dj_database_url.parse(POSTGRES_URL)
    connect = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"] or "postgres",
        "password": server["PASSWORD"] or None,
        "dbname": "postgres",
        "connect_timeout": 5,
        "autocommit": True,
    }
    try:
        admin = psycopg.connect(**connect)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at {connect['host']}:{connect['port']} is unreachable: {error}")
    name = f"sendresolve_backup_test_{os.getpid()}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            password = server["PASSWORD"] or DUMMY_PASSWORD
            yield (
                f"postgres://{connect['user']}:{password}@{connect['host']}:{connect['port']}"
                f"/{name}",
                password,
            )
        finally:
            admin.execute(drop)


def test_postgres_round_trip_brings_every_row_back(tmp_path, postgres_database):
    url, password = postgres_database
    env = environment(tmp_path, url)
    manage(env, "migrate", "--no-input", "-v0")
    seeded = data(env, "seed")
    assert_seeded(seeded)

    backup = tmp_path / "sendresolve.dump"
    result = manage(env, "backup_database", str(backup))
    assert re.fullmatch(
        rf"Backed up PostgreSQL to {re.escape(str(backup))} \(\d+\.\d kB\): "
        rf"{counts_of(seeded)}; manifest sendresolve\.dump\.json\.",
        result.stdout.strip(),
    )
    assert password not in result.stdout + result.stderr
    assert backup.read_bytes().startswith(b"PGDMP")
    assert_manifest(backup, vendor="postgresql", snapshot=seeded)
    assert password not in backup.with_name("sendresolve.dump.json").read_text()

    changed = data(env, "modify")
    assert_changed(seeded, changed)

    result = manage(env, "restore_database", str(backup), "--yes")
    name = url.rsplit("/", 1)[1]
    assert re.fullmatch(
        rf"Restored PostgreSQL database {name} from {re.escape(str(backup))} \(backed up \S+\): "
        rf"{counts_of(seeded)}\.",
        result.stdout.strip(),
    )
    assert password not in result.stdout + result.stderr
    assert data(env, "snapshot") == seeded
