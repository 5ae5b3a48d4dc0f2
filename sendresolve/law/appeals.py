"""Which decisions can be appealed to the SEND Tribunal and which appeals need a certificate.

The rules are data with their citations in ``appeals.yaml``:

* A parent or young person can appeal the local authority decisions listed in the Children and
  Families Act 2014 s.51(2): refusals to assess, to issue a plan, to reassess or to amend, the
  needs, help and school in a plan, and a decision to stop the plan.
* They may appeal only once a mediation adviser has issued a certificate (s.55(3)), except where
  the appeal is only about the school or institution named in section I, or that none is named.
* A disability discrimination claim against a school is a claim, not an appeal: no mediation
  adviser, no certificate (Equality Act 2010 Sch 17).

Pure data lookups: no dates, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "APPEALABLE_SUBJECTS",
    "CERTIFICATE_EXEMPT_SUBJECTS",
    "CLAIMS",
    "DECISIONS",
    "Matter",
    "certificate_required",
    "is_appealable",
]

MARKERS = frozenset({"C", "S", "U"})


@dataclass(frozen=True)
class Matter:
    """Something the family can take to the tribunal: an appealable decision or a claim."""

    subject: str
    words: str
    certificate: bool
    legal_basis: tuple[str, ...]
    verification: str
    note: str = ""


def _matters(raw: dict[str, dict[str, Any]], section: str) -> dict[str, Matter]:
    out = {}
    for subject, value in raw[section].items():
        try:
            matter = Matter(
                subject=subject,
                words=" ".join(str(value["words"]).split()),
                certificate=value["certificate"],
                legal_basis=tuple(str(c) for c in value["legal_basis"]),
                verification=str(value["verification"]),
                note=" ".join(str(value.get("note") or "").split()),
            )
        except KeyError as exc:
            raise ValueError(f"{section}.{subject}: missing field {exc.args[0]!r}") from None
        if not isinstance(matter.certificate, bool):
            raise ValueError(f"{section}.{subject}: certificate must be true or false")
        if not matter.legal_basis:
            raise ValueError(f"{section}.{subject}: no legal basis")
        if matter.verification not in MARKERS:
            raise ValueError(f"{section}.{subject}: unknown verification {matter.verification!r}")
        out[subject] = matter
    return out


def _load() -> tuple[dict[str, Matter], dict[str, Matter]]:
    raw = yaml.safe_load(resources.files(__package__).joinpath("appeals.yaml").read_text("utf-8"))
    decisions, claims = _matters(raw, "appeals"), _matters(raw, "claims")
    both = decisions.keys() & claims.keys()
    if both:
        raise ValueError(f"listed as both an appeal and a claim: {sorted(both)}")
    return decisions, claims


#: The appealable decisions (CFA 2014 s.51(2)), by issue subject, in the order of s.51(2).
#: Claims the tribunal hears that are not appeals, by issue subject (Equality Act 2010 Sch 17).
DECISIONS, CLAIMS = _load()
#: Issue subjects the SEND Tribunal can hear on appeal.
APPEALABLE_SUBJECTS = frozenset(DECISIONS)
#: Appealable subjects an appeal only about which needs no mediation certificate (section I).
CERTIFICATE_EXEMPT_SUBJECTS = frozenset(s for s, m in DECISIONS.items() if not m.certificate)


def is_appealable(subject: str) -> bool:
    """Whether the tribunal can hear an appeal about ``subject`` (CFA 2014 s.51(2))."""
    return subject in APPEALABLE_SUBJECTS


def certificate_required(subjects: Iterable[str]) -> bool | None:
    """Whether appealing about ``subjects`` needs a mediation certificate first.

    None when none of them can be appealed (there is no appeal to certify). Otherwise True
    unless every appealable one is exempt, i.e. the appeal is only about the school named in
    section I or that none is named (CFA 2014 s.55(3); law.md §3.4). Subjects that cannot be
    appealed, such as disability discrimination, change nothing: they need no certificate.
    """
    appealable = {s for s in subjects if s in APPEALABLE_SUBJECTS}
    if not appealable:
        return None
    return bool(appealable - CERTIFICATE_EXEMPT_SUBJECTS)
