"""API fixtures: a client per persona, each with its own token."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.api.tests.factories import case_in_follow_up
from sendresolve.core.clock import LONDON


@pytest.fixture
def api(world):
    """Return a function giving an API client authenticated as a named persona."""

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        user = world.users[persona]
        if user is not None:
            _, token = api_token_create(actor=None, user=user, name=f"{persona} tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return client_for


@pytest.fixture
def full_case(world, time_machine):
    """A case followed through to agreed actions, with a session, certificate and a note."""
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    return case_in_follow_up(world)
