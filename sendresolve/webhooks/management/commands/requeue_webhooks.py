"""Queue again the webhook deliveries whose next try is over an hour late."""

from django.core.management.base import BaseCommand

from sendresolve.webhooks.services import deliveries_requeue_stale


class Command(BaseCommand):
    help = "Queue again the webhook deliveries whose next try is over an hour late."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {deliveries_requeue_stale()} webhook deliveries again.")
