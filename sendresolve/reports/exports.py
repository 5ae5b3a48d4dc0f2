"""CSV and XLSX from a report's tables: the same rows the page shows, cell for cell."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from sendresolve.reports.tables import SHEET_NAME_MAX, Report, display


def report_csv(report: Report) -> str:
    """One CSV with every table: a ``table`` column first, then each table's own columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([report.title, f"{report.date_from} to {report.date_to}", report.scope])
    for table in report.tables:
        writer.writerow([])
        writer.writerow(["table", *[c.label for c in table.columns]])
        for row in table.all_rows():
            writer.writerow([table.key, *[display(row.get(c.key), c.kind) for c in table.columns]])
    return out.getvalue()


def _cell(value, kind):
    if value is None:
        return None
    if kind == "percent":
        return value / 100  # formatted as a percentage below
    return value


def report_xlsx(report: Report) -> bytes:
    """A workbook with one sheet per table, named in words ("Late certificates"), numbers as
    numbers, percentages formatted."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    bold = Font(bold=True)
    used: set[str] = set()
    for table in report.tables:
        sheet = workbook.create_sheet(title=_unique(table.sheet_name, used))
        sheet.append([table.title])
        sheet["A1"].font = bold
        sheet.append([f"{report.date_from} to {report.date_to}", report.scope])
        sheet.append([c.label for c in table.columns])
        for cell in sheet[3]:
            cell.font = bold
        for row in table.all_rows():
            sheet.append([_cell(row.get(c.key), c.kind) for c in table.columns])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.kind == "percent":
                    cell.number_format = "0.0%"
                elif column.kind == "date":
                    cell.number_format = "yyyy-mm-dd"
        for index, column in enumerate(table.columns, start=1):
            letter = sheet.cell(row=3, column=index).column_letter
            sheet.column_dimensions[letter].width = max(12, min(40, len(column.label) + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unique(name: str, used: set[str]) -> str:
    """``name``, or ``name (2)`` and so on if a sheet already has it (Excel compares names
    without regard to case), within Excel's 31 characters."""
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        suffix = f" ({n})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def report_json(report: Report) -> dict:
    """The API's body: the same tables, with raw values (percentages as numbers)."""
    return {
        "report": report.key,
        "title": report.title,
        "date_from": report.date_from.isoformat(),
        "date_to": report.date_to.isoformat(),
        "scope": report.scope,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "columns": [
                    {"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns
                ],
                "rows": [
                    {c.key: _json(row.get(c.key)) for c in table.columns} for row in table.rows
                ],
                "total": (
                    {c.key: _json(table.shown_total.get(c.key)) for c in table.columns}
                    if table.shown_total
                    else None
                ),
            }
            for table in report.tables
        ],
    }


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
