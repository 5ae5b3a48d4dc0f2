import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError

from sendresolve.billing.money import pounds
from sendresolve.billing.selectors import invoice_total
from sendresolve.billing.services import billing_run
from sendresolve.billing.tasks import billing_run_queued
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.models import LocalAuthority, Provider

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class Command(BaseCommand):
    help = (
        "Make (or make again) a month's draft invoice from one provider to one LA, from the "
        "events recorded on its cases. An approved invoice is never replaced. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provider", required=True, help="The provider's slug.")
        parser.add_argument("--la", required=True, help="The LA's DfE code, e.g. 302.")
        parser.add_argument("--month", required=True, help="The month, e.g. 2026-11.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the run for the task workers instead of running it here.",
        )

    def handle(self, *args, provider, la, month, queue=False, **options):
        match = MONTH.fullmatch(month.strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)):
            raise CommandError(
                f"The month must look like 2026-11, not {month[:20]!r}.", returncode=2
            )
        first = dt.date(int(match.group(1)), int(match.group(2)), 1)
        found = Provider.objects.filter(slug=provider.strip()).first()
        if found is None:
            raise CommandError(f"No provider {provider[:60]!r}.", returncode=2)
        authority = LocalAuthority.objects.filter(dfe_code=la.strip()).first()
        if authority is None:
            raise CommandError(f"No local authority with DfE code {la[:10]!r}.", returncode=2)
        if queue:
            billing_run_queued.enqueue(found.pk, authority.pk, first.isoformat())
            self.stdout.write(f"Billing run for {authority.name}, {first:%B %Y} queued.")
            return
        try:
            invoice = billing_run(
                actor=None, provider=found, local_authority=authority, month=first
            )
        except ValidationError as error:
            raise CommandError(str(error), returncode=2) from None
        lines = invoice.lines.count()
        self.stdout.write(
            f"Draft invoice for {authority.name}, {first:%B %Y}: {lines} "
            f"line{'s' if lines != 1 else ''}, {pounds(invoice_total(invoice))}."
        )
