"""Base model shared by every domain app."""

from typing import Any

from django.db import models

from sendresolve.core import clock


class BaseModel(models.Model):
    """A model with creation and update times taken from the clock seam."""

    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Keep updated_at on the clock seam so pinned-time tests see pinned values.
        self.updated_at = clock.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class RateLimitCount(models.Model):
    """How many attempts one rate-limit key has made in one fixed window (``core/ratelimit.py``).

    Kept in the database so every worker and server counts together without a shared cache.
    ``key`` is an HMAC of what is limited (an address, a case reference), never the value itself.
    """

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
