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


@pytest.fixture
def api(world, manager):
    """A function giving an API client authenticated as a named persona (or ``"manager"``)."""
    from rest_framework.test import APIClient

    from sendresolve.api.services import api_token_create

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        user = manager if persona == "manager" else world.users[persona]
        if user is not None:
            _, token = api_token_create(actor=None, user=user, name=f"{persona} tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return client_for
