import datetime as dt
import io
import signal

import pytest
import time_machine
from django.core.management import call_command

from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory
from sendresolve.webhooks.tests.receiver import Receiver

START = dt.datetime(2024, 3, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def other_receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def clock_at():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def manager(world):
    """The world's provider's manager (the world's provider staff are an adviser and a mediator)."""
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return user


@pytest.fixture
def run_worker():
    """Run the database task worker once, as `manage.py db_worker --batch` does: every task
    that is due, then exit."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run():
        out = io.StringIO()
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out
        )
        return out.getvalue()

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
