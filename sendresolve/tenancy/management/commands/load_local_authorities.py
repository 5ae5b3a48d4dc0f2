from typing import Any

from django.core.management.base import BaseCommand

from sendresolve.tenancy.services import local_authorities_load


class Command(BaseCommand):
    help = "Create or update every English local authority with SEND duties from the packaged list."

    def handle(self, *args: Any, **options: Any) -> None:
        result = local_authorities_load(actor=None)
        self.stdout.write(
            f"Local authorities: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
