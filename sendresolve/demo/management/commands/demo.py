import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sendresolve.core.errors import NotAllowed
from sendresolve.demo.cases import demo_cases_summary
from sendresolve.demo.services import demo_seed
from sendresolve.staff.two_factor import DEMO_SECRET


class Command(BaseCommand):
    help = (
        "Seed demo providers, local authorities, one user per role and cases in every status, "
        "and print the logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="The address to print for the demo."
        )

    def handle(self, *args, **options):
        # Seeding records dozens of demo messages; their INFO lines would bury the logins.
        quiet = logging.getLogger("sendresolve.notifications")
        level = quiet.level
        quiet.setLevel(logging.WARNING)
        try:
            logins = demo_seed()
        except NotAllowed as error:
            raise CommandError(str(error)) from None
        finally:
            quiet.setLevel(level)
        url = options["url"]
        width = max(len(login.username) for login in logins)
        self.stdout.write("")
        self.stdout.write(f"SEND Resolve demo is ready at {url}")
        self.stdout.write(
            f"Staff sign in: {url.rstrip('/')}/staff/    Admin: {url.rstrip('/')}/admin/"
        )
        self.stdout.write("")
        self.stdout.write(f"{'Username'.ljust(width)}  {'Password'.ljust(19)}  Role")
        for login in logins:
            self.stdout.write(
                f"{login.username.ljust(width)}  {login.password}  "
                f"{login.role} ({login.organisation})"
            )
        self.stdout.write("")
        self.stdout.write(
            "Second step: after the password, enter the 6-digit code from an authenticator app"
        )
        self.stdout.write(f"set up with the demo key {DEMO_SECRET} (every demo user has it).")
        if settings.DEMO_MODE:
            self.stdout.write("Demo mode is on: the code page also shows the current code.")
        else:
            self.stdout.write(
                "Serve with SENDRESOLVE_DEMO=true (make run does) and the code page shows it too."
            )
        self.stdout.write("")
        summary = demo_cases_summary()
        self.stdout.write(f"Demo cases: {summary.total} ({summary.overdue} overdue)")
        self.stdout.write("")
