"""``manage.py restore_database INPUT_PATH --yes``: replace the database by a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendresolve.operations import backups, database
from sendresolve.operations.backups import BackupError


class Command(BaseCommand):
    help = (
        "Replace everything in the configured database by the backup INPUT_PATH, after checking "
        "its manifest (INPUT_PATH.json): the SHA-256 and the vendor must match. Stop the "
        "application and the task worker first. Needs --yes; it never asks."
    )

    def add_arguments(self, parser):
        parser.add_argument("input_path", type=Path, help="The backup to restore.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that every row in the configured database is to be replaced.",
        )

    def handle(self, *args, input_path, yes, **options):
        # Asked on the command line, not at a prompt: scripts and CI have no terminal.
        if not yes:
            raise CommandError(
                "Refusing to restore without --yes: it replaces every row in the configured "
                "database."
            )
        backup_file = input_path.absolute()
        try:
            restored = database.restore(backup_file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        self.stdout.write(
            f"Restored {backups.VENDOR_NAMES[manifest['vendor']]} {restored.target} from "
            f"{backup_file} (backed up {manifest['created_at']}): "
            f"{backups.counts_text(restored.row_counts)}."
        )
        differences = database.migration_differences(manifest["migrations"])
        if differences:
            self.stderr.write(
                f"The backup's migrations differ from this code's ({differences[0]}"
                f"{f' and {len(differences) - 1} more' if len(differences) > 1 else ''}); "
                "run `manage.py migrate` if the backup is the older."
            )
