"""Shared fixtures: the personas every tenancy test uses.

Two providers each serve one LA; an ICB covers the first LA. Personas:
provider staff (and a colleague), other provider, LA officer, other LA officer, ICB officer,
administrator, anonymous.

The ``client`` fixture's ``force_login`` (and ``login``) sign in with both steps, the password
and the second factor; ``force_login(user, verified=False)`` stops after the password.
"""

import datetime as dt
from dataclasses import dataclass

import hypothesis
import pytest

from sendresolve.staff.tests.otp import StaffClient
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import (
    CommissionFactory,
    CommissioningBodyFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
)
from tests import figures

pytest_plugins = ["tests.browser"]

# No Hypothesis deadline for any property test: a time limit in a test fails on a busy shared
# machine for reasons that are not the code's (a first call that loads a year's bank holidays
# took 266 ms once); timings belong in benchmarks/.
hypothesis.settings.register_profile("sendresolve", deadline=None)
hypothesis.settings.load_profile("sendresolve")


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, not an xdist worker
        figures.clear()


def pytest_terminal_summary(terminalreporter, config):
    """Print the figures the load, fault and schemathesis tests recorded (``tests/figures``)."""
    if hasattr(config, "workerinput"):
        return
    texts = figures.recorded()
    if texts:
        terminalreporter.section("figures")
        for text in texts:
            for line in text.splitlines():
                terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _advice_contacts_read_afresh():
    """Each test reads councils' contacts from its own database (``page_cache.contacts_now``
    keeps them per process; a rolled-back test database sends no signal)."""
    from sendresolve.public.finder import page_cache

    page_cache.contacts_forget()


PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def client():
    """Django's test client, signing in past the second step (``staff/tests/otp.py``)."""
    return StaffClient()


@dataclass
class World:
    provider: object
    other_provider: object
    local_authority: object
    other_local_authority: object
    commissioning_body: object
    users: dict


@pytest.fixture
def world(db):
    provider = ProviderFactory(slug="alpha-mediation", name="Alpha Mediation")
    other_provider = ProviderFactory(slug="beta-mediation", name="Beta Mediation")
    la = LocalAuthorityFactory(dfe_code="302", gss_code="E09000003", name="Barnet")
    other_la = LocalAuthorityFactory(dfe_code="882", gss_code="E06000033", name="Southend-on-Sea")
    CommissionFactory(provider=provider, local_authority=la, starts_on=dt.date(2023, 4, 1))
    CommissionFactory(
        provider=other_provider, local_authority=other_la, starts_on=dt.date(2023, 4, 1)
    )
    icb = CommissioningBodyFactory(ods_code="QMJ", name="NHS North Central London ICB")
    icb.local_authorities.add(la)

    def member(username, role, **organisation):
        user = UserFactory(username=username)
        MembershipFactory(user=user, role=role, **organisation)
        return user

    # The provider's caseworker: an adviser who also manages (a small provider's usual shape),
    # so the casework tests may take every step. The single-role personas below (issue 23)
    # are what the role sweeps test distinct powers with.
    caseworker = member("adviser@alpha.test", Role.ADVISER, provider=provider)
    MembershipFactory(user=caseworker, role=Role.PROVIDER_MANAGER, provider=provider)
    users = {
        "provider_staff": caseworker,
        "colleague": member("mediator@alpha.test", Role.MEDIATOR, provider=provider),
        "other_provider": member("adviser@beta.test", Role.ADVISER, provider=other_provider),
        "la_officer": member("officer@barnet.test", Role.LA_OFFICER, local_authority=la),
        "other_la": member("officer@southend.test", Role.LA_OFFICER, local_authority=other_la),
        "icb_officer": member(
            "commissioner@ncl.test", Role.HEALTH_COMMISSIONER, commissioning_body=icb
        ),
        "administrator": member("admin@test.test", Role.ADMINISTRATOR),
        "anonymous": None,
    }
    return World(provider, other_provider, la, other_la, icb, users)


ROLE_PERSONAS = {
    "adviser": Role.ADVISER,
    "mediator": Role.MEDIATOR,
    "coordinator": Role.COORDINATOR,
    "manager": Role.PROVIDER_MANAGER,
    "finance": Role.FINANCE,
}


@pytest.fixture
def role_personas(world):
    """One user per provider role at the world's provider, each holding that role only (issue
    23), added to ``world.users`` under the names in ``ROLE_PERSONAS``. A fixture of its own so
    the many tests that count the provider's staff see the world they were written for."""
    for name, role in ROLE_PERSONAS.items():
        user = UserFactory(username=f"{name}.only@alpha.test", first_name=name.title())
        MembershipFactory(user=user, role=role, provider=world.provider)
        world.users[name] = user
    return world


@pytest.fixture
def as_persona(client, world):
    """Return a function that signs the test client in as a named persona."""

    def sign_in(name):
        client.logout()
        user = world.users[name]
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _case_files_in_tmp(monkeypatch, tmp_path_factory):
    """Files a test stores on a case (uploads, the national generator's sample files) go to a
    directory of the test run's, never the checkout's ``var/``. (The field's storage is built
    once, when the model loads.)"""
    from django.core.files.storage import FileSystemStorage

    from sendresolve.casefiles.models import CaseFile

    field = CaseFile._meta.get_field("file")
    location = tmp_path_factory.mktemp("casefiles")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=location, base_url=None))
