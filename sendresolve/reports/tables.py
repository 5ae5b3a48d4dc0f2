"""A report is a list of tables; pages, CSV, XLSX and the API all render the same tables, so
their figures cannot disagree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

# Excel's limit on a sheet name's length.
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "number"  # number | percent | text | date
    # "case": the cell is a case reference, linked to its staff case page on report pages.
    link: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    description: str = ""
    total: dict[str, Any] | None = None
    # Which column the chart shows (a bar per row), if the table has a chart.
    chart: str = ""
    chart_label: str = "label"
    # How many rows there are when ``rows`` holds only the first of them (a page's list).
    row_count: int | None = None
    # The spreadsheet tab's name (at most 31 characters); the title, shortened, if not given.
    sheet: str = ""

    @property
    def sheet_name(self) -> str:
        """A readable XLSX sheet name: ``sheet``, or the title cut at a word within 31
        characters, without the characters Excel refuses in a sheet name."""
        name = " ".join(re.sub(r"[\\/*?:\[\]]", " ", self.sheet or self.title).split())
        if len(name) > SHEET_NAME_MAX:
            cut = name[: SHEET_NAME_MAX + 1].rsplit(" ", 1)[0]
            name = (cut if cut else name[:SHEET_NAME_MAX]).rstrip(" ,;-")
        return name[:SHEET_NAME_MAX] or "Table"

    @property
    def shown_total(self) -> dict[str, Any] | None:
        """The total row, shown (on pages, downloads and the API) only when there are rows."""
        return self.total if self.total and self.rows else None

    def all_rows(self) -> tuple[dict[str, Any], ...]:
        return self.rows + ((self.shown_total,) if self.shown_total else ())


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    date_from: dt.date
    date_to: dt.date
    scope: str  # "All local authorities you can see", "Barnet", "Global Mediation"
    tables: tuple[Table, ...] = field(default_factory=tuple)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def percent(part: int, whole: int) -> float | None:
    """A percentage to one decimal place, or None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def display(value: Any, kind: str) -> str:
    """How a cell reads on a page and in CSV."""
    if value is None:
        return "–" if kind in ("percent", "number") else ""
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def page_display(value: Any, kind: str) -> str:
    """How a cell reads on a page: like ``display``, but dates as people write them."""
    if kind == "date" and isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    return display(value, kind)
