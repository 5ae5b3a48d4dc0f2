"""A family's unfinished online request, saved so they can come back to it by an emailed link.

Not a case record: it belongs to no provider or council until it is sent. The answers are
sealed (``core.sealing``) under a key that needs the link's token, and only the token's
SHA-256 digest is stored, so neither a copy of this table nor the table with ``SECRET_KEY``
opens anyone's answers. It goes when the link expires (the retention policy's
``saved_requests``, applied daily), when the family saves again from the same browser (the new
link replaces it) and when the request is sent.
"""

from django.db import models

from sendresolve.core import clock


class SavedRequest(models.Model):
    token_digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the link's token (hex)."
    )
    sealed_answers = models.TextField(help_text="The answers, encrypted.")
    saved_at = models.DateTimeField(default=clock.now, editable=False)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["saved_at", "id"]

    def __str__(self):
        # Nothing about the family: __str__ ends up in admin history and log lines.
        return f"Saved request {self.pk}"
