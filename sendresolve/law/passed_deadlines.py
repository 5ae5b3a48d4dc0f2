"""What a family can still do when a deadline has passed: cited advice in ``passed_deadlines.yaml``.

A deadline has passed when ``today`` is after it. The advice says what is still open (a late
appeal with a request for more time, a complaint, the ombudsman), never that nothing can be
done. Where a later date shows the step has happened (the certificate was issued, the tribunal
made its order), nothing is said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .dates import long_date
from .rules import Deadline

__all__ = ["PassedAdvice", "passed_advice", "passed_deadline_warnings"]

MARKERS = frozenset({"C", "S", "U"})


@dataclass(frozen=True)
class PassedAdvice:
    """The advice for one passed deadline: ``text`` has a ``{date}`` placeholder."""

    deadline_id: str
    text: str
    legal_basis: tuple[str, ...]
    verification: str
    done_when: frozenset[str] = frozenset()

    def for_deadline(self, deadline: Deadline) -> str:
        """The advice with the deadline's date in words."""
        return self.text.format(date=long_date(deadline.date))


def _advice(deadline_id: str, raw: Mapping[str, Any], done_when: frozenset[str]) -> PassedAdvice:
    try:
        advice = PassedAdvice(
            deadline_id=deadline_id,
            text=" ".join(str(raw["advice"]).split()),
            legal_basis=tuple(str(c) for c in raw["legal_basis"]),
            verification=str(raw["verification"]),
            done_when=done_when,
        )
    except KeyError as exc:
        raise ValueError(f"passed deadline {deadline_id}: missing {exc.args[0]!r}") from None
    if not advice.legal_basis:
        raise ValueError(f"passed deadline {deadline_id}: no legal basis")
    if advice.verification not in MARKERS:
        raise ValueError(f"passed deadline {deadline_id}: unknown verification")
    if "{date}" not in advice.text:
        raise ValueError(f"passed deadline {deadline_id}: the advice does not give the {{date}}")
    return advice


@cache
def _data() -> dict[str, tuple[PassedAdvice, dict[str, PassedAdvice]]]:
    path = resources.files(__package__).joinpath("passed_deadlines.yaml")
    out = {}
    for deadline_id, raw in yaml.safe_load(path.read_text("utf-8")).items():
        done_when = frozenset(raw.get("done_when") or ())
        by_rule = {
            rule_id: _advice(deadline_id, variant, done_when)
            for rule_id, variant in (raw.get("by_rule") or {}).items()
        }
        out[deadline_id] = (_advice(deadline_id, raw, done_when), by_rule)
    return out


def passed_advice(deadline_id: str, rule_id: str | None = None) -> PassedAdvice | None:
    """The advice for ``deadline_id`` once passed (the rule's own, if it has one); None if none."""
    if deadline_id not in _data():
        return None
    advice, by_rule = _data()[deadline_id]
    return by_rule.get(rule_id or "", advice)


def passed_deadline_warnings(
    deadlines: Sequence[Deadline], dates: Mapping[str, dt.date], today: dt.date
) -> list[str]:
    """Say, for each deadline that has passed, what can still be done.

    A deadline has passed when ``today`` is after it. Steps already shown as done by a later
    date (e.g. the family contacted the adviser, or the certificate was issued) are not warned.
    """
    warnings = []
    for deadline in deadlines:
        if today <= deadline.date:
            continue
        advice = passed_advice(deadline.id, deadline.rule_id)
        if advice is None or not advice.done_when.isdisjoint(dates):
            continue
        warnings.append(advice.for_deadline(deadline))
    return warnings
