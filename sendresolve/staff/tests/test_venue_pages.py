"""The venue pages (issue 22): the provider's manager and coordinators list, add, change and
retire their venues; everyone else is answered 404; bad input gets an error summary."""

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Venue
from sendresolve.cases.venues import venue_create
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return user


@pytest.fixture
def venue(world, manager):
    return venue_create(
        actor=manager,
        provider=world.provider,
        serves=[world.local_authority],
        name="Community Centre, Room 2",
        mode="in_person",
        address="1 Example Parade",
        accessible=True,
    )


def form(world, **extra):
    data = {
        "name": "Quaker Meeting House",
        "mode": "in_person",
        "serves": [str(world.local_authority.pk)],
        "address": "2 Example Street",
        "facilities": ["accessible", "hearing_loop"],
        "transport_notes": "Bus 34",
        "joining_link": "",
        "joining_instructions": "",
        "dial_in": "",
        "submission_key": "b" * 32,
    }
    data.update(extra)
    return data


def test_a_manager_adds_a_venue_once_and_sees_it_listed(client, world, manager):
    client.force_login(manager)
    page = client.get(reverse("staff:venue-new"))
    assert page.status_code == 200
    assert "Barnet" in page.content.decode()
    url = reverse("staff:venue-new")
    first = client.post(url, form(world))
    again = client.post(url, form(world))
    assert first.status_code == again.status_code == 302
    venue = Venue.objects.get()
    assert venue.hearing_loop and venue.accessible and not venue.parking
    assert venue.provider == world.provider
    listing = client.get(reverse("staff:venues")).content.decode()
    assert "Quaker Meeting House" in listing
    assert "Hearing loop" in listing


def test_a_bad_joining_link_is_an_error_summary_and_nothing_is_saved(client, world, manager):
    client.force_login(manager)
    response = client.post(
        reverse("staff:venue-new"),
        form(world, mode="online", joining_link="http://meet.example.com/abc"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the joining link starting with https://" in body
    assert 'href="#id_joining_link"' in body
    assert not Venue.objects.exists()


def test_missing_answers_are_listed_in_the_error_summary(client, world, manager):
    client.force_login(manager)
    response = client.post(reverse("staff:venue-new"), {"submission_key": "c" * 32})
    assert response.status_code == 400
    body = response.content.decode()
    for message in (
        "Enter the venue&#39;s name",
        "Choose how meetings here are held",
        "Choose at least one local authority",
    ):
        assert message in body
    # An LA not commissioning the provider is not a choice.
    response = client.post(
        reverse("staff:venue-new"), form(world, serves=[str(world.other_local_authority.pk)])
    )
    assert response.status_code == 400
    assert "Choose local authorities that commission your service" in response.content.decode()


def test_a_manager_changes_and_retires_a_venue(client, world, manager, venue):
    client.force_login(manager)
    page = client.get(reverse("staff:venue", args=[venue.pk]))
    assert page.status_code == 200
    assert "1 Example Parade" in page.content.decode()  # the form shows what is stored
    response = client.post(
        reverse("staff:venue", args=[venue.pk]),
        form(world, name=venue.name, address="3 New Road", facilities=["parking"]),
    )
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.address == "3 New Road" and venue.parking and not venue.accessible
    assert client.post(reverse("staff:venue-retire", args=[venue.pk, "retire"])).status_code == 302
    venue.refresh_from_db()
    assert not venue.is_active
    assert "Retired (1)" in client.get(reverse("staff:venues")).content.decode()
    assert AuditEvent.objects.filter(action="venue.retire", provider=world.provider).exists()


@pytest.mark.parametrize(
    "persona",
    # The adviser holds that role only (the world's provider_staff also manages).
    ["adviser", "colleague", "finance", "other_provider", "la_officer", "other_la", "icb_officer"],
)
def test_the_venue_pages_are_404_to_everyone_else(as_persona, role_personas, persona, venue):
    client = as_persona(persona)
    assert client.get(reverse("staff:venues")).status_code == 404
    assert client.get(reverse("staff:venue-new")).status_code == 404
    assert client.get(reverse("staff:venue", args=[venue.pk])).status_code == 404
    response = client.post(reverse("staff:venue-retire", args=[venue.pk, "retire"]))
    assert response.status_code == 404
    venue.refresh_from_db()
    assert venue.is_active


def test_another_providers_manager_gets_404_for_this_venue(client, world, venue):
    other = UserFactory(username="manager@beta.test")
    MembershipFactory(user=other, role=Role.PROVIDER_MANAGER, provider=world.other_provider)
    client.force_login(other)
    assert client.get(reverse("staff:venues")).status_code == 200
    assert venue.name not in client.get(reverse("staff:venues")).content.decode()
    assert client.get(reverse("staff:venue", args=[venue.pk])).status_code == 404
    response = client.post(reverse("staff:venue", args=[venue.pk]), form(world))
    assert response.status_code == 404
