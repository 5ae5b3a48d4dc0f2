"""Endpoint secrets: sealed at rest (``core.sealing``), unsealed only to sign a delivery."""

from __future__ import annotations

import datetime as dt

from sendresolve.core import clock, sealing
from sendresolve.webhooks.models import Endpoint

SECRET_SALT = "sendresolve.webhooks.secret"  # noqa: S105 (a purpose, not a secret)
# After a rotation the old secret also signs for a day, so the receiver can switch over.
PREVIOUS_SECRET_KEPT = dt.timedelta(hours=24)


def secret_seal(secret: str) -> str:
    return sealing.seal(secret, salt=SECRET_SALT)


def endpoint_secrets(endpoint: Endpoint) -> list[str]:
    """The secrets a message to the endpoint is signed with: its own, and the one it replaced
    while that is still kept."""
    secrets = [sealing.unseal(endpoint.secret_sealed, salt=SECRET_SALT)]
    if endpoint.previous_secret_sealed and endpoint.previous_secret_until:
        if endpoint.previous_secret_until > clock.now():
            secrets.append(sealing.unseal(endpoint.previous_secret_sealed, salt=SECRET_SALT))
    return secrets
