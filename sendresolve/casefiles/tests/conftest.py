"""Fixtures for the documents tests: a throwaway storage directory, the virus scanner, files.

The scanner is ClamAV's daemon, started by ``scripts/ensure-clamav.sh`` (``make test`` and
``.ci/run`` run it first). These tests need it and fail, never skip, when it does not answer:
a missing scanner must not pass for a working one.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.api.tests.factories import case_in_follow_up
from sendresolve.casefiles import scanning
from sendresolve.casefiles.models import CaseFile
from sendresolve.core.clock import LONDON

# The EICAR test file: harmless, and detected as malware by every scanner by agreement.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def case_files_dir(monkeypatch, tmp_path):
    """Each test stores its files in its own directory. (The field's storage is built once,
    when the model loads, from the ``casefiles`` entry of ``STORAGES``.)"""
    field = CaseFile._meta.get_field("file")
    location = tmp_path / "casefiles"
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=location, base_url=None))
    return location


@pytest.fixture(autouse=True, scope="session")
def clamd_running():
    if not scanning.scanner_available():
        pytest.fail(
            "ClamAV's daemon does not answer on 127.0.0.1:3310: run scripts/ensure-clamav.sh "
            "(make test does). The documents tests need the real scanner.",
            pytrace=False,
        )


def stored_files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def upload(content: bytes, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def executable() -> bytes:
    """A real program (this machine's ``true``)."""
    return Path("/bin/true").read_bytes()


@pytest.fixture
def api(world):
    def client_for(persona: str) -> APIClient:
        client = APIClient()
        user = world.users[persona]
        if user is not None:
            _, token = api_token_create(actor=None, user=user, name=f"{persona} tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return client_for


@pytest.fixture
def case(world, time_machine):
    """A case in follow-up after mediation: the LA's and the ICB's officers see it."""
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    return case_in_follow_up(world)
