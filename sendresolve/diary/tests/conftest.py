"""The diary's world: Alpha Mediation's mediator (the world's "colleague") covering Barnet,
working Monday to Friday 09:30-16:30, a coordinator, a venue in Barnet, and a case whose LA was
told on 8 March 2024 (the mediation must be held by 7 April 2024), seen on 20 March 2024."""

import datetime as dt
from types import SimpleNamespace

import pytest

from sendresolve.cases import services as case_services
from sendresolve.cases.models import Venue
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.diary import services
from sendresolve.diary.services import Hours
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
TODAY = NOW.date()
WEEKDAYS = [Hours(day, dt.time(9, 30), dt.time(16, 30)) for day in range(5)]


def mediator_make(world, coordinator, username, *, councils=None, languages=("English",)):
    user = UserFactory(username=username, first_name=username.split("@")[0].title())
    MembershipFactory(user=user, role=Role.MEDIATOR, provider=world.provider)
    return profile_make(world, coordinator, user, councils=councils, languages=languages)


def profile_make(world, coordinator, user, *, councils=None, languages=("English",)):
    profile = services.mediator_profile_save(
        actor=coordinator,
        user=user,
        provider=world.provider,
        accreditation_body="cmc",
        registration_number="CMC-1234",
        accredited_until=dt.date(2025, 12, 31),
        dbs_checked_on=dt.date(2023, 1, 10),
        local_authorities=[world.local_authority] if councils is None else councils,
        languages=languages,
    )
    services.availability_replace(actor=coordinator, mediator=profile, hours=WEEKDAYS)
    return profile


@pytest.fixture
def diary(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    return diary_make(world)


def diary_make(world):
    """The diary's world (see the module), through the real services."""
    coordinator = UserFactory(username="coordinator@alpha.test", first_name="Cara")
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, provider=world.provider)
    world.users["coordinator"] = coordinator
    mediator = profile_make(world, coordinator, world.users["colleague"])
    venue = Venue.objects.create(
        local_authority=world.local_authority, name="Barnet Family Centre", address="1 High St"
    )
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser)
    case_services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    case_services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    case_services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return SimpleNamespace(
        world=world, coordinator=coordinator, mediator=mediator, venue=venue, case=case
    )


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
