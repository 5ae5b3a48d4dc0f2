"""Which user an actor names on a written row: ``user_of`` and ``author_of``."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from sendresolve.tenancy.actors import ANONYMOUS, actor_build, author_of, user_of
from sendresolve.tenancy.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_and_their_actor_name_the_user():
    user = UserFactory()
    assert user_of(user) == user
    assert user_of(actor_build(user)) == user
    assert author_of(actor_build(user)) == user


def test_a_request_user_behind_a_lazy_object_is_still_the_user():
    user = UserFactory()
    assert user_of(SimpleLazyObject(lambda: user)) == user
    assert actor_build(SimpleLazyObject(lambda: user)).user_id == user.pk


def test_an_inactive_user_acts_as_nobody():
    user = UserFactory(is_active=False)
    actor = actor_build(user)
    assert actor.user is user
    assert actor.user_id is None
    assert user_of(actor) is None


@pytest.mark.parametrize("who", [None, AnonymousUser(), ANONYMOUS])
def test_nobody_names_no_user_and_cannot_author_a_row(who):
    assert user_of(who) is None
    with pytest.raises(ValueError, match="signed-in user"):
        author_of(who)
