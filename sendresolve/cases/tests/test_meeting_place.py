"""Where a meeting is, said one way (``Session.place``) on the staff case page, in the family's
message and on the family's status page."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import Venue
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family.status import upcoming_dates

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 12, tzinfo=LONDON)


@pytest.fixture
def informed(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2024, 3, 5))
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    return case


def arrange(world, case, *, mode, venue=None):
    return services.session_schedule(
        actor=world.users["provider_staff"],
        case=case,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode=mode,
        venue=venue,
    )


def said(world, client, case) -> tuple[str, str, str]:
    """What the message, the staff page and the family's page say about where it is."""
    message = OutboxMessage.objects.filter(template="session_arranged").latest("pk")
    client.force_login(world.users["provider_staff"])
    page = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    (meeting,) = [u for u in upcoming_dates(case) if u.title == "Your meeting"]
    return message.personalisation["venue"], page, meeting.where


def test_an_online_meeting_is_called_by_its_mode_everywhere(world, client, informed):
    # An LA's online "venue" (as the demo's) has a name of its own: it is not what we say.
    remote = Venue.objects.create(
        local_authority=world.local_authority,
        name="Online video meeting",
        address="A link is sent to each party the day before.",
        mode=Venue.Mode.ONLINE,
    )
    session = arrange(world, informed, mode="online", venue=remote)
    assert session.place == Venue.Mode.ONLINE.label == "Online (video)"
    message, page, where = said(world, client, informed)
    assert message == "Online (video)"
    assert "Online (video)" in page
    assert "Online video meeting" not in page
    assert where == "Online (video), A link is sent to each party the day before."


def test_a_meeting_in_person_is_called_by_its_venue_everywhere(world, client, informed):
    hall = Venue.objects.create(
        local_authority=world.local_authority,
        name="Barnet Library Room 2",
        address="1 Example Street",
    )
    session = arrange(world, informed, mode="in_person", venue=hall)
    assert session.place == "Barnet Library Room 2"
    message, page, where = said(world, client, informed)
    assert message == "Barnet Library Room 2"
    assert "Barnet Library Room 2" in page
    assert where == "Barnet Library Room 2, 1 Example Street"
