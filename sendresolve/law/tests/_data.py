"""Loaders for the reviewable test data in ``cases/`` and the seed scenarios in ``data/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).resolve().parent / "cases"
# The public acceptance scenarios, kept as given (scripts/check-shared-copies.sh compares them
# with the original in CI); the project's own cases live in cases/.
SEED_SCENARIOS = Path(__file__).resolve().parent / "data" / "seed_scenarios.json"


def load_yaml(name: str) -> Any:
    """Return the parsed YAML case file ``cases/<name>``."""
    return yaml.safe_load((CASES / name).read_text("utf-8"))


def seed_scenarios() -> list[dict[str, Any]]:
    """Return the public acceptance scenarios."""
    return json.loads(SEED_SCENARIOS.read_text("utf-8"))
