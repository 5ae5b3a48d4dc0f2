"""Signals the case write path sends, for the apps that build on it (they connect; the cases
app never imports them).

``case_event_committed`` is sent once the transaction that recorded a case event has committed
(at once outside a transaction): the recorder's ``event_record`` writes every case event, so
every step, opening a case included, sends it. A step that rolls back sends nothing. A
receiver's failure is logged and never undoes or breaks the step.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

case_event_committed = Signal()  # keyword argument: event_id


def case_event_committed_queue(event_id: int) -> None:
    """Send ``case_event_committed`` for this event once the current transaction commits."""
    transaction.on_commit(partial(_send, event_id))


def _send(event_id: int) -> None:
    for receiver, result in case_event_committed.send_robust(sender=None, event_id=event_id):
        if isinstance(result, Exception):
            logger.error(
                "Case event %s: %r failed: %s",
                event_id,
                getattr(receiver, "__qualname__", receiver),
                type(result).__name__,
                exc_info=result,
            )
