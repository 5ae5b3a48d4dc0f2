import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendresolve.cases.projections import projections_rebuild_all


class Command(BaseCommand):
    help = (
        "Rebuild every case's report facts and next deadline from its records (case work keeps "
        "them after each step commits; this is for data loaded by other means, a refresh that "
        "failed, or to check them). Cases whose facts are right are not rewritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit 1 if any case's facts had to be rebuilt (they are rebuilt all the same).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        begun = time.perf_counter()
        examined, changed = projections_rebuild_all(batch_size=options["batch_size"])
        self.stdout.write(
            f"Examined {examined} cases: {changed} had facts rebuilt, in "
            f"{time.perf_counter() - begun:.1f} s."
        )
        if options["check"] and changed:
            raise CommandError(f"{changed} cases had report facts that were out of date.")
