"""Backing up and restoring the database: the parts that need no Django.

Everything here takes paths, DB-API cursors and plain dictionaries, so it can be tested without
settings. The management commands ``backup_database`` and ``restore_database`` supply the
configured database and turn :class:`BackupError` into a one-line ``CommandError``.

A backup is one file plus a JSON manifest beside it (``<backup>.json``) that records the
vendor, the migration state, when it was made and the SHA-256 of the file:

- SQLite: an online copy made with SQLite's backup API (``sqlite3.Connection.backup``), which
  reads one consistent snapshot even while the application writes (WAL readers do not block
  writers), gzip-compressed when the name ends in ``.gz``.
- PostgreSQL: a ``pg_dump --format=custom`` archive. The password travels in ``PGPASSWORD``,
  never on the command line.
"""

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path

# The tables whose row counts each command prints.
KEY_TABLES = ("cases_case", "cases_caseevent", "audit_auditevent")

MANIFEST_FORMAT = "sendresolve-backup"
MANIFEST_VERSION = 1
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")
GZIP_MAGIC = b"\x1f\x8b"
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

# libpq environment variables for the Django OPTIONS that pg_dump and pg_restore also need.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message is one line saying why."""


# -- files ----------------------------------------------------------------------------------------


def manifest_path(backup: Path) -> Path:
    """Return where the manifest of ``backup`` lives: beside it, with ``.json`` added."""
    return backup.with_name(backup.name + ".json")


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def human_size(size: int) -> str:
    """Return a byte count as people read it, in decimal units (``15.3 kB``)."""
    if size < 1000:
        return f"{size} bytes"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            break
    return f"{value:.1f} {unit}"


def sqlite_compression(path: Path) -> str:
    """Return ``"gzip"`` or ``"none"`` for a SQLite backup's file name, or refuse the name."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith(SQLITE_SUFFIXES):
        return "none"
    raise BackupError(
        f"{path.name}: a SQLite backup's name must end in .sqlite3 (a copy) or .gz (gzipped)."
    )


def check_new_output(path: Path, *, force: bool) -> None:
    """Refuse to write over an existing backup (or its manifest) unless forced."""
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory.")
    if path.is_dir():
        raise BackupError(f"{path} is a directory.")
    if not force:
        for existing in (path, manifest_path(path)):
            if existing.exists():
                raise BackupError(f"{existing} already exists; use --force to overwrite it.")


def temporary_file(directory: Path, prefix: str) -> Path:
    """Create an empty file readable by its owner only, in ``directory``, and return its path.

    Temporary files go beside their destination so that ``os.replace`` is a rename within one
    file system, which is atomic.
    """
    descriptor, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    os.close(descriptor)
    return Path(name)


def fsync_file(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def fsync_directory(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(temporary: Path, destination: Path) -> None:
    """Move a finished temporary file into place atomically and durably."""
    fsync_file(temporary)
    os.replace(temporary, destination)
    fsync_directory(destination.parent)


def gzip_file(source: Path, destination: Path, *, original_name: str) -> None:
    with source.open("rb") as raw, destination.open("wb") as out:
        # mtime=0 keeps the compressed bytes a function of the database's bytes alone.
        with gzip.GzipFile(
            filename=original_name, mode="wb", fileobj=out, compresslevel=6, mtime=0
        ) as zipped:
            shutil.copyfileobj(raw, zipped, 1 << 20)


def gunzip_file(source: Path, destination: Path) -> None:
    try:
        with gzip.open(source, "rb") as zipped, destination.open("wb") as out:
            shutil.copyfileobj(zipped, out, 1 << 20)
    except (OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{source.name} is not a valid gzip file ({error}).") from None


def file_starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as file:
        return file.read(len(magic)) == magic


# -- the manifest -----------------------------------------------------------------------------


def manifest_build(
    *,
    backup: Path,
    vendor: str,
    compression: str,
    created_at: dt.datetime,
    migrations: Mapping[str, str],
    row_counts: Mapping[str, int],
    django_version: str,
) -> dict:
    """Return the manifest of a finished backup file (its size and SHA-256 are read now)."""
    return {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "file": backup.name,
        "vendor": vendor,
        "compression": compression,
        "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "size": backup.stat().st_size,
        "sha256": sha256_file(backup),
        "django": django_version,
        "migrations": dict(sorted(migrations.items())),
        "row_counts": dict(row_counts),
    }


def manifest_write(backup: Path, manifest: Mapping) -> Path:
    """Write the manifest beside the backup, atomically, and return its path."""
    destination = manifest_path(backup)
    temporary = temporary_file(destination.parent, f".{destination.name}.")
    try:
        temporary.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        publish(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return destination


def manifest_read(backup: Path) -> dict:
    """Return the manifest beside ``backup``, or refuse if it is missing or not one of ours."""
    path = manifest_path(backup)
    if not path.is_file():
        raise BackupError(
            f"No manifest {path.name} beside {backup.name}; it is needed to check it."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path.name} is not a readable JSON manifest ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{path.name} is not a SEND Resolve backup manifest.")
    if manifest.get("version") != MANIFEST_VERSION:
        raise BackupError(f"{path.name} has manifest version {manifest.get('version')!r}.")
    for key in ("vendor", "sha256", "created_at", "migrations"):
        if key not in manifest:
            raise BackupError(f"{path.name} has no {key!r}.")
    return manifest


def check_backup(backup: Path, manifest: Mapping, *, vendor: str) -> None:
    """Refuse a backup of another vendor's database, or whose bytes are not those recorded."""
    if manifest["vendor"] != vendor:
        theirs = VENDOR_NAMES.get(manifest["vendor"], repr(manifest["vendor"]))
        raise BackupError(
            f"{backup.name} is a {theirs} backup but the configured database is "
            f"{VENDOR_NAMES.get(vendor, vendor)}."
        )
    if sha256_file(backup) != manifest["sha256"]:
        raise BackupError(
            f"Checksum mismatch: {backup.name} is not the file its manifest describes "
            "(damaged or changed); nothing was restored."
        )


# -- reading a database through any DB-API cursor --------------------------------------------------


def _quoted(table: str) -> str:
    if not _IDENTIFIER.match(table):
        raise ValueError(f"Not a table name: {table!r}")
    return f'"{table}"'


def row_counts(cursor, tables: Iterable[str] = KEY_TABLES) -> dict[str, int]:
    """Return ``{table: number of rows}`` (works on sqlite3 and psycopg cursors)."""
    counts = {}
    for table in tables:
        # The name is checked against _IDENTIFIER, so it cannot carry SQL.
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations(cursor) -> dict[str, str]:
    """Return the latest applied migration of each app, from ``django_migrations``.

    Migration names start with a zero-padded number, so the greatest name is the latest.
    """
    cursor.execute('SELECT "app", MAX("name") FROM "django_migrations" GROUP BY "app"')
    return dict(sorted(cursor.fetchall()))


def counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{table} {count}" for table, count in counts.items())


# -- SQLite -----------------------------------------------------------------------------------


def sqlite_copy(source: Path, destination: Path, *, timeout: float = 20) -> None:
    """Copy a live SQLite database into ``destination`` with SQLite's online backup API.

    All pages are copied in one step (``pages=-1``), inside one read transaction, so the copy is
    one consistent snapshot including whatever is committed in the WAL; writers carry on
    meanwhile. The copy is switched to a rollback journal so it is a single self-contained file;
    the application turns WAL back on when it opens a restored database.
    """
    if not source.is_file():
        raise BackupError(f"The database file {source} does not exist.")
    try:
        with (
            closing(sqlite3.connect(source, timeout=timeout)) as live,
            closing(sqlite3.connect(destination)) as copy,
        ):
            live.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source.name}: {error}.") from None


def sqlite_inspect(path: Path, tables: Iterable[str] = KEY_TABLES) -> tuple[dict, dict]:
    """Check a SQLite file is a whole, migrated SEND Resolve database.

    Return its ``(row counts, latest migrations)``; refuse a damaged file or another database.
    """
    if not file_starts_with(path, SQLITE_MAGIC):
        raise BackupError("not a SQLite database")
    try:
        with closing(sqlite3.connect(path)) as database:
            cursor = database.cursor()
            result = cursor.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupError(f"SQLite integrity check failed: {result[0][0]}")
            names = {
                row[0]
                for row in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = sorted({"django_migrations", *tables} - names)
            if missing:
                raise BackupError(f"not a SEND Resolve database (no {', '.join(missing)})")
            return row_counts(cursor, tables), latest_migrations(cursor)
    except sqlite3.Error as error:
        raise BackupError(str(error)) from None


def sqlite_prepare_restore(backup: Path, manifest: Mapping, destination: Path) -> None:
    """Unpack (or copy) a SQLite backup into ``destination`` and check it is whole."""
    if manifest.get("compression") == "gzip" or file_starts_with(backup, GZIP_MAGIC):
        gunzip_file(backup, destination)
    else:
        shutil.copyfile(backup, destination)
    try:
        if not file_starts_with(destination, SQLITE_MAGIC):
            raise BackupError("not a SQLite database")
        try:
            # A single file, whatever mode the copy was made in (see sqlite_copy).
            with closing(sqlite3.connect(destination)) as database:
                database.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as error:
            raise BackupError(str(error)) from None
        sqlite_inspect(destination)
    except BackupError as error:
        raise BackupError(f"{backup.name} is not a valid SQLite backup: {error}.") from None


def sqlite_replace(new: Path, target: Path, *, timeout: float = 2) -> None:
    """Replace the database file ``target`` by ``new`` atomically (``os.replace``).

    The live database is first switched out of WAL mode, which checkpoints its WAL into the
    file and removes it: a WAL left beside the new file would be replayed into it. SQLite only
    allows that switch to the one connection using the database, so it also proves the
    application and the task worker have let go of it; otherwise nothing is changed.
    """
    if target.exists():
        in_use = BackupError(
            f"{target.name} is in use; stop the application and the task worker, then restore."
        )
        try:
            with closing(sqlite3.connect(target, timeout=timeout)) as live:
                mode = live.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            raise in_use from None
        if mode.lower() != "delete" or Path(f"{target}-wal").exists():
            raise in_use
        shutil.copymode(target, new)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    publish(new, target)


# -- PostgreSQL -------------------------------------------------------------------------------


def postgres_client(settings: Mapping, environ: Mapping[str, str]) -> tuple[list[str], dict]:
    """Return the connection arguments and environment for pg_dump and pg_restore.

    ``settings`` is a Django ``DATABASES`` entry. The password goes into ``PGPASSWORD`` in the
    returned environment, never into the arguments (which other users can see in ``ps``).
    """
    arguments = ["--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments.append(f"{option}={settings[key]}")
    arguments.append(f"--dbname={settings['NAME']}")
    env = dict(environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    for option, variable in _LIBPQ_OPTIONS.items():
        value = (settings.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            env[variable] = str(value)
    return arguments, env


def run_client(command: list[str], env: Mapping[str, str], *, secret: str = "") -> None:
    """Run pg_dump or pg_restore without a terminal; refuse with its last error line."""
    program = command[0]
    try:
        result = subprocess.run(  # noqa: S603 - an argument list from postgres_client, no shell.
            command,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(f"{program} was not found; install the PostgreSQL client.") from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()] or lines
        reason = errors[0] if errors else f"exit status {result.returncode}"
        if secret:
            reason = reason.replace(secret, "********")
        raise BackupError(f"{program} failed: {reason}")


def postgres_check_archive(backup: Path, env: Mapping[str, str]) -> None:
    """Refuse a file that pg_restore cannot read as a custom-format archive."""
    try:
        if not file_starts_with(backup, PG_DUMP_MAGIC):
            raise BackupError("not a pg_dump custom-format archive")
        run_client(["pg_restore", "--list", str(backup)], env)
    except BackupError as error:
        raise BackupError(f"{backup.name} is not a valid PostgreSQL backup: {error}.") from None
