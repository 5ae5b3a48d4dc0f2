from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendresolve.tenancy.contacts import (
    ContactsFileError,
    contacts_file_text,
    contacts_read,
    la_contacts_load,
)


class Command(BaseCommand):
    help = (
        "Load each council's SEND team and SENDIASS contacts from a CSV file (by default the "
        "packaged tenancy/data/la_send_contacts.csv). Councils an administrator has edited "
        "are kept unless --overwrite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", help="A contacts CSV file (default: the packaged one)."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also replace contacts an administrator has edited, and clear that mark.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            text = Path(path).read_text(encoding="utf-8") if path else contacts_file_text()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error.__class__.__name__}") from None
        try:
            result = la_contacts_load(
                actor=None, rows=contacts_read(text), overwrite=options["overwrite"]
            )
        except ContactsFileError as error:
            raise CommandError(f"{path or 'la_send_contacts.csv'}: {error}") from None
        kept = (
            f", {len(result.kept)} kept as an administrator edited them "
            f"({', '.join(result.kept)}; --overwrite replaces them)"
            if result.kept
            else ""
        )
        self.stdout.write(
            f"Council contacts: {result.updated} updated, {result.unchanged} unchanged{kept}."
        )
