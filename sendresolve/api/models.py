"""API tokens: a long random secret handed to a system once, stored only as its SHA-256 hash."""

import hashlib

from django.conf import settings
from django.db import models

from sendresolve.core import clock

TOKEN_PREFIX = "sr_"  # noqa: S105 (a label, not a secret)


def token_hash(plaintext: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


class ApiToken(models.Model):
    """A token that authenticates API requests as its user, until it is revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the system.")
    # The first characters of the token, to tell tokens apart without storing the secret.
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
