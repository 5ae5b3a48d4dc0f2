import datetime as dt

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.models import LocalAuthority, Membership
from sendresolve.tenancy.reference import LocalAuthorityRow
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.services import (
    commission_create,
    local_authorities_load,
    membership_grant,
)
from sendresolve.tenancy.tests.factories import (
    CommissioningBodyFactory,
    LocalAuthorityFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_loading_local_authorities_creates_all_153_then_changes_nothing():
    first = local_authorities_load(actor=None)
    second = local_authorities_load(actor=None)
    assert (first.created, first.updated) == (153, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 153)
    assert LocalAuthority.objects.count() == 153
    assert LocalAuthority.objects.get(dfe_code="882").name == "Southend-on-Sea"
    assert AuditEvent.objects.filter(action="local_authorities.load").count() == 1


def test_loading_updates_reference_fields_but_keeps_local_contact_details():
    la = LocalAuthorityFactory(
        dfe_code="370", gss_code="E08000016", name="Barnsley", sendiass_name="Barnsley SENDIASS"
    )
    row = LocalAuthorityRow(
        "370", "E08000038", "Barnsley", "Yorkshire and the Humber", "metropolitan_borough"
    )
    result = local_authorities_load(actor=None, rows=[row])
    la.refresh_from_db()
    assert result.updated == 1
    assert la.gss_code == "E08000038"
    assert la.sendiass_name == "Barnsley SENDIASS"


def test_commission_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        commission_create(
            actor=None,
            provider=ProviderFactory(),
            local_authority=LocalAuthorityFactory(),
            starts_on=dt.date(2025, 4, 1),
            ends_on=dt.date(2025, 3, 31),
        )
    assert error.value.field == "ends_on"


def test_overlapping_commission_for_the_same_provider_and_la_is_refused():
    provider, la = ProviderFactory(), LocalAuthorityFactory()
    commission_create(
        actor=None,
        provider=provider,
        local_authority=la,
        starts_on=dt.date(2024, 4, 1),
        ends_on=dt.date(2025, 3, 31),
    )
    with pytest.raises(ValidationError):
        commission_create(
            actor=None, provider=provider, local_authority=la, starts_on=dt.date(2025, 3, 31)
        )
    follow_on = commission_create(
        actor=None, provider=provider, local_authority=la, starts_on=dt.date(2025, 4, 1)
    )
    assert follow_on.pk
    assert AuditEvent.objects.filter(action="commission.create").count() == 2


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        (Role.ADVISER, "local_authority"),
        (Role.LA_OFFICER, "provider"),
        (Role.HEALTH_COMMISSIONER, "provider"),
        (Role.ADMINISTRATOR, "provider"),
        (Role.MEDIATOR, None),
    ],
)
def test_membership_role_must_match_its_organisation(role, organisation):
    organisations = {
        "provider": ProviderFactory,
        "local_authority": LocalAuthorityFactory,
        "commissioning_body": CommissioningBodyFactory,
    }
    kwargs = {organisation: organisations[organisation]()} if organisation else {}
    with pytest.raises(ValidationError) as error:
        membership_grant(actor=None, user=UserFactory(), role=role, **kwargs)
    assert error.value.field == "role"
    assert Membership.objects.count() == 0


def test_granting_the_same_membership_twice_keeps_one_and_audits_once():
    user, provider = UserFactory(), ProviderFactory()
    first = membership_grant(actor=None, user=user, role=Role.ADVISER, provider=provider)
    second = membership_grant(actor=None, user=user, role="adviser", provider=provider)
    assert first.pk == second.pk
    assert AuditEvent.objects.filter(action="membership.grant").count() == 1


def test_database_refuses_a_membership_whose_role_does_not_match():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), role=Role.LA_OFFICER, provider=ProviderFactory()
        )
