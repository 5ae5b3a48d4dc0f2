import datetime as dt

import pytest

from sendresolve.core.errors import NotFound
from sendresolve.notifications.selectors import message_get, outbox_for
from sendresolve.notifications.tests.factories import OutboxMessageFactory
from sendresolve.tenancy.models import Commission

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages(world):
    return {
        "alpha_barnet": OutboxMessageFactory(
            provider=world.provider, local_authority=world.local_authority
        ),
        "barnet_only": OutboxMessageFactory(local_authority=world.local_authority),
        "alpha_only": OutboxMessageFactory(provider=world.provider),
        "beta_southend": OutboxMessageFactory(
            provider=world.other_provider, local_authority=world.other_local_authority
        ),
        "beta_barnet": OutboxMessageFactory(
            provider=world.other_provider, local_authority=world.local_authority
        ),
        "unscoped": OutboxMessageFactory(),
    }


def visible(world, messages, persona):
    user = world.users[persona]
    names = {message.pk: name for name, message in messages.items()}
    return {names[pk] for pk in outbox_for(user).values_list("pk", flat=True)}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("provider_staff", {"alpha_barnet", "barnet_only", "alpha_only"}),
        ("colleague", {"alpha_barnet", "barnet_only", "alpha_only"}),
        ("other_provider", {"beta_southend", "beta_barnet"}),
        ("la_officer", {"alpha_barnet", "barnet_only", "beta_barnet"}),
        ("icb_officer", {"alpha_barnet", "barnet_only", "beta_barnet"}),
        ("other_la", {"beta_southend"}),
        ("anonymous", set()),
    ],
)
def test_each_persona_sees_only_its_tenants_messages(world, messages, persona, expected):
    assert visible(world, messages, persona) == expected


def test_administrators_see_every_message_including_unscoped_ones(world, messages):
    assert visible(world, messages, "administrator") == set(messages)


def test_provider_staff_lose_la_wide_messages_when_the_commission_ends(
    world, messages, time_machine
):
    Commission.objects.filter(provider=world.provider).update(ends_on=dt.date(2025, 3, 31))
    time_machine.move_to("2025-04-01T12:00:00+01:00", tick=False)
    assert visible(world, messages, "provider_staff") == {"alpha_barnet", "alpha_only"}


def test_another_tenants_message_is_not_found(world, messages):
    user = world.users["other_la"]
    assert message_get(user, pk=messages["beta_southend"].pk) == messages["beta_southend"]
    with pytest.raises(NotFound):
        message_get(user, pk=messages["alpha_barnet"].pk)
