import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sendresolve.cases.deadlines import deadlines_recompute, extra_bank_holidays
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.states import OPEN


class Command(BaseCommand):
    help = (
        "Recompute the stored deadlines of every case that still has open deadlines, e.g. after "
        "the bank-holiday calendar changed (upgrade of the holidays package, or a new date in "
        "SENDRESOLVE_EXTRA_BANK_HOLIDAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--extra-holiday",
            action="append",
            default=[],
            metavar="YYYY-MM-DD",
            help="A non-working day to add on top of the configured calendar (repeatable).",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        try:
            extra = [dt.date.fromisoformat(value) for value in options["extra_holiday"]]
        except ValueError as error:
            raise CommandError(f"--extra-holiday: {error}") from None
        holidays = tuple(sorted({*extra_bank_holidays(), *extra}))
        cases = (
            Case.objects.filter(status__in=OPEN)
            .filter(deadlines__state=CaseDeadline.State.OPEN)
            .distinct()
            .order_by("pk")
        )
        examined = changed_cases = changed_rows = 0
        for case in cases.iterator(chunk_size=options["batch_size"]):
            examined += 1
            changed = deadlines_recompute(case, extra_holidays=holidays)
            if changed:
                changed_cases += 1
                changed_rows += changed
        self.stdout.write(
            f"Recomputed {examined} open cases: {changed_cases} changed ({changed_rows} deadlines)."
        )
