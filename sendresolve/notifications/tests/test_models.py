import pytest

from sendresolve.notifications.tests.factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db


def test_a_message_describes_itself_without_the_recipient():
    message = OutboxMessageFactory(to="sam.parent@example.test")
    assert str(message) == f"Message {message.pk} (case_opened, email, queued)"
