from django.core.management.base import BaseCommand, CommandError

from sendresolve.core import clock
from sendresolve.reminders.tasks import reminders_run_now, reminders_schedule


class Command(BaseCommand):
    help = (
        "Make sure the daily reminder job is queued for the task workers (manage.py db_worker, "
        "or rqworker with TASKS_BACKEND=rq). "
        "Queues nothing if a run is already waiting, so it is safe to run at every deploy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Queue a run to start as soon as the worker is free (it then queues the next "
            "daily run itself).",
        )

    def handle(self, *args, now, **options):
        run = reminders_run_now() if now else reminders_schedule()
        if run is None:
            raise CommandError(
                "TASKS must use the database backend or the RQ backend to schedule reminders."
            )
        starts = run.run_after
        when = (
            "to run as soon as the worker is free"
            if starts is None or starts <= clock.now()
            else f"for {starts.astimezone(clock.LONDON):%Y-%m-%d %H:%M} (London time)"
        )
        self.stdout.write(f"Reminder job queued {when}.")
