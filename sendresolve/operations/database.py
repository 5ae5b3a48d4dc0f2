"""Back up and restore the configured database (``DATABASES["default"]``).

The file work is in :mod:`sendresolve.operations.backups`; this module supplies what only
Django knows: the vendor, the SQLite file or PostgreSQL connection settings, the migrations in
the code, and the connections to close before a restore.
"""

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import django
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.loader import MigrationLoader

from sendresolve.core import clock
from sendresolve.operations import backups
from sendresolve.operations.backups import BackupError

if TYPE_CHECKING:
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper


@dataclass(frozen=True)
class Restored:
    manifest: dict
    row_counts: dict[str, int]
    target: str


def _database_errors(function):
    """Report a database error (cannot connect, missing table) as one line, not a traceback."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DatabaseError as error:
            lines = [line.strip() for line in str(error).splitlines() if line.strip()]
            reason = lines[0] if lines else type(error).__name__
            password = str(connection.settings_dict.get("PASSWORD") or "")
            if password:
                reason = reason.replace(password, "********")
            raise BackupError(f"Database error: {reason}") from None

    return wrapper


def vendor() -> str:
    """Return ``"sqlite"`` or ``"postgresql"``; refuse any other database."""
    if connection.vendor not in backups.VENDOR_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def vendor_name() -> str:
    return backups.VENDOR_NAMES[vendor()]


def sqlite_path() -> Path:
    """Return the configured SQLite database file."""
    # Only SQLite's connection has is_in_memory_db; the callers run this on SQLite alone.
    if cast("SQLiteDatabaseWrapper", connection).is_in_memory_db():
        raise BackupError("The configured SQLite database is in memory; there is no file.")
    return Path(connection.settings_dict["NAME"]).absolute()


def code_migrations() -> dict[str, str]:
    """Return the latest migration of each app in this code."""
    latest: dict[str, str] = {}
    for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes():
        latest[app] = max(name, latest.get(app, name))
    return dict(sorted(latest.items()))


def migration_differences(recorded: dict[str, str]) -> list[str]:
    """Describe where a backup's migration state differs from this code's."""
    code = code_migrations()
    return [
        f"{app}: {recorded.get(app, 'none')} in the backup, {code.get(app, 'none')} here"
        for app in sorted(set(code) | set(recorded))
        if recorded.get(app) != code.get(app)
    ]


def _postgres_client() -> tuple[list[str], dict, str]:
    arguments, env = backups.postgres_client(connection.settings_dict, os.environ)
    return arguments, env, str(connection.settings_dict.get("PASSWORD") or "")


def _sqlite_inspect(source: Path, copy: Path) -> tuple[dict, dict]:
    # Counted and checked in the copy itself: exactly what the backup holds.
    try:
        return backups.sqlite_inspect(copy)
    except BackupError as error:
        raise BackupError(f"The copy of {source.name} is unusable: {error}.") from None


def _sqlite_dump(destination: Path, *, compression: str) -> tuple[dict, dict]:
    source = sqlite_path()
    if compression == "none":
        backups.sqlite_copy(source, destination)
        return _sqlite_inspect(source, destination)
    copy = backups.temporary_file(destination.parent, f".{source.name}.")
    try:
        backups.sqlite_copy(source, copy)
        state = _sqlite_inspect(source, copy)
        backups.gzip_file(copy, destination, original_name=source.name)
    finally:
        copy.unlink(missing_ok=True)
    return state


def _postgres_dump(destination: Path) -> tuple[dict, dict]:
    if connection.in_atomic_block:
        raise BackupError("A PostgreSQL backup cannot be taken inside a transaction.")
    arguments, env, password = _postgres_client()
    # pg_dump reads the snapshot exported here, so the counts printed and recorded in the
    # manifest are those of the rows in the archive, however busy the database is.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = backups.row_counts(cursor)
        migrations = backups.latest_migrations(cursor)
        backups.run_client(
            [
                "pg_dump",
                "--format=custom",
                f"--file={destination}",
                f"--snapshot={snapshot}",
                *arguments,
            ],
            env,
            secret=password,
        )
    return counts, migrations


@_database_errors
def backup(output: Path, *, force: bool = False) -> dict:
    """Write a backup of the configured database to ``output`` and its manifest beside it.

    Return the manifest. Refuse to overwrite either file unless ``force``.
    """
    kind = vendor()
    compression = backups.sqlite_compression(output) if kind == "sqlite" else "pg_dump custom"
    backups.check_new_output(output, force=force)
    created_at = clock.now()
    temporary = backups.temporary_file(output.parent, f".{output.name}.")
    try:
        if kind == "sqlite":
            counts, migrations = _sqlite_dump(temporary, compression=compression)
        else:
            counts, migrations = _postgres_dump(temporary)
        backups.publish(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)
    manifest = backups.manifest_build(
        backup=output,
        vendor=kind,
        compression=compression,
        created_at=created_at,
        migrations=migrations,
        row_counts=counts,
        django_version=django.get_version(),
    )
    backups.manifest_write(output, manifest)
    return manifest


@_database_errors
def restore(backup_file: Path) -> Restored:
    """Replace the configured database's contents by a backup, after checking it.

    Nothing is changed unless the manifest, the checksum, the vendor and the file itself are
    all right.
    """
    kind = vendor()
    if not backup_file.is_file():
        raise BackupError(f"{backup_file} does not exist or is not a file.")
    manifest = backups.manifest_read(backup_file)
    backups.check_backup(backup_file, manifest, vendor=kind)
    if kind == "sqlite":
        target = sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = backups.temporary_file(target.parent, f".{target.name}.restore.")
        try:
            backups.sqlite_prepare_restore(backup_file, manifest, temporary)
            connections.close_all()
            backups.sqlite_replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        where = str(target)
    else:
        arguments, env, password = _postgres_client()
        backups.postgres_check_archive(backup_file, env)
        connections.close_all()
        backups.run_client(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *arguments,
                str(backup_file),
            ],
            env,
            secret=password,
        )
        where = f"database {connection.settings_dict['NAME']}"
    with connection.cursor() as cursor:
        counts = backups.row_counts(cursor)
    return Restored(manifest=manifest, row_counts=counts, target=where)
