"""Webhook deliveries as tasks (django-tasks: the database backend by default, or whichever
backend the settings choose). Each task is one attempt; a failed attempt queues the next one
with ``run_after`` (``sending.BACKOFF``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task

from sendresolve.webhooks import sending


@task()
def delivery_send(delivery_id: int) -> str:
    """Try one webhook delivery; return what happened (``delivered``, ``retrying``, …)."""
    attempt = sending.delivery_attempt(delivery_id)
    if attempt is None:
        return "nothing to send"
    delivery = attempt.delivery
    if delivery.state == delivery.State.RETRYING and delivery.next_attempt_at is not None:
        delivery_enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return str(delivery.state)


def delivery_enqueue(delivery_id: int, *, run_after: dt.datetime | None = None) -> None:
    """Queue an attempt at a delivery once the current transaction commits (at once outside
    one), so a worker never looks for a delivery that is not there yet."""

    def enqueue() -> None:
        if run_after is None:
            delivery_send.enqueue(delivery_id)
        else:
            delivery_send.using(run_after=run_after).enqueue(delivery_id)

    transaction.on_commit(enqueue)
