"""API tokens: created by a command, stored only as a hash, revocable, the only way in."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from sendresolve.api.models import ApiToken
from sendresolve.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def create(username, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def client_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_the_command_prints_a_token_that_works_and_only_its_hash_is_stored(world):
    token, advice = create("adviser@alpha.test", "--name", "Case system")
    assert token.startswith("sr_") and len(token) > 40
    assert "will not be shown again" in advice
    row = ApiToken.objects.get()
    assert (row.name, row.user, row.last_used_at) == (
        "Case system",
        world.users["provider_staff"],
        None,
    )
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in vars(row).values()}
    assert client_with(token).get("/api/v1/cases").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert AuditEvent.objects.filter(action="api.token.create").count() == 1


def test_a_revoked_token_answers_401(world):
    token, _ = create("officer@barnet.test")
    assert client_with(token).get("/api/v1/cases").status_code == 200
    out = io.StringIO()
    call_command("revoke_api_token", "officer@barnet.test", stdout=out)
    assert "Revoked" in out.getvalue()
    response = client_with(token).get("/api/v1/cases")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(action="api.token.revoke").count() == 1
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "officer@barnet.test", stdout=out)


def test_revoking_by_name_leaves_the_users_other_tokens(world):
    keep, _ = create("adviser@alpha.test", "--name", "Keep")
    drop, _ = create("adviser@alpha.test", "--name", "Drop")
    call_command("revoke_api_token", "adviser@alpha.test", "--name", "Drop", stdout=io.StringIO())
    assert client_with(keep).get("/api/v1/cases").status_code == 200
    assert client_with(drop).get("/api/v1/cases").status_code == 401


def test_no_wrong_or_inactive_users_token_gets_in(world):
    assert APIClient().get("/api/v1/cases").status_code == 401
    assert client_with("sr_not-a-real-token").get("/api/v1/cases").status_code == 401
    malformed = APIClient()
    malformed.credentials(HTTP_AUTHORIZATION="Bearer two words")
    assert malformed.get("/api/v1/cases").status_code == 401
    token, _ = create("adviser@alpha.test")
    user = world.users["provider_staff"]
    user.is_active = False
    user.save()
    assert client_with(token).get("/api/v1/cases").status_code == 401


def test_a_staff_session_is_not_enough_for_the_api(client, world):
    client.force_login(world.users["provider_staff"])
    assert client.get("/api/v1/cases").status_code == 401


def test_the_commands_refuse_unknown_users_and_empty_names(world):
    with pytest.raises(CommandError, match="No user"):
        create("nobody@example.test")
    with pytest.raises(CommandError, match="Name the token"):
        create("adviser@alpha.test", "--name", "  ")
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "nobody@example.test", stdout=io.StringIO())
