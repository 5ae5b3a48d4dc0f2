import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed
from sendresolve.demo.national import national_generate
from sendresolve.demo.national_extras import Extras, national_extras


class Command(BaseCommand):
    help = (
        "Add a synthetic national data set: every English LA, ten years of cases with their "
        "events, sessions, outcomes, certificates and deadlines (for scale tests; never in "
        "production). With --extras-only, add only the mediators' diaries and a year of "
        "invoices to the national data already there (again: adds nothing more)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, help="How many cases to add.")
        parser.add_argument(
            "--extras-only",
            action="store_true",
            help="Add only the diaries and invoices to an existing national data set.",
        )
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from None
        if options["extras_only"]:
            try:
                extras = national_extras(
                    today=today, seed=options["seed"], progress=self.stderr.write
                )
            except NotAllowed as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Added {self._extras(extras)} in {extras.seconds:.0f} s.")
            return
        if options["cases"] is None:
            raise CommandError("--cases is required (or --extras-only).")
        if options["cases"] < 1 or options["years"] < 1 or options["batch_size"] < 1:
            raise CommandError("--cases, --years and --batch-size must be at least 1.")
        step = max(options["cases"] // 10, options["batch_size"])
        marks = {"next": step}

        def progress(made: int) -> None:
            if made >= marks["next"] or made == options["cases"]:
                self.stderr.write(f"  {made:,} cases")
                marks["next"] += step

        try:
            result = national_generate(
                cases=options["cases"],
                years=options["years"],
                today=today,
                seed=options["seed"],
                batch_size=options["batch_size"],
                progress=progress,
            )
        except NotAllowed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Added {result.cases:,} cases ({result.open_cases:,} open), {result.events:,} events, "
            f"{result.deadlines:,} deadlines and {result.casework:,} contact log entries, tasks "
            f"and documents in {result.seconds:.0f} s."
        )
        if result.extras is not None:
            self.stdout.write(f"And {self._extras(result.extras)}.")

    @staticmethod
    def _extras(extras: Extras) -> str:
        return (
            f"{extras.mediators:,} mediators ({extras.exceptions:,} days away), "
            f"{extras.bookings:,} meetings booked ({extras.slots:,} slots, {extras.unbooked:,} "
            f"left unbooked), {extras.invoices:,} invoices with {extras.lines:,} lines"
        )
