"""The commands' refusals, each a one-line ``CommandError``.

None of these gets as far as restoring anything; the round trips are in test_round_trip.py.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sendresolve.operations import backups

# The test database, so that nothing could ever reach the development database in var/.
pytestmark = pytest.mark.django_db


def restore(path, *args):
    out = io.StringIO()
    call_command("restore_database", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fake_backup(tmp_path, *, vendor=None, sha256=None, content=b"SQLite format 3\x00 damaged"):
    backup = tmp_path / "nightly.sqlite3"
    backup.write_bytes(content)
    manifest = {
        "format": "sendresolve-backup",
        "version": 1,
        "vendor": vendor or connection.vendor,
        "sha256": sha256 or backups.sha256_file(backup),
        "created_at": "2025-01-31T23:30:00+00:00",
        "migrations": {},
    }
    backups.manifest_path(backup).write_text(json.dumps(manifest))
    return backup


def test_restore_refuses_without_yes_and_never_asks(tmp_path):
    backup = fake_backup(tmp_path)
    with pytest.raises(CommandError, match="^Refusing to restore without --yes"):
        restore(backup)


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"nightly\.sqlite3 does not exist"):
        restore(tmp_path / "nightly.sqlite3", "--yes")


def test_restore_refuses_a_backup_without_its_manifest(tmp_path):
    backup = fake_backup(tmp_path)
    backups.manifest_path(backup).unlink()
    with pytest.raises(CommandError, match=r"^No manifest nightly\.sqlite3\.json"):
        restore(backup, "--yes")


def test_restore_refuses_a_checksum_mismatch(tmp_path):
    backup = fake_backup(tmp_path, sha256="0" * 64)
    with pytest.raises(CommandError, match="^Checksum mismatch: nightly.sqlite3"):
        restore(backup, "--yes")


def test_restore_refuses_another_vendors_backup(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = fake_backup(tmp_path, vendor=other)
    with pytest.raises(CommandError, match="backup but the configured database is"):
        restore(backup, "--yes")


def test_backup_refuses_to_overwrite_a_file_without_force(tmp_path):
    existing = tmp_path / "nightly.sqlite3.gz"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(
        CommandError, match=r"nightly\.sqlite3\.gz already exists; use --force to overwrite it"
    ):
        call_command("backup_database", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"last night's backup"
    assert not backups.manifest_path(existing).exists()
    assert [path.name for path in tmp_path.iterdir()] == ["nightly.sqlite3.gz"]
