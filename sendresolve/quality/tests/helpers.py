"""Managers, and cases whose mediation concluded, made through the real case services."""

import datetime as dt

from sendresolve.billing.tests.helpers import mediation
from sendresolve.cases import services
from sendresolve.cases.projections import projections_refresh
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory


def quality_people(world) -> dict:
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


def concluded(world, *, opened_on, held_on, result="agreed", concluded_on=None, **extra):
    """A mediation held on ``held_on`` and concluded (each issue ``result``)."""
    case = mediation(world, opened_on=opened_on, meetings=[held_on], **extra)
    services.mediation_conclude(
        actor=world.users["provider_staff"],
        case=case,
        on=concluded_on or held_on,
        outcomes={issue.pk: result for issue in case.issues.all()},
        agreement_text="" if result == "not_agreed" else "The LA will assess.",
    )
    # The report facts are refreshed when a step commits; the test's transaction never does.
    projections_refresh([case.pk])
    return case


def officer_on(world, case, email="pat.officer@barnet.test"):
    return services.party_add(
        actor=world.users["provider_staff"],
        case=case,
        role="la_officer",
        name="Pat Officer",
        organisation="Barnet",
        email=email,
    )


def day(y, m, d) -> dt.date:
    return dt.date(y, m, d)
