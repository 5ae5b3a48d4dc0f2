import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed
from sendresolve.demo.national import national_generate


class Command(BaseCommand):
    help = (
        "Add a synthetic national data set: every English LA, ten years of cases with their "
        "events, sessions, outcomes, certificates and deadlines (for scale tests; never in "
        "production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to add.")
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from None
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
