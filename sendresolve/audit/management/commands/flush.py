"""``manage.py flush``, which empties every table, the audit trail included.

The database refuses to delete audit events without a permit (migration 0003), so Django's own
``flush`` (which the test runner also uses between tests that commit) runs here inside a permit
for every event. The question it asks comes first, so no permit is held while it waits.
"""

import datetime as dt
from typing import Any

from django.core.management.commands import flush

from sendresolve.audit.models import _deletes_permitted

EVERY_EVENT = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


class Command(flush.Command):
    help = flush.Command.help + " The audit trail is emptied too."

    def handle(self, **options: Any) -> None:
        if options["interactive"]:
            answer = input(
                f"This empties every table of the {options['database']!r} database, the audit "
                "trail included, and cannot be undone.\nType 'yes' to continue, or 'no' to "
                "cancel: "
            )
            if answer != "yes":
                self.stdout.write("Flush cancelled.")
                return
        with _deletes_permitted(before=EVERY_EVENT, using=options["database"]):
            super().handle(**{**options, "interactive": False})
