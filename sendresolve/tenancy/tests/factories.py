import datetime as dt

import factory
from django.contrib.auth import get_user_model

from sendresolve.tenancy.models import (
    Commission,
    CommissioningBody,
    LocalAuthority,
    Membership,
    Provider,
)
from sendresolve.tenancy.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct-horse-battery-staple")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ["dfe_code"]

    dfe_code = factory.Sequence(lambda n: f"{900 - n % 800:03d}")
    gss_code = factory.Sequence(lambda n: f"E0{6000000 + n:07d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    region = "London"
    kind = LocalAuthority.Kind.UNITARY


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Mediation Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    phone = "020 7946 0000"
    email = factory.Sequence(lambda n: f"mediation{n}@provider.test")


class CommissioningBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissioningBody
        django_get_or_create = ["ods_code"]

    name = factory.Sequence(lambda n: f"NHS Test Integrated Care Board {n}")
    ods_code = factory.Sequence(lambda n: f"Q{n:03d}")


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    provider = factory.SubFactory(ProviderFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    starts_on = dt.date(2023, 4, 1)
    ends_on = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.ADVISER
