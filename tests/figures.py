"""Figures tests print for CI (load test, fault test, schemathesis), shown at the end of the run.

A test calls ``figures.record(title, text)``; the text goes to ``var/figures/`` and the root
conftest prints every recorded figure in the run's summary. This works the same with
``pytest -n 2`` (xdist workers' own output never reaches the terminal) as without it.
"""

import os
import re
import shutil
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[1] / "var" / "figures"


def record(title: str, text: str) -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    (FIGURES / f"{slug}-{os.getpid()}.txt").write_text(f"{title}\n{text.rstrip()}\n")


def clear() -> None:
    shutil.rmtree(FIGURES, ignore_errors=True)


def recorded() -> list[str]:
    return [path.read_text() for path in sorted(FIGURES.glob("*.txt"))]
