"""Append-only audit events: who did what, to which record, for which tenant, and when.

Rows are written only by ``audit.services.audit_record``; the application refuses to change or
delete them (``save`` on an existing row, ``delete`` and queryset ``update``/``delete`` raise).
"""

from django.conf import settings
from django.db import models

from sendresolve.core import clock


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditIsAppendOnly("Audit events cannot be deleted.")


class AuditIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(default=clock.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # A snapshot of who acted, kept readable even if the account is later renamed.
    actor_label = models.CharField(max_length=150, editable=False)
    action = models.CharField(max_length=80, db_index=True, editable=False)
    object_type = models.CharField(max_length=80, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    detail = models.JSONField(default=dict, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditIsAppendOnly("Audit events cannot be deleted.")
