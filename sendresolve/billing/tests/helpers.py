"""Cases with recorded events, made through the real case services, and billing people.

Each helper commits its steps' after-commit work as it goes (``committed``), as a request
does, so the cases' report facts (which the volume cap counts from) are kept."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.test import TestCase

from sendresolve.billing.models import ContractTerms
from sendresolve.cases import services
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.tenancy.models import Commission
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

PRICES = {
    "price_advice_call": 9500,
    "price_mediation_case": 60000,
    "price_additional_session": 25000,
    "price_dr_meeting": 45000,
    "price_cancellation": 15000,
}


def billing_people(world) -> dict:
    """A manager and a finance officer of the world's provider, and a manager of the other."""

    def member(username, role, provider):
        user = UserFactory(username=username, email=username)
        MembershipFactory(user=user, role=role, provider=provider)
        return user

    return {
        "manager": member("manager@alpha.test", Role.PROVIDER_MANAGER, world.provider),
        "finance": member("finance@alpha.test", Role.FINANCE, world.provider),
        "other_manager": member("manager@beta.test", Role.PROVIDER_MANAGER, world.other_provider),
    }


def commission_of(world) -> Commission:
    return Commission.objects.get(provider=world.provider, local_authority=world.local_authority)


def terms(world, valid_from=dt.date(2023, 4, 1), **overrides) -> ContractTerms:
    """Terms written directly (the service is tested on its own)."""
    values = {**PRICES, "po_number": "PO-1234", **overrides}
    commission = commission_of(world)
    ContractTerms.objects.filter(commission=commission, valid_to__isnull=True).update(
        valid_to=valid_from - dt.timedelta(days=1)
    )
    return ContractTerms.objects.create(commission=commission, valid_from=valid_from, **values)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@contextmanager
def committed() -> Iterator[None]:
    """Run the after-commit work (the cases' projections) of the steps inside, at its end."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def mediation(world, *, opened_on, advice_on=None, meetings=(), **extra):
    """A mediation case: advice given, mediation asked for, LA told, and a meeting held on each
    day of ``meetings``."""
    with committed():
        return _mediation(
            world, opened_on=opened_on, advice_on=advice_on, meetings=meetings, **extra
        )


def _mediation(world, *, opened_on, advice_on, meetings, **extra):
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=opened_on, decision_letter_date=opened_on - dt.timedelta(days=3), **extra
    )
    advice_on = advice_on or opened_on
    services.advice_give(actor=adviser, case=case, on=advice_on)
    if not meetings:
        return case
    services.mediation_request(actor=adviser, case=case, on=advice_on)
    services.la_inform(actor=adviser, case=case, on=advice_on)
    arranged_on = advice_on
    for day in meetings:
        session = services.session_schedule(
            actor=adviser,
            case=case,
            starts_at=at(day),
            ends_at=at(day, 13),
            mode="online",
            on=arranged_on,
        )
        services.session_hold(actor=adviser, session=session)
        arranged_on = day
    return case


def arranged_meeting(world, case, day, *, on):
    return services.session_schedule(
        actor=world.users["provider_staff"],
        case=case,
        starts_at=at(day),
        ends_at=at(day, 13),
        mode="online",
        on=on,
    )


def disagreement_meeting(world, *, opened_on, held_on):
    """A disagreement-resolution case (family and LA) with one meeting held."""
    with committed():
        return _disagreement_meeting(world, opened_on=opened_on, held_on=held_on)


def _disagreement_meeting(world, *, opened_on, held_on):
    adviser = world.users["provider_staff"]
    case = services.case_open(
        actor=adviser,
        provider=world.provider,
        local_authority=world.local_authority,
        kind="disagreement_resolution",
        dr_type="family_body_duties",
        issues=[IssueInput("delay", "Assessment request not answered", "local_authority")],
        child_name="Robin Example",
        requester="parent",
        requester_name="Jo Example",
        email="jo@example.test",
        opened_on=opened_on,
    )
    la = services.party_add(
        actor=adviser, case=case, role="la_officer", name="Pat Officer", organisation="Barnet"
    )
    services.participation_record(actor=adviser, party=la, agrees=True, on=opened_on)
    session = arranged_meeting(world, case, held_on, on=opened_on)
    services.session_hold(actor=adviser, session=session)
    return case
