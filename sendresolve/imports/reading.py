"""Reading an import file: CSV (the csv module) or XLSX (openpyxl) into rows of text.

Each row is a dict of column name to text (dates from XLSX cells as ISO dates), with its row
number in the file (the header is row 1). A file that cannot be read at all raises
``ImportFileError`` with one sentence saying why; a row's own problems are for ``validation``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from sendresolve.imports.template import (
    CASE_COLUMNS,
    CASES_SHEET,
    EVENT_COLUMNS,
    EVENTS_SHEET,
    Column,
)

MAX_ROWS = 50_000  # a provider's whole caseload many times over; more is a mistake


class ImportFileError(Exception):
    """The file cannot be read as an import (one sentence for the user)."""


@dataclass
class Row:
    number: int  # the row's number in its sheet (the header is row 1)
    values: dict[str, str]


@dataclass
class ImportFile:
    cases: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)


def _header(cells: list[Any], columns: tuple[Column, ...], sheet: str) -> list[str | None]:
    names = [str(c).strip().lower().replace(" ", "_") if c is not None else "" for c in cells]
    known = {c.name for c in columns}
    missing = [c.name for c in columns if c.required and c.name not in names]
    if missing:
        raise ImportFileError(
            f"The {sheet} sheet has no column {', '.join(missing)}: use the import template's "
            "header row."
        )
    return [n if n in known else None for n in names]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(raw: Any, columns: tuple[Column, ...], sheet: str) -> list[Row]:
    iterator = iter(raw)
    try:
        header = _header(list(next(iterator)), columns, sheet)
    except StopIteration:
        raise ImportFileError(f"The {sheet} sheet is empty.") from None
    rows: list[Row] = []
    for number, cells in enumerate(iterator, start=2):
        values = {
            name: _text(cell) for name, cell in zip(header, cells, strict=False) if name is not None
        }
        if not any(values.values()):
            continue  # a blank line
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"The {sheet} sheet has more than {MAX_ROWS:,} rows.")
        rows.append(Row(number, values))
    return rows


def _csv(content: bytes, columns: tuple[Column, ...], sheet: str) -> list[Row]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The CSV file must be saved as UTF-8.") from None
    try:
        return _rows(csv.reader(io.StringIO(text, newline="")), columns, sheet)
    except csv.Error:
        raise ImportFileError("The CSV file cannot be read: save it again as CSV.") from None


def _xlsx(content: bytes) -> ImportFile:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError("The file cannot be read as an Excel (.xlsx) workbook.") from None
    try:
        names = {name.lower(): name for name in book.sheetnames}
        cases = book[names.get(CASES_SHEET.lower(), book.sheetnames[0])]
        out = ImportFile(cases=_rows(cases.iter_rows(values_only=True), CASE_COLUMNS, CASES_SHEET))
        if EVENTS_SHEET.lower() in names:
            events = book[names[EVENTS_SHEET.lower()]]
            out.events = _rows(events.iter_rows(values_only=True), EVENT_COLUMNS, EVENTS_SHEET)
        return out
    finally:
        book.close()


def file_read(content: bytes, name: str, *, events: bytes | None = None) -> ImportFile:
    """Read an import: an .xlsx workbook (sheets "Cases" and "Events"), or a .csv of cases
    with, optionally, a second .csv of events (``events``)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if events:
            raise ImportFileError("An Excel workbook carries its events in its Events sheet.")
        return _xlsx(content)
    if lower.endswith(".csv"):
        out = ImportFile(cases=_csv(content, CASE_COLUMNS, CASES_SHEET))
        if events:
            out.events = _csv(events, EVENT_COLUMNS, EVENTS_SHEET)
        return out
    raise ImportFileError("The file must be a .csv or .xlsx file.")
