"""``manage.py import_cases FILE --provider SLUG_OR_ID [--dry-run] [--errors-out report.csv]``."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendresolve.imports.reading import ImportFileError, file_read
from sendresolve.imports.services import cases_import, errors_as_rows
from sendresolve.tenancy.models import Provider

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import a provider's caseload from the import template (CSV or XLSX): every row is "
        "checked first; --dry-run writes nothing. Running the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .xlsx workbook or the .csv of cases")
        parser.add_argument("--provider", required=True, help="The provider's slug or id")
        parser.add_argument("--events", help="With a .csv of cases: the .csv of past events")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing")
        parser.add_argument("--errors-out", help="Write every error to this CSV file")

    def handle(self, *args, **options) -> None:
        provider = self._provider(options["provider"])
        path = Path(options["file"])
        try:
            content = path.read_bytes()
            events = Path(options["events"]).read_bytes() if options["events"] else None
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}.") from None
        try:
            data = file_read(content, path.name, events=events)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        started = time.perf_counter()
        result = cases_import(
            actor=None,
            provider=provider,
            data=data,
            file_name=path.name,
            dry_run=options["dry_run"],
        )
        seconds = time.perf_counter() - started
        checked = result.checked
        if options["errors_out"]:
            with open(options["errors_out"], "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["sheet", "row", "column", "reason"])
                writer.writerows(errors_as_rows(checked))
        write = self.stdout.write
        write(
            f"{checked.rows} rows; {len(checked.bad_rows)} with errors; {len(checked.valid)} good."
        )
        for problem in checked.errors[:SHOWN]:
            write(f"  {problem.sheet} row {problem.row}, {problem.column}: {problem.reason}")
        if len(checked.errors) > SHOWN:
            write(
                f"  … and {len(checked.errors) - SHOWN} more errors "
                "(--errors-out FILE lists them all)."
            )
        if options["dry_run"]:
            write(
                f"Dry run: would create {len(checked.new)}, update {len(checked.changed)}, "
                f"leave {len(checked.unchanged)} unchanged. Nothing was written."
            )
            return
        if result.created == result.updated == 0:
            write(
                f"Nothing changed: all {result.unchanged} good rows were imported before "
                "as they are."
            )
        else:
            write(
                f"Import {result.record.pk if result.record else ''}: created {result.created}, "
                f"updated {result.updated}, unchanged {result.unchanged} in {seconds:.1f} s."
            )
        write(f"{result.overdue_count} deadlines of these cases are already overdue.")
        for item in (result.overdue or [])[:SHOWN]:
            write(
                f"  {item['reference']} ({item['source_reference']}): {item['title']}, "
                f"due {item['due_on']}, {item['responsible']}"
            )

    def _provider(self, value: str) -> Provider:
        provider = Provider.objects.filter(slug=value).first()
        if provider is None and value.isdigit():
            provider = Provider.objects.filter(pk=int(value)).first()
        if provider is None:
            raise CommandError(f"No provider with the slug or id {value!r}.")
        return provider
