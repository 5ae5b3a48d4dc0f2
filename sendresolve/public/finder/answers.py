"""The family's route-finder answers, kept in their own browser, encrypted.

No anonymous family's situation is stored on the server: the answers travel in one cookie,
encrypted and authenticated with Fernet (AES-128 and HMAC-SHA256, the ``cryptography``
library) under a key derived from ``SECRET_KEY``. Answers sealed under one of
``SECRET_KEY_FALLBACKS`` are still read, so rotating the key loses no family's answers
midway. The cookie goes when the browser closes, and answers last saved more than
``SESSION_COOKIE_AGE`` ago are not read, as with a session.

Every application server with the same ``SECRET_KEY`` reads the cookie itself, so a finder
page costs no session look-up (``page_cache``: a kept advice page then runs no query).
"""

import base64
import functools
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

COOKIE = "sendresolve_finder"
KEY_SALT = "sendresolve.public.finder.answers"


@functools.cache
def _box(secret_keys: tuple[str, ...]) -> MultiFernet:
    """Fernet keys derived from the secret keys, the current one first (it seals)."""
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(_key_of(secret_key))) for secret_key in secret_keys]
    )


def _key_of(secret_key: str) -> bytes:
    """32 bytes for Fernet, from a secret key (HMAC-SHA256, never the key itself)."""
    return salted_hmac(KEY_SALT, "fernet", secret=secret_key, algorithm="sha256").digest()


def _secret_keys() -> tuple[str, ...]:
    return (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)


def seal(answers: dict) -> str:
    """The cookie value holding ``answers``."""
    plain = json.dumps(answers, sort_keys=True, separators=(",", ":")).encode()
    return _box(_secret_keys()).encrypt(plain).decode()


def unseal(token: str) -> dict:
    """The answers in a cookie value; none if it is empty, too old, altered or sealed under a
    key this deployment no longer has."""
    if not token:
        return {}
    try:
        plain = _box(_secret_keys()).decrypt(token.encode(), ttl=settings.SESSION_COOKIE_AGE)
        answers = json.loads(plain)
    except (InvalidToken, UnicodeError, ValueError):
        return {}
    return answers if isinstance(answers, dict) else {}


def read(request: HttpRequest) -> dict:
    """The answers the request's browser holds."""
    return unseal(request.COOKIES.get(COOKIE, ""))


def write(response: HttpResponse, answers: dict) -> None:
    """Give the browser ``answers`` to hold, until it closes."""
    response.set_cookie(
        COOKIE,
        seal(answers),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
