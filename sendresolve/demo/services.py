"""Seed the demo: reference LAs, the seed pages' providers and commissions, one user per role, and
demo cases in every status (``demo/cases.py``).

Running it again creates nothing twice (a demo case that exists is left alone) and changes
nothing but passwords that were changed by hand (they are reset to the printed demo password).
Demo passwords are derived from this installation's secret key, so they stay the same across runs
on one machine and differ between machines. Every demo user has an authenticator app with the
published demo key (``staff.two_factor.DEMO_SECRET``) for the second sign-in step.
"""

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from sendresolve.billing.demo import billing_demo_seed
from sendresolve.core.errors import NotAllowed
from sendresolve.demo import data
from sendresolve.demo.cases import demo_cases_seed
from sendresolve.diary.demo import diary_demo_seed
from sendresolve.quality.demo import quality_demo_seed
from sendresolve.staff.two_factor import demo_authenticator_set
from sendresolve.tenancy.contacts import contacts_file_text, contacts_read, la_contacts_load
from sendresolve.tenancy.models import Commission, CommissioningBody, LocalAuthority, Provider
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.services import (
    commission_create,
    local_authorities_load,
    membership_grant,
)

DEMO_COMMISSION_START = dt.date(2023, 4, 1)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str


def demo_password(username: str) -> str:
    """Return the demo password for ``username`` on this installation."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"demo-password:{username}".encode(), hashlib.sha256
    ).digest()
    token = base64.b32encode(digest).decode().lower()[:12]
    return f"demo-{token[:4]}-{token[4:8]}-{token[8:12]}"


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    """Create (or bring up to date) every demo record and return the demo logins."""
    if not settings.DEVELOPMENT:
        raise NotAllowed("Demo data is for development only: set SENDRESOLVE_ENV=development.")
    local_authorities_load(actor=None)
    by_name = {la.name: la for la in LocalAuthority.objects.all()}

    # Each council's SEND team and SENDIASS from the packaged file; an administrator's edit stays.
    la_contacts_load(actor=None, rows=contacts_read(contacts_file_text()))

    providers: dict[str, Provider] = {}
    for demo in data.PROVIDERS:
        provider, _ = Provider.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "phone": demo.phone,
                "phone_alternative": demo.phone_alternative,
                "email": demo.email,
                "website": demo.website,
            },
        )
        providers[demo.slug] = provider
        for la_name in demo.local_authority_names:
            la = by_name[la_name]
            if not Commission.objects.filter(provider=provider, local_authority=la).exists():
                commission_create(
                    actor=None,
                    provider=provider,
                    local_authority=la,
                    starts_on=DEMO_COMMISSION_START,
                )

    bodies: dict[str, CommissioningBody] = {}
    for demo_body in data.COMMISSIONING_BODIES:
        body, _ = CommissioningBody.objects.update_or_create(
            ods_code=demo_body.ods_code, defaults={"name": demo_body.name}
        )
        body.local_authorities.set([by_name[name] for name in demo_body.local_authority_names])
        bodies[demo_body.ods_code] = body

    User = get_user_model()
    logins = []
    for demo_user in data.USERS:
        user, _ = User.objects.get_or_create(username=demo_user.username)
        user.first_name = demo_user.first_name
        user.last_name = demo_user.last_name
        user.email = demo_user.username
        user.is_staff = demo_user.role == Role.ADMINISTRATOR
        user.is_superuser = demo_user.role == Role.ADMINISTRATOR
        password = demo_password(demo_user.username)
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        demo_authenticator_set(user=user)
        their_provider = providers.get(demo_user.provider_slug)
        their_la = by_name.get(demo_user.local_authority_name)
        their_body = bodies.get(demo_user.commissioning_body_ods)
        membership_grant(
            actor=None,
            user=user,
            role=demo_user.role,
            provider=their_provider,
            local_authority=their_la,
            commissioning_body=their_body,
        )
        organisation = their_provider or their_la or their_body
        logins.append(
            DemoLogin(
                username=demo_user.username,
                password=password,
                role=demo_user.role.label,
                organisation=str(organisation.name if organisation else "all organisations"),
            )
        )
    demo_cases_seed()
    diary_demo_seed()  # mediators' records and hours (issue 22)
    billing_demo_seed()  # contracts and invoices (issue 23): demo prices, so billing runs work
    quality_demo_seed()  # targets and a complaint (issue 23): red, amber and green to see
    return logins
