"""One attempt at a delivery: sign it (Standard Webhooks), POST it, log it, retry or give up.

The body is the delivery's payload as compact JSON; the ``webhook-id``, ``webhook-timestamp``
and ``webhook-signature`` headers are made by the ``standardwebhooks`` package with the
endpoint's secret (and the one it replaced, for a day after a rotation). Any 2xx answer is
success. Anything else (an error status, a timeout, a refused connection, an address that now
points at a private network) is logged as an attempt, and the delivery is tried again after
``BACKOFF`` (1 minute, 5 minutes, 30 minutes, 2 hours, 6 hours) until ``MAX_ATTEMPTS``.
Attempts log the status code, the time taken and a short error, never the body sent or received.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from urllib.parse import urlsplit

import requests
from django.db import transaction
from standardwebhooks.webhooks import Webhook

from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.webhooks.models import Attempt, Delivery
from sendresolve.webhooks.security import addresses_check
from sendresolve.webhooks.signing import endpoint_secrets

logger = logging.getLogger(__name__)

BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_SECONDS = 10
USER_AGENT = "SEND-Resolve-Webhooks/1"


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def headers_for(delivery: Delivery, body: bytes, *, at: dt.datetime) -> dict[str, str]:
    signatures = [
        Webhook(secret).sign(delivery.message_id, at, body)
        for secret in endpoint_secrets(delivery.endpoint)
    ]
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST and return (status code, error): one of them is set."""
    parts = urlsplit(url)
    try:
        addresses_check(parts.hostname or "", parts.port or 443)
    except ValidationError as unsafe:
        return None, str(unsafe)
    try:
        # stream: the answer's body is never read (a huge one costs nothing), only its status.
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        )
        response.close()
    except requests.Timeout:
        return None, "Timed out"
    except requests.ConnectionError:
        return None, "Could not connect"
    except requests.RequestException as failure:
        return None, type(failure).__name__
    refused = "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    return response.status_code, refused


def _claim(delivery_id: int) -> Delivery | None:
    """Lock a delivery still waiting and count this attempt; None if there is nothing to do."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        waiting = Delivery.State.PENDING, Delivery.State.RETRYING
        if delivery is None or delivery.state not in waiting or not delivery.endpoint.is_active:
            return None
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
        return delivery


def delivery_attempt(delivery_id: int) -> Attempt | None:
    """Try a delivery once; return the attempt logged (None: nothing to send). On failure,
    set when to try next (``BACKOFF``) unless that was the last: ``tasks`` queues it."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    started = clock.now()
    body = body_of(delivery)
    began = time.monotonic()
    status_code, error = _post(delivery.endpoint.url, body, headers_for(delivery, body, at=started))
    duration_ms = int((time.monotonic() - began) * 1000)
    with transaction.atomic():
        attempt = Attempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=started,
            status_code=status_code,
            duration_ms=duration_ms,
            error=error[:200],
        )
        if attempt.succeeded:
            delivery.state = Delivery.State.DELIVERED
            delivery.delivered_at = clock.now()
            delivery.next_attempt_at = None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = Delivery.State.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.state = Delivery.State.RETRYING
            delivery.next_attempt_at = clock.now() + BACKOFF[delivery.attempts - 1]
        delivery.save(update_fields=["state", "delivered_at", "next_attempt_at"])
    logger.info(
        "Webhook delivery %s attempt %s: %s",
        delivery.pk,
        attempt.number,
        status_code or error,
    )
    return attempt
