"""The repository holds every file it copied from ../shared, and the CI check of those copies works.

``scripts/check-shared-copies.sh`` is run here on a small repository of its own in a temporary
folder (the script, a manifest and two copies) beside a made-up ``shared/``, so the tests never
need the real ``../shared`` and never change the repository.
"""

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check-shared-copies.sh"
MANIFEST = ROOT / "scripts" / "shared-copies.txt"


def manifest_rows(text: str) -> list[list[str]]:
    return [
        line.split()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_every_copy_in_the_manifest_is_in_the_repository():
    rows = manifest_rows(MANIFEST.read_text("utf-8"))
    copies = {row[0] for row in rows}
    assert {"docs/law.md", "sendresolve/tenancy/data/local_authorities.csv"} <= copies
    for copy, _original, how in rows:
        assert (ROOT / copy).is_file(), copy
        assert how == "same" or how.startswith("extended:"), how


@pytest.fixture
def world(tmp_path):
    """A repository with one exact copy and one extended copy, and its shared/ beside it."""
    repo, shared = tmp_path / "repo", tmp_path / "shared"
    (repo / "scripts").mkdir(parents=True)
    (repo / "docs").mkdir()
    (shared / "spec").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / "scripts" / SCRIPT.name)
    (shared / "spec" / "product.md").write_text("# Product\n")
    (shared / "spec" / "law.md").write_text("# Law\n")
    (repo / "docs" / "product.md").write_text("# Product\n")
    (repo / "docs" / "law.md").write_text("# Law\n\nA section the project added.\n")
    taken_from = hashlib.sha256(b"# Law\n").hexdigest()
    (repo / "scripts" / "shared-copies.txt").write_text(
        "# copy original how\n"
        "docs/product.md spec/product.md same\n"
        f"docs/law.md spec/law.md extended:{taken_from}\n"
    )
    return repo, shared


def check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(repo / "scripts" / SCRIPT.name), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_matching_copies_pass(world):
    repo, _shared = world
    result = check(repo)
    assert result.returncode == 0, result.stdout
    assert "2 copies match" in result.stdout


def test_an_exact_copy_that_differs_by_one_byte_is_named(world):
    repo, shared = world
    (repo / "docs" / "product.md").write_text("# Produkt\n")
    result = check(repo)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"check-shared-copies: docs/product.md differs from {shared}/spec/product.md"
    assert lines[-1] == f"check-shared-copies: 1 of 2 copies differ from {shared}"


def test_an_extended_copy_fails_when_its_original_changes_upstream(world):
    repo, shared = world
    (shared / "spec" / "law.md").write_text("# Law\n\nA new rule upstream.\n")
    result = check(repo)
    assert result.returncode == 1
    assert f"{shared}/spec/law.md changed since docs/law.md was taken from it" in result.stdout
    assert "docs/product.md" not in result.stdout


def test_a_missing_original_or_copy_is_named(world):
    repo, shared = world
    (shared / "spec" / "product.md").unlink()
    (repo / "docs" / "law.md").unlink()
    result = check(repo)
    assert result.returncode == 1
    assert f"docs/product.md: its original {shared}/spec/product.md is missing" in result.stdout
    assert "docs/law.md is missing" in result.stdout


def test_without_shared_there_is_nothing_to_compare(world, tmp_path):
    repo, _shared = world
    result = check(repo, str(tmp_path / "elsewhere"))
    assert result.returncode == 0
    assert result.stdout.strip().endswith("not found, nothing to compare")
