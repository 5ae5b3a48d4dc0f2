"""Seal a small JSON value so that only this deployment can read it back, for a while.

``seal`` encrypts and authenticates with Fernet (AES-128 and HMAC-SHA256, the ``cryptography``
library) under a key derived from ``SECRET_KEY`` and a ``salt`` naming the purpose, so a value
sealed for one purpose cannot be unsealed for another. Values sealed under one of
``SECRET_KEY_FALLBACKS`` are still read, so rotating the key loses nothing midway. ``unseal``
refuses a value older than ``ttl`` seconds, altered, sealed for another salt or under a key
this deployment no longer has.

A salt may carry a per-value secret that is not stored beside the sealed value (a saved
request's link token): then the database and ``SECRET_KEY`` together still cannot read it.
(``public/finder/answers.py`` follows the same pattern for its cookie.)
"""

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac


class Unsealable(Exception):
    """The value is too old, altered, for another salt, or under a key no longer held."""


def _key_of(secret_key: str, salt: str) -> bytes:
    """32 bytes for Fernet from a secret key and a salt (HMAC-SHA256, never the key itself)."""
    return salted_hmac(salt, "fernet", secret=secret_key, algorithm="sha256").digest()


def _box(salt: str) -> MultiFernet:
    """Fernet keys for ``salt``, the current secret key's first (it seals)."""
    secret_keys = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(_key_of(key, salt))) for key in secret_keys]
    )


def seal(value: Any, *, salt: str) -> str:
    """``value`` (anything JSON can hold) encrypted and authenticated, as text."""
    plain = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    return _box(salt).encrypt(plain).decode()


def unseal(sealed: str, *, salt: str, ttl: int | None = None) -> Any:
    """The value ``seal`` sealed with ``salt``, if at most ``ttl`` seconds old (None: any age).

    Raises ``Unsealable`` otherwise.
    """
    if not sealed:
        raise Unsealable
    try:
        plain = _box(salt).decrypt(sealed.encode(), ttl=ttl)
        return json.loads(plain)
    except (InvalidToken, UnicodeError, ValueError):
        raise Unsealable from None
