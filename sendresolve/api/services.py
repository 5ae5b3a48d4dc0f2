"""Writes for API tokens. Each is keyword-only, runs in a transaction and is audited."""

import secrets

from django.db import transaction

from sendresolve.api.models import TOKEN_PREFIX, ApiToken, token_hash
from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError


@transaction.atomic
def api_token_create(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with its plaintext, which is never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(
            "Name the token, for example after the system that uses it.", field="name"
        )
    if not user.is_active:
        raise ValidationError("This account has been switched off.", field="user")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=plaintext[: len(TOKEN_PREFIX) + 6],
        token_hash=token_hash(plaintext),
    )
    audit_record(
        actor=actor,
        action="api.token.create",
        target=token,
        detail={"user_id": user.pk, "prefix": token.prefix},
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token: requests made with it answer 401 from now on. Revoking twice is a no-op."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api.token.revoke",
            target=token,
            detail={"user_id": token.user_id, "prefix": token.prefix},
        )
    return token
