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


def test_memberships_are_read_once_within_a_request(world, django_assert_num_queries):
    user = world.users["provider_staff"]
    with selectors.memberships_kept():
        with django_assert_num_queries(1):
            first = selectors.memberships_of(user)
            assert selectors.memberships_of(user) is first
            assert not selectors.is_global(user)
    assert [m.provider for m in first] == [world.provider]


def test_memberships_are_read_afresh_outside_a_request(world, django_assert_num_queries):
    user = world.users["provider_staff"]
    with django_assert_num_queries(2):
        selectors.memberships_of(user)
        selectors.memberships_of(user)


def test_a_membership_saved_within_a_request_is_seen_at_once(world):
    from sendresolve.tenancy.roles import Role
    from sendresolve.tenancy.tests.factories import MembershipFactory

    user = world.users["provider_staff"]
    with selectors.memberships_kept():
        assert not selectors.is_global(user)
        MembershipFactory(user=user, role=Role.ADMINISTRATOR)
        assert selectors.is_global(user)
        membership = user.memberships.get(role=Role.ADMINISTRATOR)
        membership.is_active = False
        membership.save()
        assert not selectors.is_global(user)
        assert names(selectors.local_authorities_for(user, on=ON)) == ["Barnet"]


def test_kept_memberships_do_not_outlive_the_request(world, as_persona):
    from django.urls import reverse

    client = as_persona("provider_staff")
    assert client.get(reverse("staff:home")).status_code == 200
    world.users["provider_staff"].memberships.update(is_active=False)  # no signal
    assert selectors._kept.get() is None
    assert selectors.memberships_of(world.users["provider_staff"]) == ()
