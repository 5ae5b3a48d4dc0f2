"""School days: term dates per local authority, and the exclusion clocks counted in them.

Exclusion time limits are counted in **school days** (School Discipline (Pupil Exclusions and
Reviews) (England) Regulations 2012, SI 2012/1033): days the school is open to pupils. There is
no national calendar, so each council's published term dates are data (``term_dates.yaml``, with
their source); a council may pass its own (:meth:`SchoolTerms.from_mapping`). A school's own
training days or terms may differ, so every answer carries an uncertainty note (law.md §9).

A date outside the known school years raises :class:`TermDatesUnknown`: the clock is then not
shown, with a warning, rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .dates import long_date
from .rules import Deadline, time_limit
from .working_days import ENG_WD

__all__ = [
    "EXCLUSION_STEPS",
    "SchoolTerms",
    "TermDatesUnknown",
    "exclusion_deadline",
    "school_terms",
    "term_date_authorities",
]

ONE_DAY = dt.timedelta(days=1)

#: Exclusion clocks: deadline id → (rule id, what starts it).
EXCLUSION_STEPS: dict[str, tuple[str, str]] = {
    "exclusion_board_meets": ("EXC-01", "Governing board told of the exclusion on"),
    "exclusion_review_request_by": ("EXC-02", "Told of the governing board's decision on"),
}


class TermDatesUnknown(ValueError):
    """No term dates are known for the local authority or the dates needed."""


@dataclass(frozen=True)
class SchoolTerms:
    """One council's term dates: which days are school days, and from where we know."""

    name: str
    source: str
    covers: tuple[dt.date, dt.date]
    terms: tuple[tuple[dt.date, dt.date], ...]
    closed: frozenset[dt.date] = frozenset()
    #: True for dates the council set itself (entered in SEND Resolve), not the shipped data.
    set_by_council: bool = False
    #: Where the dates were published, school year by school year: (first day, last day,
    #: source) of each span ``covers`` is made of. Empty when one source covers everything.
    sources: tuple[tuple[dt.date, dt.date, str], ...] = ()

    @classmethod
    def from_mapping(
        cls, name: str, data: Mapping[str, Any], *, set_by_council: bool = False
    ) -> SchoolTerms:
        """Build and check term dates from a mapping shaped like one ``term_dates.yaml`` entry:
        ``source``, ``covers``, ``terms`` (and ``closed``), or ``years``, a list of such
        mappings, one for each span published together, each following on from the last."""
        if "years" in data:
            return cls._from_years(name, data["years"], set_by_council=set_by_council)
        try:
            terms = tuple((_date(a), _date(b)) for a, b in data["terms"])
            covers = (_date(data["covers"][0]), _date(data["covers"][1]))
            source = str(data["source"]).strip()
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"term dates for {name}: {exc}") from None
        if not source:
            raise ValueError(f"term dates for {name}: say where the dates were published")
        previous = covers[0] - ONE_DAY
        for first, last in terms:
            if not previous < first <= last <= covers[1]:
                raise ValueError(
                    f"term dates for {name}: terms must be in order, not overlap and lie within "
                    f"the dates covered ({first} to {last})"
                )
            previous = last
        closed = frozenset(_date(d) for d in data.get("closed") or ())
        return cls(
            name=name,
            source=source,
            covers=covers,
            terms=terms,
            closed=closed,
            set_by_council=set_by_council,
        )

    @classmethod
    def _from_years(cls, name: str, years: Any, *, set_by_council: bool = False) -> SchoolTerms:
        if not isinstance(years, list) or not years:
            raise ValueError(f"term dates for {name}: years must be a list of school years")
        parts = [cls.from_mapping(name, year, set_by_council=set_by_council) for year in years]
        for before, after in zip(parts, parts[1:], strict=False):
            if after.covers[0] != before.covers[1] + ONE_DAY:
                raise ValueError(
                    f"term dates for {name}: each school year must start the day after the "
                    f"one before ends ({before.covers[1]}, then {after.covers[0]})"
                )
        return cls(
            name=name,
            source="; ".join(part.source for part in parts),
            covers=(parts[0].covers[0], parts[-1].covers[1]),
            terms=tuple(term for part in parts for term in part.terms),
            closed=frozenset().union(*(part.closed for part in parts)),
            set_by_council=set_by_council,
            sources=tuple((*part.covers, part.source) for part in parts),
        )

    def source_between(self, first: dt.date, last: dt.date) -> str:
        """Where the dates from ``first`` to ``last`` were published (each source once)."""
        if not self.sources:
            return self.source
        return "; ".join(
            source for start, end, source in self.sources if start <= last and first <= end
        )

    def is_school_day(self, day: dt.date) -> bool:
        """A weekday in term that is not a bank holiday or a listed closure."""
        if not self.covers[0] <= day <= self.covers[1]:
            raise TermDatesUnknown(
                f"No term dates are recorded for {self.name} on {long_date(day)}."
            )
        in_term = any(first <= day <= last for first, last in self.terms)
        return in_term and ENG_WD.is_working_day(day) and day not in self.closed

    def add_school_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th school day after ``start`` (``start`` itself is not counted)."""
        day = start
        counted = 0
        while counted < count:
            day += ONE_DAY
            if self.is_school_day(day):
                counted += 1
        return day


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@cache
def _all_terms() -> dict[str, SchoolTerms]:
    text = resources.files(__package__).joinpath("term_dates.yaml").read_text("utf-8")
    data = yaml.safe_load(text)["local_authorities"]
    return {name: SchoolTerms.from_mapping(name, entry) for name, entry in data.items()}


def term_date_authorities() -> tuple[str, ...]:
    """The local authorities whose term dates ship with the law core."""
    return tuple(sorted(_all_terms()))


def school_terms(local_authority: str) -> SchoolTerms:
    """The shipped term dates for ``local_authority`` (by name), or raise TermDatesUnknown."""
    try:
        return _all_terms()[local_authority]
    except KeyError:
        raise TermDatesUnknown(f"No term dates are recorded for {local_authority}.") from None


def exclusion_deadline(deadline_id: str, trigger: dt.date, terms: SchoolTerms) -> Deadline:
    """EXC-01 or EXC-02: 15 school days after ``trigger``, in ``terms``.

    Raises :class:`TermDatesUnknown` when the count runs outside the known term dates.
    """
    rule_id, label = EXCLUSION_STEPS[deadline_id]
    limit = time_limit(rule_id).on(trigger)
    period = limit.period or 15
    date = terms.add_school_days(trigger, period)
    holidays = _holidays_between(trigger, date, terms)
    sentences = [
        limit.rule,
        f"{label} {long_date(trigger)}: {period} school days end on {long_date(date)}.",
    ]
    if holidays:
        sentences.append(f"Not counted: {holidays}.")
    kind = "own" if terms.set_by_council else "published"
    sentences.append(
        f"Counted with {terms.name}'s {kind} term dates ({terms.source_between(trigger, date)})."
    )
    return Deadline(
        id=deadline_id,
        date=date,
        rule=" ".join(sentences),
        legal_basis=limit.citations,
        rule_id=limit.id,
        duty_holder=limit.duty_holder,
        verification=limit.verification,
        trigger_date=trigger,
        uncertain=limit.uncertain,
    )


def _holidays_between(start: dt.date, end: dt.date, terms: SchoolTerms) -> str:
    """Describe the weekday school holidays skipped, e.g. "half term (27 October to ...)"."""
    spans: list[tuple[dt.date, dt.date]] = []
    day = start + ONE_DAY
    while day < end:
        if day.weekday() < 5 and not terms.is_school_day(day):
            if spans and (day - spans[-1][1]).days <= 3:
                spans[-1] = (spans[-1][0], day)
            else:
                spans.append((day, day))
        day += ONE_DAY
    parts = []
    for first, last in spans:
        if first == last:
            parts.append(long_date(first))
        else:
            parts.append(f"{long_date(first)} to {long_date(last)}")
    return "; ".join(f"school closed {p}" for p in parts)
