"""The billing run as a task, for the task workers (database or RQ backend, issue 25).

``manage.py billing_run --queue`` queues it instead of running in the command's process, so a
month-end run of many contracts goes to the workers.
"""

import datetime as dt

from django_tasks import task

from sendresolve.billing.services import billing_run
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.models import LocalAuthority, Provider


@task()
def billing_run_queued(provider_id: int, local_authority_id: int, month: str) -> dict[str, object]:
    """Make (or make again) one month's draft invoice from a provider to an LA; return its id
    and number of lines, or why it was refused (a month already invoiced, say: a retry would be
    refused the same way, so it is reported, not raised)."""
    provider = Provider.objects.get(pk=provider_id)
    local_authority = LocalAuthority.objects.get(pk=local_authority_id)
    try:
        invoice = billing_run(
            actor=None,
            provider=provider,
            local_authority=local_authority,
            month=dt.date.fromisoformat(month),
        )
    except ValidationError as error:
        return {"refused": str(error)}
    return {"invoice": invoice.pk, "lines": invoice.lines.count()}
