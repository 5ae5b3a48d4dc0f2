"""Connects webhooks to the case write path (``apps.WebhooksConfig.ready``)."""

from __future__ import annotations

from typing import Any

from sendresolve.webhooks.services import case_event_deliveries_queue


def case_event_deliveries(sender: Any, *, event_id: int, **kwargs: Any) -> None:
    """A case event committed (``cases.signals.case_event_committed``): queue its webhooks."""
    case_event_deliveries_queue(event_id=event_id)
