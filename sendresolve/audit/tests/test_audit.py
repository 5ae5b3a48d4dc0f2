import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from sendresolve.audit.models import AuditEvent, AuditIsAppendOnly, PurgePermit, _deletes_permitted
from sendresolve.audit.services import audit_record
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_record_stores_who_what_which_tenant_and_when(time_machine):
    time_machine.move_to("2025-01-06T09:30:00+00:00", tick=False)
    user = UserFactory(username="adviser@example.test")
    la = LocalAuthorityFactory()
    event = audit_record(
        actor=user, action="case.read", target=la, local_authority=la, detail={"page": "summary"}
    )
    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == "adviser@example.test"
    assert event.object_type == "tenancy.localauthority"
    assert event.object_id == str(la.pk)
    assert event.local_authority == la
    assert event.occurred_at.isoformat() == "2025-01-06T09:30:00+00:00"


def test_system_actions_are_labelled_system():
    event = audit_record(actor=None, action="local_authorities.load")
    assert event.actor is None and event.actor_label == "system"


def test_audit_events_cannot_be_changed_or_deleted():
    event = audit_record(actor=None, action="something")
    event.action = "something else"
    with pytest.raises(AuditIsAppendOnly):
        event.save()
    with pytest.raises(AuditIsAppendOnly):
        event.delete()
    with pytest.raises(AuditIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AuditIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "something"


@pytest.mark.parametrize(
    "attempt",
    [
        lambda e: AuditEvent.objects.bulk_update([e], ["action"]),
        lambda e: AuditEvent.objects.update_or_create(pk=e.pk, defaults={"action": "rewritten"}),
        lambda e: AuditEvent.objects.filter(pk=e.pk)._raw_delete("default"),
        # The base manager, which Django uses internally, refuses too.
        lambda e: AuditEvent._base_manager.filter(pk=e.pk).update(action="rewritten"),
        lambda e: AuditEvent._base_manager.all().delete(),
    ],
    ids=["bulk_update", "update_or_create", "_raw_delete", "base_update", "base_delete"],
)
def test_no_ordinary_path_changes_or_deletes_an_audit_event(attempt):
    from django.db import transaction

    event = audit_record(actor=None, action="something")
    with pytest.raises(AuditIsAppendOnly), transaction.atomic():
        attempt(event)
    assert AuditEvent.objects.get(pk=event.pk).action == "something"


def test_the_database_refuses_to_update_an_audit_row():
    from django.db import DatabaseError, connection, transaction

    event = audit_record(actor=None, action="something")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["rewritten", event.pk]
            )
    assert AuditEvent.objects.get(pk=event.pk).action == "something"


def test_the_database_refuses_the_private_update_path_too():
    from django.db import DatabaseError, transaction

    event = audit_record(actor=None, action="something")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        field = AuditEvent._meta.get_field("action")
        AuditEvent.objects.filter(pk=event.pk)._update([(field, None, "rewritten")])
    assert AuditEvent.objects.get(pk=event.pk).action == "something"


def test_loaddata_can_still_insert_audit_events():
    from django.core import serializers

    event = audit_record(actor=None, action="restored")
    data = serializers.serialize("json", [event]).replace(f'"pk": {event.pk}', '"pk": 999999')
    (restored,) = serializers.deserialize("json", data)
    restored.save()
    assert AuditEvent.objects.get(pk=999999).action == "restored"


def test_the_purge_removes_only_older_events_and_records_itself(time_machine):
    import datetime as dt

    from sendresolve.audit.services import audit_purge_before

    time_machine.move_to("2018-06-01T12:00:00+00:00", tick=False)
    old = audit_record(actor=None, action="case.read.page")
    time_machine.move_to("2019-06-01T12:00:00+00:00", tick=False)
    kept = audit_record(actor=None, action="case.read.page")
    time_machine.move_to("2026-01-10T12:00:00+00:00", tick=False)
    deleted = audit_purge_before(actor=None, before=dt.date(2019, 1, 1), detail={"why": "test"})
    assert deleted == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    purge = AuditEvent.objects.get(action="audit.purge")
    assert purge.detail == {"why": "test", "before": "2019-01-01", "count": 1}
    assert not PurgePermit.objects.exists()  # the permit went with the purge's transaction


def test_the_purge_never_touches_the_last_year(time_machine):
    import datetime as dt

    from sendresolve.audit.services import audit_purge_before

    time_machine.move_to("2026-01-10T12:00:00+00:00", tick=False)
    audit_record(actor=None, action="case.read.page")
    with pytest.raises(ValueError, match="at least 365 days"):
        audit_purge_before(actor=None, before=dt.date(2025, 1, 11))
    assert audit_purge_before(actor=None, before=dt.date(2025, 1, 10)) == 0
    assert AuditEvent.objects.filter(action="case.read.page").count() == 1


def users_of(name):
    root = Path(__file__).resolve().parents[2]
    private = re.compile(rf"(?<![a-z]){name}\b")
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "/tests/" not in str(path)
        and "/migrations/" not in str(path)
        and private.search(path.read_text())
    )


def test_only_the_audit_service_calls_the_purge():
    """The private purge is called in exactly one place: ``audit_purge_before``."""
    assert users_of("_purge_before") == ["audit/models.py", "audit/services.py"]


def test_only_the_purge_and_flush_write_permits():
    assert users_of("_deletes_permitted") == [
        "audit/management/commands/flush.py",
        "audit/models.py",
    ]
    assert users_of("PurgePermit") == ["audit/models.py"]


def raw_delete(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Check the test's own inserts' deferred foreign keys now: PostgreSQL will not
            # TRUNCATE a table with checks pending in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql, params)


def test_the_database_refuses_to_delete_an_audit_row():
    event = audit_record(actor=None, action="something")
    with pytest.raises(DatabaseError, match="deleted only by the retention purge"):
        raw_delete("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_to_empty_the_audit_table():
    event = audit_record(actor=None, action="something")
    # SQLite has no TRUNCATE: an unqualified DELETE is how it empties a table.
    emptying = "TRUNCATE audit_auditevent" if connection.vendor == "postgresql" else None
    with pytest.raises(DatabaseError, match="deleted only by the retention purge"):
        raw_delete(emptying or "DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_permit_lets_only_older_rows_go_and_ends_with_its_transaction(time_machine):
    time_machine.move_to("2018-06-01T12:00:00+00:00", tick=False)
    old = audit_record(actor=None, action="old")
    time_machine.move_to("2019-06-01T12:00:00+00:00", tick=False)
    recent = audit_record(actor=None, action="recent")
    cutoff = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    with _deletes_permitted(before=cutoff):
        with pytest.raises(DatabaseError, match="deleted only by the retention purge"):
            raw_delete("DELETE FROM audit_auditevent WHERE id = %s", [recent.pk])
        raw_delete("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["recent"]
    assert not PurgePermit.objects.exists()
    with pytest.raises(DatabaseError, match="deleted only by the retention purge"):
        raw_delete("DELETE FROM audit_auditevent WHERE id = %s", [recent.pk])


def test_a_failed_purge_leaves_neither_permit_nor_deletion(time_machine):
    time_machine.move_to("2018-06-01T12:00:00+00:00", tick=False)
    old = audit_record(actor=None, action="old")
    with pytest.raises(RuntimeError):
        with _deletes_permitted(before=dt.datetime(2019, 1, 1, tzinfo=dt.UTC)):
            raw_delete("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
            raise RuntimeError("stopped midway")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    assert not PurgePermit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_trail_too_and_keeps_no_permit(monkeypatch):
    audit_record(actor=None, action="something")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    call_command("flush", verbosity=0)
    assert AuditEvent.objects.count() == 1
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert not PurgePermit.objects.exists()


def test_the_admin_shows_audit_events_read_only(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root@example.test", password="x" * 20)
    event = audit_record(actor=None, action="case.read.page")
    client.force_login(admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditevent/{event.pk}/change/", {}).status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    listing = client.post(
        "/admin/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert listing.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
