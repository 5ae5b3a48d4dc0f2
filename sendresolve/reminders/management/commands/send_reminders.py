from django.core.management.base import BaseCommand

from sendresolve.reminders.meetings import meeting_reminders_send
from sendresolve.reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "Send the due-soon and overdue deadline reminders and the meeting reminders not yet "
        "sent, now, in this process. "
        "Safe to run at any time: no reminder is sent twice."
    )

    def handle(self, *args, **options):
        run = reminders_send()
        self.stdout.write(
            f"Sent {run.sent} reminders (due soon: {run.due_soon}, overdue: {run.overdue}); "
            f"skipped {run.skipped} with no address."
        )
        self.stdout.write(f"Sent {meeting_reminders_send()} meeting reminders.")
