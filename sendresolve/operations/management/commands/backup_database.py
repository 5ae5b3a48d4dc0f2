"""``manage.py backup_database OUTPUT_PATH [--force]``: back up the configured database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendresolve.operations import backups, database
from sendresolve.operations.backups import BackupError


class Command(BaseCommand):
    help = (
        "Back up the configured database to OUTPUT_PATH, with a JSON manifest beside it "
        "(OUTPUT_PATH.json). SQLite: an online copy, safe while the application writes; name it "
        "*.sqlite3 or *.sqlite3.gz (gzipped). PostgreSQL: a pg_dump custom-format archive. "
        "The backup holds special-category data: keep it encrypted and access-controlled."
    )

    def add_arguments(self, parser):
        parser.add_argument("output_path", type=Path, help="Where to write the backup.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite an existing backup and manifest."
        )

    def handle(self, *args, output_path, force, **options):
        output = output_path.absolute()
        try:
            manifest = database.backup(output, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {backups.VENDOR_NAMES[manifest['vendor']]} to {output} "
            f"({backups.human_size(manifest['size'])}): "
            f"{backups.counts_text(manifest['row_counts'])}; "
            f"manifest {backups.manifest_path(output).name}."
        )
