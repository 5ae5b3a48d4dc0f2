import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendresolve.cases.deadlines import extra_bank_holidays, open_deadlines_recompute


class Command(BaseCommand):
    help = (
        "Recompute the stored deadlines of every case that still has open deadlines, e.g. after "
        "the bank-holiday calendar changed (upgrade of the holidays package, or a new date in "
        "SENDRESOLVE_EXTRA_BANK_HOLIDAYS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--extra-holiday",
            action="append",
            default=[],
            metavar="YYYY-MM-DD",
            help="A non-working day to add on top of the configured calendar (repeatable).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Examine every open case, not only those whose deadlines span a new day.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            extra = [dt.date.fromisoformat(value) for value in options["extra_holiday"]]
        except ValueError as error:
            raise CommandError(f"--extra-holiday: {error}") from None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        begun = time.perf_counter()
        result = open_deadlines_recompute(
            extra_holidays=(*extra_bank_holidays(), *extra),
            # A day given here is new: only deadlines counted across it can move. --all looks
            # at every open case (after an upgrade of the holidays package, say).
            new_days=() if options["all"] else extra,
            batch_size=options["batch_size"],
        )
        self.stdout.write(
            f"Recomputed {result.examined} open cases: {result.changed_cases} changed "
            f"({result.changed_deadlines} deadlines) in {time.perf_counter() - begun:.1f} s."
        )
