"""The link's token: random, shown once in the email, stored only as a digest."""

import hashlib
import secrets

SALT = "sendresolve.drafts.saved-request"
TOKEN_BYTES = 32
# token_urlsafe(32) is 43 characters; anything much longer was never issued.
TOKEN_MAX_LENGTH = 64


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sealing_salt(token: str) -> str:
    """The sealing salt: the token itself is part of the key, and it is not stored."""
    return f"{SALT}|{token}"
