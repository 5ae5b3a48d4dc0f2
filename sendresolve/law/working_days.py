"""Working-day calendars for England and Wales.

A "working day" is not the same in every instrument, so each time limit names the calendar it
uses (law.md §2.1):

``ENG_WD``
    Default for "working days" in the SEND Regulations 2014. Excludes Saturdays, Sundays,
    Christmas Day, Good Friday and bank holidays in England and Wales under the Banking and
    Financial Dealings Act 1971 (including substitute days and one-off proclaimed holidays such
    as the coronation on 8 May 2023). [U] The Regulations may not define "working day" at all;
    this is the standard statutory formula.
``HESC_WD``
    The tribunal's calendar (HESC Rules r.12, "working day" in r.1(3)); assumed to be the same
    days as ``ENG_WD`` [U].
``CHILDREN_ACT_WD``
    Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738) reg 2:
    also excludes Boxing Day (26 December) by name, even in a year when the Boxing Day bank
    holiday is moved to a substitute day.

Bank holidays come from the ``holidays`` package (``GB``, subdivision ``ENG``). A calendar can be
built with extra or removed dates, so a changed bank-holiday list can be applied and every stored
deadline recomputed. :class:`WorkingDays` carries such extra dates to every calendar at once, so
that all the time limits of one case count the same days off whichever calendar each names.

Working-day arithmetic is O(1): the calendar keeps a sorted list of working-day ordinals and,
for every day in its range, how many working days fall on or before it. The range starts at
1990–2060 and grows on demand.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import holidays as holidays_lib

__all__ = [
    "CHILDREN_ACT_WD",
    "ENG_WD",
    "HESC_WD",
    "WorkingDayCalendar",
    "WorkingDays",
    "calendar_with_extra_holidays",
    "get_calendar",
]

DEFAULT_FIRST_YEAR = 1990
DEFAULT_LAST_YEAR = 2060
MIN_YEAR = 1900
MAX_YEAR = 2199


@dataclass(frozen=True)
class _Table:
    """Precomputed lookup tables for one range of years."""

    first_ordinal: int
    last_ordinal: int
    working_ordinals: list[int]
    # count_to[i]: number of working days with ordinal <= first_ordinal + i.
    count_to: list[int]
    names: dict[dt.date, str]


class WorkingDayCalendar:
    """A set of non-working days and fast arithmetic over the days that remain.

    Saturdays and Sundays are never working days. ``holidays`` are the England and Wales bank
    holidays plus Christmas Day and Good Friday, as the ``holidays`` package lists them;
    ``exclude_boxing_day`` also removes 26 December by name; ``extra_holidays`` adds dates (for
    example a newly proclaimed bank holiday) and ``removed_holidays`` takes dates out (for example
    a bank holiday that was moved).
    """

    def __init__(
        self,
        name: str,
        *,
        exclude_boxing_day: bool = False,
        extra_holidays: Iterable[dt.date] = (),
        removed_holidays: Iterable[dt.date] = (),
        description: str = "",
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
    ) -> None:
        self.name = name
        self.description = description
        self.exclude_boxing_day = exclude_boxing_day
        self.extra_holidays = frozenset(extra_holidays)
        self.removed_holidays = frozenset(removed_holidays)
        for day in self.extra_holidays | self.removed_holidays:
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                raise TypeError(f"holiday dates must be datetime.date values, not {day!r}")
        self._lock = threading.Lock()
        self._initial_years = (first_year, last_year)
        self._table: _Table | None = None  # built on first use

    def __repr__(self) -> str:
        return f"WorkingDayCalendar({self.name!r})"

    def with_changes(
        self,
        *,
        extra_holidays: Iterable[dt.date] = (),
        removed_holidays: Iterable[dt.date] = (),
        name: str | None = None,
    ) -> WorkingDayCalendar:
        """Return a copy of this calendar with dates added to or taken out of its holidays."""
        extra = set(self.extra_holidays) | set(extra_holidays)
        removed = set(self.removed_holidays) | set(removed_holidays)
        return WorkingDayCalendar(
            name or self.name,
            exclude_boxing_day=self.exclude_boxing_day,
            extra_holidays=extra - set(removed_holidays),
            removed_holidays=removed - set(extra_holidays),
            description=self.description,
        )

    # -- building -------------------------------------------------------------------------

    def holidays_for_years(self, first_year: int, last_year: int) -> dict[dt.date, str]:
        """Return every non-weekend-rule holiday in the years given, with its name."""
        source = holidays_lib.country_holidays(
            "GB", subdiv="ENG", years=range(first_year, last_year + 1)
        )
        names: dict[dt.date, str] = {
            day: str(label).replace("(observed)", "(substitute day)")
            for day, label in source.items()
        }
        # Removals apply to the bank-holiday list only: Boxing Day is excluded by name.
        for day in self.removed_holidays:
            names.pop(day, None)
        if self.exclude_boxing_day:
            for year in range(first_year, last_year + 1):
                names.setdefault(dt.date(year, 12, 26), "Boxing Day")
        for day in self.extra_holidays:
            if first_year <= day.year <= last_year:
                names.setdefault(day, "Extra holiday")
        return names

    def _build(self, first_year: int, last_year: int) -> _Table:
        if not MIN_YEAR <= first_year <= last_year <= MAX_YEAR:
            raise ValueError(
                f"dates must fall between {MIN_YEAR} and {MAX_YEAR} for the working-day calendar"
            )
        names = self.holidays_for_years(first_year, last_year)
        holiday_ordinals = {day.toordinal() for day in names}
        first = dt.date(first_year, 1, 1).toordinal()
        last = dt.date(last_year, 12, 31).toordinal()
        working: list[int] = []
        count_to: list[int] = []
        # 1 Jan of year 1 (ordinal 1) is a Monday, so (ordinal - 1) % 7 gives Monday=0.
        for ordinal in range(first, last + 1):
            if (ordinal - 1) % 7 < 5 and ordinal not in holiday_ordinals:
                working.append(ordinal)
            count_to.append(len(working))
        return _Table(first, last, working, count_to, names)

    def _ensure(self, low: int, high: int) -> _Table:
        table = self._table
        if table is not None and table.first_ordinal <= low and high <= table.last_ordinal:
            return table
        with self._lock:
            if self._table is None:
                self._table = self._build(*self._initial_years)
            table = self._table
            if table.first_ordinal <= low and high <= table.last_ordinal:
                return table
            first_year = min(dt.date.fromordinal(table.first_ordinal).year, _year(low) - 1)
            last_year = max(dt.date.fromordinal(table.last_ordinal).year, _year(high) + 1)
            self._table = self._build(max(first_year, MIN_YEAR), min(last_year, MAX_YEAR))
            table = self._table
            if not (table.first_ordinal <= low and high <= table.last_ordinal):
                raise ValueError(
                    f"dates must fall between {MIN_YEAR} and {MAX_YEAR} "
                    "for the working-day calendar"
                )
            return table

    # -- queries ----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Return True if ``day`` is a working day in this calendar."""
        ordinal = day.toordinal()
        table = self._ensure(ordinal, ordinal)
        i = ordinal - table.first_ordinal
        before = table.count_to[i - 1] if i else 0
        return table.count_to[i] != before

    def holiday_name(self, day: dt.date) -> str | None:
        """Return the holiday's name if ``day`` is a (non-weekend) holiday, else None."""
        ordinal = day.toordinal()
        table = self._ensure(ordinal, ordinal)
        return table.names.get(day)

    def non_working_reason(self, day: dt.date) -> str | None:
        """Say why ``day`` is not a working day ("Saturday", "Good Friday"), or None."""
        name = self.holiday_name(day)
        if name:
            return name
        if day.weekday() >= 5:
            return day.strftime("%A")
        return None

    def holidays_between(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Return the named holidays from ``start`` to ``end`` inclusive, in date order."""
        table = self._ensure(start.toordinal(), end.toordinal())
        names = table.names
        if end.toordinal() - start.toordinal() < len(names):
            # A short span (the usual case): look the days up instead of scanning every year.
            days = (dt.date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1))
            return [(day, names[day]) for day in days if day in names]
        return sorted((day, name) for day, name in names.items() if start <= day <= end)

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """Return the ``count``-th working day after ``day`` (``day`` itself never counts).

        With a negative ``count``, return the ``-count``-th working day before ``day``. With 0,
        return ``day`` unchanged.
        """
        if count == 0:
            return day
        ordinal = day.toordinal()
        # A generous window: at most ~3 weeks of holidays in any 5 weeks.
        span = abs(count) * 2 + 30
        if count > 0:
            table = self._ensure(ordinal, ordinal + span)
            index = table.count_to[ordinal - table.first_ordinal] + count - 1
        else:
            table = self._ensure(ordinal - span, ordinal)
            i = ordinal - table.first_ordinal
            before = table.count_to[i - 1] if i else 0
            index = before + count
        return dt.date.fromordinal(table.working_ordinals[index])

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return ``day`` if it is a working day, otherwise the next working day after it."""
        if self.is_working_day(day):
            return day
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """Return ``day`` if it is a working day, otherwise the last working day before it."""
        if self.is_working_day(day):
            return day
        return self.add_working_days(day, -1)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Count working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        if end <= start:
            return 0
        table = self._ensure(start.toordinal(), end.toordinal())
        first = table.first_ordinal
        return table.count_to[end.toordinal() - first] - table.count_to[start.toordinal() - first]


def _year(ordinal: int) -> int:
    ordinal = min(max(ordinal, dt.date(MIN_YEAR, 1, 1).toordinal()), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal).year


ENG_WD = WorkingDayCalendar(
    "ENG_WD",
    description=(
        "Weekdays except Christmas Day, Good Friday and bank holidays in England and Wales"
    ),
)
HESC_WD = WorkingDayCalendar(
    "HESC_WD",
    description=(
        "Tribunal working days (HESC Rules): weekdays except Christmas Day, Good Friday and "
        "bank holidays in England and Wales"
    ),
)
CHILDREN_ACT_WD = WorkingDayCalendar(
    "CHILDREN_ACT_WD",
    exclude_boxing_day=True,
    description=(
        "Children Act complaints working days: weekdays except Christmas Day, Boxing Day, "
        "Good Friday and bank holidays in England and Wales"
    ),
)

_CALENDARS = {cal.name: cal for cal in (ENG_WD, HESC_WD, CHILDREN_ACT_WD)}


def get_calendar(name: str) -> WorkingDayCalendar:
    """Return the shared calendar called ``name`` (``ENG_WD``, ``HESC_WD``, ``CHILDREN_ACT_WD``)."""
    try:
        return _CALENDARS[name]
    except KeyError:
        raise ValueError(f"unknown working-day calendar {name!r}") from None


@functools.lru_cache(maxsize=64)
def calendar_with_extra_holidays(
    name: str, extra_holidays: frozenset[dt.date]
) -> WorkingDayCalendar:
    """Return the shared calendar ``name`` with ``extra_holidays`` added (cached).

    With no extra holidays this is the shared calendar itself. Used when a bank holiday is
    proclaimed before the ``holidays`` package knows it: stored deadlines are recomputed with it.
    """
    calendar = get_calendar(name)
    if not extra_holidays:
        return calendar
    return calendar.with_changes(extra_holidays=extra_holidays)


@dataclass(frozen=True)
class WorkingDays:
    """The working-day calendars in force: the shared ones, each with ``extra_holidays`` added.

    One object carries a newly proclaimed bank holiday (one the ``holidays`` package does not
    know yet) to every time limit of a case, whichever calendar the limit counts in. With no
    extra holidays, each calendar is the shared one itself.
    """

    extra_holidays: frozenset[dt.date] = frozenset()

    @classmethod
    def adding(cls, extra_holidays: Iterable[dt.date] = ()) -> WorkingDays:
        """The calendars with these extra non-working days (any iterable of dates)."""
        return cls(frozenset(extra_holidays))

    def calendar(self, name: str) -> WorkingDayCalendar:
        """The calendar called ``name`` (``ENG_WD``, ``HESC_WD``, ``CHILDREN_ACT_WD``)."""
        return calendar_with_extra_holidays(name, self.extra_holidays)
