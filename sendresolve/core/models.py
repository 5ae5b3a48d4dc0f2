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
