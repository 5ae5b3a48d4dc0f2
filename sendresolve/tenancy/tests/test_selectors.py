import datetime as dt

import pytest

from sendresolve.core.errors import NotFound
from sendresolve.tenancy import selectors
from sendresolve.tenancy.models import LocalAuthority
from sendresolve.tenancy.tests.factories import CommissionFactory, LocalAuthorityFactory

ON = dt.date(2025, 6, 1)


def names(queryset):
    return sorted(la.name for la in queryset)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("provider_staff", ["Barnet"]),
        ("colleague", ["Barnet"]),
        ("other_provider", ["Southend-on-Sea"]),
        ("la_officer", ["Barnet"]),
        ("other_la", ["Southend-on-Sea"]),
        ("icb_officer", ["Barnet"]),
        ("anonymous", []),
    ],
)
def test_each_persona_sees_only_its_own_local_authorities(world, persona, expected):
    from django.contrib.auth.models import AnonymousUser

    user = world.users[persona] or AnonymousUser()
    assert names(selectors.local_authorities_for(user, on=ON)) == expected


def test_administrator_sees_every_local_authority(world):
    visible = selectors.local_authorities_for(world.users["administrator"], on=ON)
    assert visible.count() == LocalAuthority.objects.count() == 2


def test_provider_staff_stop_seeing_an_la_when_the_commission_ends(world):
    extra = LocalAuthorityFactory(dfe_code="303", gss_code="E09000004", name="Bexley")
    CommissionFactory(
        provider=world.provider,
        local_authority=extra,
        starts_on=dt.date(2023, 4, 1),
        ends_on=dt.date(2025, 3, 31),
    )
    user = world.users["provider_staff"]
    assert "Bexley" in names(selectors.local_authorities_for(user, on=dt.date(2025, 3, 31)))
    assert "Bexley" not in names(selectors.local_authorities_for(user, on=dt.date(2025, 4, 1)))


def test_provider_staff_do_not_see_an_la_before_the_commission_starts(world):
    extra = LocalAuthorityFactory(dfe_code="304", gss_code="E09000005", name="Brent")
    CommissionFactory(provider=world.provider, local_authority=extra, starts_on=dt.date(2025, 6, 2))
    user = world.users["provider_staff"]
    assert "Brent" not in names(selectors.local_authorities_for(user, on=ON))
    assert "Brent" in names(selectors.local_authorities_for(user, on=dt.date(2025, 6, 2)))


def test_getting_another_tenants_la_raises_not_found(world):
    with pytest.raises(NotFound):
        selectors.local_authority_get(world.users["la_officer"], dfe_code="882", on=ON)


def test_inactive_membership_grants_nothing(world):
    user = world.users["la_officer"]
    user.memberships.update(is_active=False)
    assert names(selectors.local_authorities_for(user, on=ON)) == []


def test_providers_for_returns_only_the_users_provider(world):
    assert [p.slug for p in selectors.providers_for(world.users["colleague"])] == [
        "alpha-mediation"
    ]
    with pytest.raises(NotFound):
        selectors.provider_get(world.users["colleague"], slug="beta-mediation")


def test_an_actor_reads_the_memberships_once(world, django_assert_num_queries):
    from sendresolve.tenancy.actors import actor_build

    user = world.users["provider_staff"]
    with django_assert_num_queries(1):
        actor = actor_build(user)
    with django_assert_num_queries(0):
        assert not selectors.is_global(actor)
        assert selectors.memberships_of(actor) == actor.memberships
    assert actor.provider_ids == frozenset({world.provider.pk})
    # The world's adviser also manages their provider (conftest): two memberships, one provider.
    assert {m.provider for m in actor.memberships} == {world.provider}
    assert len(actor.memberships) == 2


def test_a_user_passed_instead_of_an_actor_is_read_afresh(world, django_assert_num_queries):
    user = world.users["provider_staff"]
    with django_assert_num_queries(2):
        selectors.memberships_of(user)
        selectors.memberships_of(user)


def test_an_actor_is_immutable_and_a_new_one_sees_a_new_membership(world):
    import dataclasses

    from sendresolve.tenancy.actors import actor_build
    from sendresolve.tenancy.roles import Role
    from sendresolve.tenancy.tests.factories import MembershipFactory

    user = world.users["provider_staff"]
    actor = actor_build(user)
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.is_global = True
    MembershipFactory(user=user, role=Role.ADMINISTRATOR)
    assert not actor.is_global
    assert actor_build(user).is_global


def test_each_request_builds_its_actor_once_and_only_when_asked(world, as_persona):
    from django.urls import reverse

    client = as_persona("provider_staff")
    response = client.get(reverse("staff:home"))
    assert response.status_code == 200
    actor = response.wsgi_request.actor
    assert actor.user_id == world.users["provider_staff"].pk
    assert actor.provider_ids == frozenset({world.provider.pk})
