import datetime as dt

from django.core.management.base import BaseCommand

from sendresolve.notifications.services import messages_deliver_queued


class Command(BaseCommand):
    help = (
        "Deliver messages still queued after their transaction committed (for example because "
        "the process stopped before delivering them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=int,
            default=5,
            metavar="MINUTES",
            help="Only messages queued at least this many minutes ago (default 5), so messages "
            "being delivered right now are left alone.",
        )

    def handle(self, *args, min_age, **options):
        result = messages_deliver_queued(older_than=dt.timedelta(minutes=min_age))
        self.stdout.write(
            f"Queued messages: {result.tried} tried, {result.delivered} delivered, "
            f"{result.failed} failed, {result.still_queued} still queued."
        )
