"""Saved requests: sealing, saving, opening, replacing and discarding."""

import datetime as dt

import pytest

from sendresolve.core.clock import LONDON
from sendresolve.core.sealing import Unsealable, seal, unseal
from sendresolve.drafts.models import SavedRequest
from sendresolve.drafts.selectors import SavedRequestGone, saved_request_open
from sendresolve.drafts.services import (
    expiry_text,
    saved_request_discard,
    saved_request_save,
    saved_request_send,
)
from sendresolve.drafts.tokens import token_digest
from sendresolve.notifications.models import OutboxMessage

NOW = dt.datetime(2025, 3, 10, 10, 5, tzinfo=LONDON)
ANSWERS = {"request": "mediation", "local_authority": "302", "child_name": "Robin Example"}


@pytest.fixture(autouse=True)
def pinned(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_sealed_values_come_back_only_with_the_same_salt():
    sealed = seal(ANSWERS, salt="one")
    assert "Robin" not in sealed
    assert unseal(sealed, salt="one") == ANSWERS
    with pytest.raises(Unsealable):
        unseal(sealed, salt="two")
    with pytest.raises(Unsealable):
        unseal(sealed[:-4] + "AAAA", salt="one")
    with pytest.raises(Unsealable):
        unseal("", salt="one")


def test_sealed_values_age(time_machine):
    sealed = seal(ANSWERS, salt="one")
    time_machine.move_to(NOW + dt.timedelta(seconds=61), tick=False)
    assert unseal(sealed, salt="one", ttl=120) == ANSWERS
    with pytest.raises(Unsealable):
        unseal(sealed, salt="one", ttl=60)


def test_a_rotated_secret_key_still_unseals_through_the_fallbacks(settings):
    sealed = seal(ANSWERS, salt="one")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    assert unseal(sealed, salt="one") == ANSWERS
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(Unsealable):
        unseal(sealed, salt="one")


@pytest.mark.django_db
def test_a_saved_request_stores_a_digest_and_sealed_answers_only():
    saved, token = saved_request_save(answers=ANSWERS, days=7)
    assert len(token) >= 43
    assert saved.token_digest == token_digest(token) != token
    assert "Robin" not in saved.sealed_answers
    assert saved.expires_at == NOW + dt.timedelta(days=7)
    opened, answers = saved_request_open(token=token)
    assert opened == saved and answers == ANSWERS


@pytest.mark.django_db
def test_the_database_and_secret_key_alone_do_not_open_the_answers():
    saved, token = saved_request_save(answers=ANSWERS, days=7)
    # The token is part of the key: without it (the row has only its digest) nothing opens.
    with pytest.raises(Unsealable):
        unseal(saved.sealed_answers, salt=f"sendresolve.drafts.saved-request|{saved.token_digest}")


@pytest.mark.django_db
def test_opening_fails_for_unknown_altered_and_expired_tokens(time_machine):
    saved, token = saved_request_save(answers=ANSWERS, days=7)
    for wrong in ("", token[:-1], token + "x", "y" * 500):
        with pytest.raises(SavedRequestGone) as gone:
            saved_request_open(token=wrong)
        assert not gone.value.expired
    time_machine.move_to(saved.expires_at, tick=False)
    with pytest.raises(SavedRequestGone) as gone:
        saved_request_open(token=token)
    assert gone.value.expired


@pytest.mark.django_db
def test_saving_again_replaces_the_earlier_request_and_discard_deletes():
    first, first_token = saved_request_save(answers=ANSWERS, days=7)
    second, _ = saved_request_save(answers=ANSWERS | {"who": "parent"}, days=7, replaces=first.pk)
    assert list(SavedRequest.objects.all()) == [second]
    with pytest.raises(SavedRequestGone):
        saved_request_open(token=first_token)
    assert saved_request_discard(saved_id=second.pk) == 1
    assert saved_request_discard(saved_id=None) == 0
    assert not SavedRequest.objects.exists()


@pytest.mark.django_db
def test_send_records_one_email_with_the_link_and_the_expiry():
    saved = saved_request_send(
        answers=ANSWERS,
        to="jordan@example.test",
        days=7,
        link_for=lambda token: f"https://example.test/saved-request/{token}/",
    )
    message = OutboxMessage.objects.get()
    assert (message.template, message.channel, message.to) == (
        "request_saved",
        "email",
        "jordan@example.test",
    )
    assert "https://example.test/saved-request/" in message.body
    assert "10:05am on Monday 17 March 2025" in message.body
    assert "Robin" not in message.body  # the answers never go in the email
    assert saved.expires_at == NOW + dt.timedelta(days=7)


@pytest.mark.django_db
def test_a_bad_address_saves_nothing():
    from sendresolve.core.errors import ValidationError

    with pytest.raises(ValidationError):
        saved_request_send(answers=ANSWERS, to="nope", days=7, link_for=lambda token: token)
    assert not SavedRequest.objects.exists()


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (dt.datetime(2025, 3, 17, 0, 5, tzinfo=LONDON), "12:05am on Monday 17 March 2025"),
        (dt.datetime(2025, 3, 17, 12, 0, tzinfo=LONDON), "12:00pm on Monday 17 March 2025"),
        # Summer time: 13:30 UTC is 2:30pm in London.
        (dt.datetime(2025, 7, 1, 13, 30, tzinfo=dt.UTC), "2:30pm on Tuesday 1 July 2025"),
    ],
)
def test_expiry_text_is_london_time(moment, text):
    assert expiry_text(moment) == text
