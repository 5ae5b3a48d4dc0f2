"""Loaders for the reviewable test data in ``cases/`` and the shared seed scenarios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).resolve().parent / "cases"
# The repository root is parents[3] of this file; shared/ sits beside it.
SEED_SCENARIOS = (
    Path(__file__).resolve().parents[3].parent / "shared" / "scenarios" / "seed_scenarios.json"
)


def load_yaml(name: str) -> Any:
    """Return the parsed YAML case file ``cases/<name>``."""
    return yaml.safe_load((CASES / name).read_text("utf-8"))


def seed_scenarios() -> list[dict[str, Any]]:
    """Return the public acceptance scenarios; fail loudly if shared/ is missing."""
    if not SEED_SCENARIOS.is_file():
        raise FileNotFoundError(f"seed scenarios not found at {SEED_SCENARIOS}")
    return json.loads(SEED_SCENARIOS.read_text("utf-8"))
