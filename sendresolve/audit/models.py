"""Append-only audit events: who did what, to which record, for which tenant, and when.

Rows are written only by ``audit.services.audit_record``; the application refuses to change or
delete them: ``save`` on an existing row, ``delete``, and the queryset's ``update``, ``delete``,
``bulk_update``, ``update_or_create`` on an existing row and the private ``_raw_delete`` all raise
``AuditIsAppendOnly``, through the default manager and the base manager alike. The database
refuses an UPDATE too (a trigger, migration 0002), so not even raw SQL can rewrite history.

The one way rows leave is the retention purge: ``audit.services.audit_purge_before`` calls
``_purge_before`` below, which deletes events older than a cutoff and records that it did, in
the same transaction. Nothing else may call it (``test_audit.py`` checks the code base).
"""

import datetime as dt

from django.conf import settings
from django.db import models

from sendresolve.core import clock


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditIsAppendOnly("Audit events cannot be deleted.")

    # The private path of fast deletes. (The private ``_update``, which Model.save_base() takes,
    # is left alone so loaddata can still insert rows with their ids; the database trigger
    # refuses it for any row that exists.)
    def _raw_delete(self, using):
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
        # Related-object access and the deletion collector use the base manager: make it ours.
        base_manager_name = "objects"
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


def _purge_before(cutoff: dt.datetime) -> int:
    """Delete the audit events that occurred before ``cutoff``; return how many.

    Private to ``audit.services.audit_purge_before``, which checks the cutoff and records the
    purge. It bypasses the refusing queryset with Django's plain ``QuerySet._raw_delete``: one
    DELETE statement, no signals (nothing refers to audit events, so there is nothing to cascade).
    """
    queryset = AuditEvent.objects.filter(occurred_at__lt=cutoff)
    return models.QuerySet._raw_delete(queryset, queryset.db)
