"""Append-only audit events: who did what, to which record, for which tenant, and when.

Rows are written only by ``audit.services.audit_record``; the application refuses to change or
delete them: ``save`` on an existing row, ``delete``, and the queryset's ``update``, ``delete``,
``bulk_update``, ``update_or_create`` on an existing row and the private ``_raw_delete`` all raise
``AuditIsAppendOnly``, through the default manager and the base manager alike. The database
refuses an UPDATE too (a trigger, migration 0002), so not even raw SQL can rewrite history, and
a DELETE (or, on PostgreSQL, a TRUNCATE) of any row not covered by a ``PurgePermit`` of the same
transaction (triggers, migration 0003).

The one way rows leave is the retention purge: ``audit.services.audit_purge_before`` calls
``_purge_before`` below, which writes a permit, deletes events older than a cutoff and removes the
permit, and the service records that it did, all in one transaction. Nothing else may call it,
and only it and ``manage.py flush`` (which empties every table; the test runner uses it) write
permits (``test_audit.py`` checks the code base).
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models, transaction

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


class PurgePermit(models.Model):
    """While one exists, the database lets audit events from before its ``cutoff`` be deleted.

    Written and removed inside one transaction (``_deletes_permitted``), so no other connection
    ever sees one. The table is made by migration 0003 with the triggers that read it; it is
    unmanaged so that ``flush`` leaves it alone while it empties the audit table.
    """

    cutoff = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "audit_purgepermit"

    def __str__(self):
        return f"Audit events before {self.cutoff:%Y-%m-%d %H:%M} may be deleted"


@contextmanager
def _deletes_permitted(*, before: dt.datetime, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within one transaction: a permit for events from before ``before``, the block, no permit.

    If the block fails, the transaction, permit included, is rolled back.
    """
    with transaction.atomic(using=using):
        permit = PurgePermit.objects.using(using).create(cutoff=before)
        yield
        PurgePermit.objects.using(using).filter(pk=permit.pk).delete()


def _purge_before(cutoff: dt.datetime) -> int:
    """Delete the audit events that occurred before ``cutoff``; return how many.

    Private to ``audit.services.audit_purge_before``, which checks the cutoff and records the
    purge. It bypasses the refusing queryset with Django's plain ``QuerySet._raw_delete``: one
    DELETE statement, no signals (nothing refers to audit events, so there is nothing to cascade),
    which the database lets through because of the permit for ``cutoff``.
    """
    queryset = AuditEvent.objects.filter(occurred_at__lt=cutoff)
    with _deletes_permitted(before=cutoff, using=queryset.db):
        return models.QuerySet._raw_delete(queryset, queryset.db)
