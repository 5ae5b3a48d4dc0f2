"""The backup helpers on their own: files, manifests, SQLite copies and pg_dump arguments."""

import datetime as dt
import gzip
import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing

import pytest

from sendresolve.operations import backups
from sendresolve.operations.backups import BackupError


def live_database(path, *tables):
    """A WAL-mode database with tables of one integer column, as the application runs it."""
    with closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA journal_mode=WAL")
        for table in tables:
            database.execute(f"CREATE TABLE {table} (n INTEGER)")
        database.commit()
    return path


def count(path, table):
    with closing(sqlite3.connect(path)) as database:
        return database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_the_helpers_import_nothing_from_django():
    code = (
        "import sys, sendresolve.operations.backups\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'config'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- names, sizes, manifests ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (999, "999 bytes"),
        (1000, "1.0 kB"),
        (15_321, "15.3 kB"),
        (2_500_000, "2.5 MB"),
    ],
)
def test_human_size(size, text):
    assert backups.human_size(size) == text


@pytest.mark.parametrize(
    ("name", "compression"),
    [("nightly.sqlite3", "none"), ("nightly.sqlite3.gz", "gzip"), ("NIGHTLY.DB", "none")],
)
def test_sqlite_backup_names_choose_the_compression(tmp_path, name, compression):
    assert backups.sqlite_compression(tmp_path / name) == compression


def test_a_sqlite_backup_name_without_a_known_ending_is_refused(tmp_path):
    with pytest.raises(BackupError, match=r"must end in \.sqlite3 .* or \.gz"):
        backups.sqlite_compression(tmp_path / "nightly.bak")


def test_an_existing_backup_or_manifest_is_not_overwritten_without_force(tmp_path):
    backup = tmp_path / "nightly.sqlite3.gz"
    backups.check_new_output(backup, force=False)
    backups.manifest_path(backup).write_text("{}")
    with pytest.raises(
        BackupError, match=r"nightly\.sqlite3\.gz\.json already exists; use --force"
    ):
        backups.check_new_output(backup, force=False)
    backups.check_new_output(backup, force=True)
    with pytest.raises(BackupError, match="is not a directory"):
        backups.check_new_output(tmp_path / "missing" / "nightly.sqlite3", force=True)


def manifest_for(backup, vendor="sqlite"):
    manifest = backups.manifest_build(
        backup=backup,
        vendor=vendor,
        compression="none",
        created_at=dt.datetime(2025, 1, 31, 23, 30, tzinfo=dt.UTC),
        migrations={"cases": "0002_b", "audit": "0002_a"},
        row_counts={"cases_case": 2},
        django_version="5.2",
    )
    backups.manifest_write(backup, manifest)
    return manifest


def test_the_manifest_records_the_file_and_reads_back(tmp_path):
    backup = tmp_path / "nightly.sqlite3"
    backup.write_bytes(b"backup bytes")
    manifest_for(backup)
    written = json.loads((tmp_path / "nightly.sqlite3.json").read_text())
    assert written == {
        "format": "sendresolve-backup",
        "version": 1,
        "file": "nightly.sqlite3",
        "vendor": "sqlite",
        "compression": "none",
        "created_at": "2025-01-31T23:30:00+00:00",
        "size": 12,
        "sha256": hashlib.sha256(b"backup bytes").hexdigest(),
        "django": "5.2",
        "migrations": {"audit": "0002_a", "cases": "0002_b"},
        "row_counts": {"cases_case": 2},
    }
    assert backups.manifest_read(backup) == written
    backups.check_backup(backup, written, vendor="sqlite")


def test_sha256_is_that_of_the_bytes(tmp_path):
    path = tmp_path / "file"
    path.write_bytes(b"abc")
    assert backups.sha256_file(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_a_changed_byte_fails_the_checksum(tmp_path):
    backup = tmp_path / "nightly.sqlite3"
    backup.write_bytes(b"backup bytes")
    manifest = manifest_for(backup)
    backup.write_bytes(b"backup byteS")
    with pytest.raises(BackupError, match="^Checksum mismatch: nightly.sqlite3 is not the file"):
        backups.check_backup(backup, manifest, vendor="sqlite")


def test_another_vendors_backup_is_refused(tmp_path):
    backup = tmp_path / "nightly.dump"
    backup.write_bytes(b"PGDMP...")
    manifest = manifest_for(backup, vendor="postgresql")
    with pytest.raises(
        BackupError,
        match="nightly.dump is a PostgreSQL backup but the configured database is SQLite",
    ):
        backups.check_backup(backup, manifest, vendor="sqlite")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, r"No manifest nightly\.sqlite3\.json beside nightly\.sqlite3"),
        ("{not json", r"nightly\.sqlite3\.json is not a readable JSON manifest"),
        ('{"format": "something-else"}', "is not a SEND Resolve backup manifest"),
        ('{"format": "sendresolve-backup", "version": 1, "vendor": "sqlite"}', "has no 'sha256'"),
    ],
)
def test_a_missing_or_foreign_manifest_is_refused(tmp_path, content, reason):
    backup = tmp_path / "nightly.sqlite3"
    backup.write_bytes(b"")
    if content is not None:
        backups.manifest_path(backup).write_text(content)
    with pytest.raises(BackupError, match=reason):
        backups.manifest_read(backup)


# -- SQLite -----------------------------------------------------------------------------------


def test_the_copy_holds_committed_rows_only_while_a_write_is_in_progress(tmp_path):
    live = live_database(tmp_path / "live.sqlite3", "cases")
    with closing(sqlite3.connect(live)) as app:
        app.execute("INSERT INTO cases VALUES (1)")
        app.commit()
        app.execute("INSERT INTO cases VALUES (2)")  # Open, uncommitted transaction.
        backups.sqlite_copy(live, tmp_path / "copy.sqlite3")
        app.commit()
    assert count(tmp_path / "copy.sqlite3", "cases") == 1
    assert count(live, "cases") == 2


def test_copies_taken_while_the_application_writes_are_whole_and_consistent(tmp_path):
    """Each writer transaction adds a row to two tables; every copy holds both or neither."""
    live = live_database(tmp_path / "live.sqlite3", "requests", "events")
    stop, errors, committed = threading.Event(), [], [0]

    def write():
        with closing(sqlite3.connect(live, timeout=20)) as app:
            while not stop.is_set():
                try:
                    with app:
                        app.execute("INSERT INTO requests VALUES (?)", (committed[0] + 1,))
                        app.execute("INSERT INTO events VALUES (?)", (committed[0] + 1,))
                    committed[0] += 1
                except sqlite3.Error as error:
                    errors.append(error)
                    return

    writer = threading.Thread(target=write)
    writer.start()
    seen = []
    try:
        for n in range(6):
            start = committed[0]
            while committed[0] < start + 20 and writer.is_alive():
                stop.wait(0.001)
            before = committed[0]
            copy = tmp_path / f"copy-{n}.sqlite3"
            backups.sqlite_copy(live, copy)
            after = committed[0]
            with closing(sqlite3.connect(copy)) as database:
                assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                assert database.execute("PRAGMA journal_mode").fetchone() == ("delete",)
                rows = database.execute("SELECT COUNT(*) FROM requests").fetchone()[0]
                events = database.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            assert rows == events
            assert before <= rows <= after + 1
            seen.append(rows)
    finally:
        stop.set()
        writer.join(timeout=10)
    assert errors == []
    assert seen == sorted(seen) and seen[0] < seen[-1]
    assert not (tmp_path / "copy-0.sqlite3-wal").exists()


def test_copying_a_database_that_does_not_exist_creates_nothing(tmp_path):
    with pytest.raises(BackupError, match="does not exist"):
        backups.sqlite_copy(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()


def sendresolve_database(path):
    with closing(sqlite3.connect(path)) as database:
        for table in ("django_migrations", *backups.KEY_TABLES):
            database.execute(f"CREATE TABLE {table} (id INTEGER, app TEXT, name TEXT)")
        database.execute("INSERT INTO django_migrations VALUES (1, 'cases', '0001_initial')")
        database.execute("INSERT INTO django_migrations VALUES (2, 'cases', '0002_more')")
        database.execute("INSERT INTO cases_case VALUES (1, '', '')")
        database.commit()
    return path


def test_inspecting_a_copy_gives_its_counts_and_migrations(tmp_path):
    counts, migrations = backups.sqlite_inspect(sendresolve_database(tmp_path / "db.sqlite3"))
    assert counts == {"cases_case": 1, "cases_caseevent": 0, "audit_auditevent": 0}
    assert migrations == {"cases": "0002_more"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("b.sqlite3.gz", b"\x1f\x8b\x08\x00garbage", "is not a valid gzip file"),
        # mtime=0: the same bytes on every run, so parallel test workers collect the same ids.
        ("b.sqlite3.gz", gzip.compress(b"plain text", mtime=0), "not a SQLite database"),
        ("b.sqlite3", b"SQLite format 3\x00" + b"\xff" * 2000, "b.sqlite3 is not a valid SQLite"),
    ],
    ids=["not-gzip", "gzip-of-text", "damaged-sqlite"],
)
def test_a_damaged_sqlite_backup_is_refused_before_anything_changes(
    tmp_path, name, content, reason
):
    backup = tmp_path / name
    backup.write_bytes(content)
    with pytest.raises(BackupError, match=reason):
        backups.sqlite_prepare_restore(backup, {}, tmp_path / "unpacked")


def test_a_sqlite_file_of_another_application_is_refused(tmp_path):
    backup = live_database(tmp_path / "other.sqlite3", "things")
    with pytest.raises(BackupError, match=r"not a SEND Resolve database \(no audit_auditevent"):
        backups.sqlite_prepare_restore(backup, {}, tmp_path / "unpacked")


def test_replacing_a_database_in_use_is_refused_and_changes_nothing(tmp_path):
    target = live_database(tmp_path / "db.sqlite3", "old")
    new = live_database(tmp_path / "new.sqlite3", "new")
    with closing(sqlite3.connect(target)) as app:
        app.execute("SELECT COUNT(*) FROM old").fetchone()
        with pytest.raises(BackupError, match="db.sqlite3 is in use; stop the application"):
            backups.sqlite_replace(new, target, timeout=0.1)
        assert new.exists()
        assert count(target, "old") == 0
    backups.sqlite_replace(new, target, timeout=0.1)
    assert not new.exists()
    assert not (tmp_path / "db.sqlite3-wal").exists()
    assert count(target, "new") == 0


# -- PostgreSQL ---------------------------------------------------------------------------------


def test_the_postgres_password_goes_in_the_environment_never_the_arguments():
    settings = {
        "NAME": "sendresolve",
        "USER": "app",
        "PASSWORD": "s3cret-Pa55",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "verify-full", "pool": True},
    }
    arguments, env = backups.postgres_client(settings, {"PATH": "/usr/bin"})
    assert arguments == [
        "--no-password",
        "--host=db.internal",
        "--port=5433",
        "--username=app",
        "--dbname=sendresolve",
    ]
    assert env == {"PATH": "/usr/bin", "PGPASSWORD": "s3cret-Pa55", "PGSSLMODE": "verify-full"}


def test_a_postgres_database_without_a_password_or_host_uses_libpq_defaults():
    arguments, env = backups.postgres_client({"NAME": "sendresolve"}, {"PGPASSFILE": "/p"})
    assert arguments == ["--no-password", "--dbname=sendresolve"]
    assert env == {"PGPASSFILE": "/p"}


def test_a_failing_client_is_reported_in_one_line_without_the_password():
    program = (
        "import sys; sys.stderr.write('pg_dump: error: connection failed for s3cret\\n"
        "pg_dump: detail: more\\n'); sys.exit(1)"
    )
    with pytest.raises(BackupError) as raised:
        backups.run_client([sys.executable, "-c", program], {}, secret="s3cret")
    assert str(raised.value).endswith("failed: pg_dump: error: connection failed for ********")


def test_a_missing_client_is_reported():
    with pytest.raises(BackupError, match="pg_dump-not-here was not found"):
        backups.run_client(["pg_dump-not-here"], {})


def test_a_file_that_is_not_a_pg_dump_archive_is_refused(tmp_path):
    backup = tmp_path / "nightly.dump"
    backup.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(BackupError, match="nightly.dump is not a valid PostgreSQL backup"):
        backups.postgres_check_archive(backup, {})
