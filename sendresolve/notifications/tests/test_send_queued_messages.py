import io

import pytest
from django.core.management import call_command

from sendresolve.notifications.models import Status
from sendresolve.notifications.tests.factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db


def test_command_delivers_queued_messages_and_prints_counts():
    queued = OutboxMessageFactory()
    OutboxMessageFactory(status=Status.DELIVERED)
    output = io.StringIO()
    call_command("send_queued_messages", "--min-age", "0", stdout=output)
    assert output.getvalue() == (
        "Queued messages: 1 tried, 1 delivered, 0 failed, 0 still queued.\n"
    )
    queued.refresh_from_db()
    assert queued.status == Status.DELIVERED


def test_command_leaves_messages_younger_than_min_age_alone():
    fresh = OutboxMessageFactory()
    output = io.StringIO()
    call_command("send_queued_messages", stdout=output)
    assert "0 tried" in output.getvalue()
    fresh.refresh_from_db()
    assert fresh.status == Status.QUEUED
