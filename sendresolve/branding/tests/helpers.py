"""Managers of the world's two providers, and the page addresses."""

from django.urls import reverse

from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory


def managers(world) -> dict:
    def member(username, role, provider):
        user = UserFactory(username=username, email=username, first_name="Morgan")
        MembershipFactory(user=user, role=role, provider=provider)
        return user

    return {
        "manager": member("manager@alpha.test", Role.PROVIDER_MANAGER, world.provider),
        "finance": member("finance@alpha.test", Role.FINANCE, world.provider),
        "other_manager": member("manager@beta.test", Role.PROVIDER_MANAGER, world.other_provider),
    }


def edit_url(template="case_opened", channel="email") -> str:
    return reverse("staff:branding:message-edit", args=[template, channel])
