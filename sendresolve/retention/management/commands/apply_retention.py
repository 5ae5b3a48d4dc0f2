from django.core.management.base import BaseCommand

from sendresolve.core import clock
from sendresolve.retention.services import retention_apply, retention_plan


class Command(BaseCommand):
    help = (
        "Show what the retention policy (SENDRESOLVE_RETENTION) would anonymise, redact or "
        "delete today, one line per kind of record; with --apply, do it (audited)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Anonymise, redact and delete what is due. Without it nothing changes.",
        )

    def handle(self, *args, apply, **options):
        today = clock.today()
        if apply:
            for line in retention_apply(today, actor=None):
                self.stdout.write(line.describe(done=True))
        else:
            for line in retention_plan(today):
                self.stdout.write(line.describe())
            self.stdout.write("Dry run: nothing was changed. Run with --apply to do it.")
