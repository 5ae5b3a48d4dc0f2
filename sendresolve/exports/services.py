"""Run an export: check the range, record one audit event, and stream the rows.

The response is a generator (``StreamingHttpResponse``), so an LA with many cases is written as
it is read. The audit event is written before the first row, with the row count.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sendresolve.audit.services import audit_record
from sendresolve.core.errors import ValidationError
from sendresolve.exports import rows
from sendresolve.exports.selectors import export_cases
from sendresolve.tenancy.actors import Who
from sendresolve.tenancy.models import LocalAuthority

KINDS = ("sen2", "case-events")
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}
MAX_DAYS = 366 * 11  # as the reports allow
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    content_type: str
    filename: str
    rows: int
    body: Iterator[str]


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_from > date_to:
        raise ValidationError("The end date must be the same as or after the start date")
    if (date_to - date_from).days > MAX_DAYS:
        raise ValidationError("Choose a period of 11 years or less")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(fields: Iterable[rows.Field], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    keys = [field.key for field in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(keys)
    yield flush()
    for record in records:
        writer.writerow([_cell(record[key]) for key in keys])
        yield flush()


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_run(
    *,
    actor: Who,
    kind: str,
    fmt: str,
    local_authority: LocalAuthority,
    date_from: dt.date,
    date_to: dt.date,
    via: str,
) -> Export:
    """Audit and start one export of ``local_authority``'s cases the actor may export."""
    if kind not in KINDS:
        raise ValidationError(f"Choose one of: {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ValidationError(f"Choose one of: {', '.join(FORMATS)}")
    check_range(date_from, date_to)
    cases = export_cases(actor, local_authority=local_authority)
    if kind == "sen2":
        found = rows.sen2_cases(cases, date_from=date_from, date_to=date_to)
        fields, records = rows.SEN2_FIELDS, rows.sen2_rows(found)
        count = found.count()
    else:
        events = rows.event_records(cases, date_from=date_from, date_to=date_to)
        fields, records = rows.EVENT_FIELDS, rows.event_rows(events)
        count = events.count()
    audit_record(
        actor=actor,
        action=f"export.{kind}",
        local_authority=local_authority,
        detail={
            "format": fmt,
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "rows": count,
            "via": via,
        },
    )
    body = csv_lines(fields, records) if fmt == "csv" else jsonl_lines(records)
    name = f"sendresolve-{kind}-{local_authority.dfe_code}-{date_from}-{date_to}.{fmt}"
    return Export(content_type=FORMATS[fmt], filename=name, rows=count, body=body)
