import pytest
from django.urls import reverse

from sendresolve.notifications.tests.factories import OutboxMessageFactory
from sendresolve.tenancy.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root@test.test", is_staff=True, is_superuser=True))
    return client


def test_staff_can_read_the_outbox_in_the_admin(admin_client):
    message = OutboxMessageFactory(body="Dear Sam Parent, your case is open.")
    listing = admin_client.get(reverse("admin:notifications_outboxmessage_changelist"))
    detail = admin_client.get(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    )
    assert listing.status_code == 200
    assert "MED-2025-0001" in listing.text
    assert detail.status_code == 200
    assert "Dear Sam Parent, your case is open." in detail.text


def test_the_outbox_cannot_be_added_to_changed_or_deleted_in_the_admin(admin_client):
    message = OutboxMessageFactory()
    add = admin_client.get(reverse("admin:notifications_outboxmessage_add"))
    change = admin_client.post(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk]),
        {"status": "failed"},
    )
    delete = admin_client.get(
        reverse("admin:notifications_outboxmessage_delete", args=[message.pk])
    )
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    message.refresh_from_db()
    assert message.status == "queued"
