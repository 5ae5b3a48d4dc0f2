"""What can be done when a body misses a statutory deadline: escalation routes as cited data.

``escalations.yaml`` lists, for each rule id and each kind of body that owes the duty, the
routes to try in order (complaint, ombudsman, Secretary of State, judicial review). Pure data
lookups: no dates, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

__all__ = ["EscalationRoute", "escalation_routes"]

RESPONSIBLE = frozenset({"local_authority", "commissioning_body"})


@dataclass(frozen=True)
class EscalationRoute:
    id: str
    title: str
    how: str
    legal_basis: tuple[str, ...]
    verification: str


@cache
def _data() -> tuple[dict[str, EscalationRoute], dict[str, dict[str, tuple[str, ...]]]]:
    text = resources.files(__package__).joinpath("escalations.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    routes = {
        key: EscalationRoute(
            id=key,
            title=value["title"],
            how=" ".join(value["how"].split()),
            legal_basis=tuple(value["legal_basis"]),
            verification=value["verification"],
        )
        for key, value in raw["routes"].items()
    }
    rules: dict[str, dict[str, tuple[str, ...]]] = {}
    for rule_id, by_body in raw["rules"].items():
        for body, route_ids in by_body.items():
            if body not in RESPONSIBLE:
                raise ValueError(f"{rule_id}: unknown duty holder {body!r}")
            unknown = [r for r in route_ids if r not in routes]
            if unknown:
                raise ValueError(f"{rule_id}: unknown escalation route(s) {unknown}")
            rules.setdefault(rule_id, {})[body] = tuple(route_ids)
    return routes, rules


def escalation_routes(rule_id: str, responsible: str) -> tuple[EscalationRoute, ...]:
    """The routes open when ``responsible`` misses the duty of ``rule_id`` (empty if none)."""
    routes, rules = _data()
    return tuple(routes[r] for r in rules.get(rule_id, {}).get(responsible, ()))
