import pytest

from sendresolve.audit.models import AuditEvent, AuditIsAppendOnly
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
