"""Venues managed by the provider (issue 22): which venues serve a meeting, the services'
rules and scoping, the joining link, and the migration's data step."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Venue
from sendresolve.cases.venues import (
    joining_details,
    venue_create,
    venue_create_once,
    venue_get,
    venue_retire,
    venue_update,
    venues_for,
    venues_serving,
)
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import (
    CommissionFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def manager_of(provider, role=Role.PROVIDER_MANAGER, username="manager@alpha.test"):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, provider=provider)
    return user


def in_person(**extra):
    values = {
        "name": "Community Centre, Room 2",
        "mode": "in_person",
        "address": "1 Example Parade, London N99 1AA",
        "accessible": True,
        "hearing_loop": True,
    }
    values.update(extra)
    return values


def test_a_manager_adds_a_venue_serving_their_las_and_it_is_audited(world):
    manager = manager_of(world.provider)
    venue = venue_create(
        actor=manager, provider=world.provider, serves=[world.local_authority], **in_person()
    )
    assert venue.provider == world.provider
    assert venue.local_authority == world.local_authority
    assert list(venue.serves.all()) == [world.local_authority]
    assert venue.hearing_loop and venue.accessible and not venue.parking
    event = AuditEvent.objects.get(action="venue.create")
    assert event.detail["venue_id"] == venue.pk
    assert "address" in event.detail["fields"]
    assert "1 Example Parade" not in str(event.detail)


def test_a_coordinator_manages_venues_but_an_adviser_does_not(role_personas):
    world = role_personas  # its adviser holds that role only (provider_staff also manages)
    coordinator = world.users["coordinator"]
    assert venue_create(
        actor=coordinator, provider=world.provider, serves=[world.local_authority], **in_person()
    )
    with pytest.raises(NotFound):
        venue_create(
            actor=world.users["adviser"],
            provider=world.provider,
            serves=[world.local_authority],
            **in_person(),
        )


def test_a_venue_cannot_serve_an_la_that_does_not_commission_the_provider(world):
    manager = manager_of(world.provider)
    with pytest.raises(ValidationError) as refused:
        venue_create(
            actor=manager,
            provider=world.provider,
            serves=[world.other_local_authority],
            **in_person(),
        )
    assert refused.value.field == "serves"
    with pytest.raises(NotFound):  # nor for another provider
        venue_create(
            actor=manager,
            provider=world.other_provider,
            serves=[world.other_local_authority],
            **in_person(),
        )


@pytest.mark.parametrize(
    "link",
    [
        "http://meet.example.com/abc",
        "javascript:alert(1)",
        "https://user:pass@meet.example.com/abc",
        "https://meet.example.com/a b",
        "https://meet.example.com/a\nSUMMARY:x",
        "ftp://meet.example.com/abc",
        "meet.example.com/abc",
    ],
)
def test_an_online_venue_needs_a_plain_https_link(world, link):
    manager = manager_of(world.provider)
    with pytest.raises(ValidationError) as refused:
        venue_create(
            actor=manager,
            provider=world.provider,
            serves=[world.local_authority],
            name="Online",
            mode="online",
            joining_link=link,
        )
    assert refused.value.field == "joining_link"


def test_each_mode_needs_its_own_way_in(world):
    manager = manager_of(world.provider)
    common = {"actor": manager, "provider": world.provider, "serves": [world.local_authority]}
    for values, field in (
        ({"name": "Room", "mode": "in_person"}, "address"),
        ({"name": "Online", "mode": "online"}, "joining_link"),
        ({"name": "Phone", "mode": "telephone"}, "dial_in"),
        ({"name": "Phone", "mode": "telephone", "dial_in": "call me"}, "dial_in"),
        ({"name": "", "mode": "telephone", "dial_in": "020 7946 0000"}, "name"),
        ({"name": "Room", "mode": "boat"}, "mode"),
    ):
        with pytest.raises(ValidationError) as refused:
            venue_create(**common, **values)
        assert refused.value.field == field, values
    online = venue_create(
        **common, name="Online", mode="online", joining_link="https://meet.example.com/abc"
    )
    assert online.joining_link == "https://meet.example.com/abc"


def test_venues_serving_an_la_are_the_providers_own_and_the_unmanaged_ones(world):
    manager = manager_of(world.provider)
    second_la = LocalAuthorityFactory(dfe_code="303", name="Bexley")
    CommissionFactory(
        provider=world.provider, local_authority=second_la, starts_on=dt.date(2023, 4, 1)
    )
    both = venue_create(
        actor=manager,
        provider=world.provider,
        serves=[world.local_authority, second_la],
        **in_person(name="Shared room"),
    )
    unmanaged = Venue.objects.create(
        local_authority=world.local_authority, name="Old admin venue", address="x"
    )
    unmanaged.serves.add(world.local_authority)
    theirs = Venue.objects.create(
        local_authority=world.local_authority,
        name="Beta's room",
        address="y",
        provider=world.other_provider,
    )
    theirs.serves.add(world.local_authority)
    retired = venue_create(
        actor=manager,
        provider=world.provider,
        serves=[world.local_authority],
        **in_person(name="Closed room"),
    )
    venue_retire(actor=manager, venue=retired)

    serving = list(venues_serving(world.local_authority, world.provider))
    assert serving == [unmanaged, both]
    assert list(venues_serving(second_la, world.provider)) == [both]
    assert list(venues_serving(world.local_authority, world.other_provider)) == [theirs, unmanaged]


def test_another_providers_venue_is_not_found(role_personas):
    world = role_personas  # its adviser holds that role only (provider_staff also manages)
    manager = manager_of(world.provider)
    venue = venue_create(
        actor=manager, provider=world.provider, serves=[world.local_authority], **in_person()
    )
    other_manager = manager_of(world.other_provider, username="manager@beta.test")
    with pytest.raises(NotFound):
        venue_get(other_manager, venue_id=venue.pk)
    with pytest.raises(NotFound):
        venue_update(
            actor=other_manager, venue=venue, serves=[world.other_local_authority], **in_person()
        )
    with pytest.raises(NotFound):
        venue_retire(actor=other_manager, venue=venue)
    assert list(venues_for(other_manager)) == []
    assert list(venues_for(world.users["la_officer"])) == []
    # Provider staff see their provider's venues (the API lists them) but do not manage them.
    assert venue_get(world.users["adviser"], venue_id=venue.pk) == venue
    with pytest.raises(NotFound):
        venue_get(world.users["adviser"], venue_id=venue.pk, managing=True)


def test_changing_and_retiring_a_venue_is_audited_with_field_names(world):
    manager = manager_of(world.provider)
    venue = venue_create(
        actor=manager, provider=world.provider, serves=[world.local_authority], **in_person()
    )
    venue_update(
        actor=manager,
        venue=venue,
        serves=[world.local_authority],
        **in_person(parking=True, address="2 New Road"),
    )
    venue.refresh_from_db()
    assert venue.parking and venue.address == "2 New Road"
    changed = AuditEvent.objects.get(action="venue.update")
    assert changed.detail["fields"] == ["address", "parking"]
    venue_retire(actor=manager, venue=venue)
    venue_retire(actor=manager, venue=venue)  # again: nothing more to do
    assert AuditEvent.objects.filter(action="venue.retire").count() == 1
    venue.refresh_from_db()
    assert not venue.is_active
    venue_retire(actor=manager, venue=venue, active=True)
    venue.refresh_from_db()
    assert venue.is_active


def test_the_same_form_sent_twice_adds_one_venue(world):
    manager = manager_of(world.provider)
    kwargs = {"provider": world.provider, "serves": [world.local_authority], **in_person()}
    first, created = venue_create_once(actor=manager, submission_key="k" * 32, **kwargs)
    again, created_again = venue_create_once(actor=manager, submission_key="k" * 32, **kwargs)
    assert created and not created_again
    assert first == again
    assert Venue.objects.count() == 1


def test_joining_details_come_from_the_venue_for_its_mode(world):
    from sendresolve.cases.models import Session

    venue = Venue(
        name="Online",
        mode="online",
        joining_link="https://meet.example.com/abc",
        joining_instructions="Passcode 1234",
        dial_in="020 7946 0000",
    )
    online = Session(mode="online", venue=venue)
    assert joining_details(online) == "Join online: https://meet.example.com/abc\nPasscode 1234"
    phone = Session(mode="telephone", venue=venue)
    assert joining_details(phone) == "Dial in: 020 7946 0000\nPasscode 1234"
    assert joining_details(Session(mode="online", venue=None)) == ""


def test_the_migration_gives_each_venue_its_la_and_its_only_provider(world):
    migration = importlib.import_module(
        "sendresolve.cases.migrations.0021_venues_managed_expense_events"
    )
    served = Venue.objects.create(local_authority=world.local_authority, name="A", address="x")
    shared_la = LocalAuthorityFactory(dfe_code="304", name="Brent")
    CommissionFactory(
        provider=world.provider, local_authority=shared_la, starts_on=dt.date(2023, 4, 1)
    )
    CommissionFactory(
        provider=world.other_provider, local_authority=shared_la, starts_on=dt.date(2023, 4, 1)
    )
    ambiguous = Venue.objects.create(local_authority=shared_la, name="B", address="y")
    migration.venues_serve_and_belong(django_apps, None)
    served.refresh_from_db()
    ambiguous.refresh_from_db()
    assert served.provider == world.provider
    assert list(served.serves.all()) == [world.local_authority]
    assert ambiguous.provider is None  # two providers serve Brent: left for an administrator
    assert list(ambiguous.serves.all()) == [shared_la]


def _online_meeting(world, *, la_invited: bool):
    import datetime as dt

    from sendresolve.cases import services
    from sendresolve.cases.models import Party
    from sendresolve.cases.tests.factories import open_case
    from sendresolve.core.clock import LONDON

    manager = manager_of(world.provider)
    room = venue_create(
        actor=manager,
        provider=world.provider,
        serves=[world.local_authority],
        name="Alpha online room",
        mode="online",
        joining_link="https://meet.example.com/alpha-room",
        joining_instructions="Passcode 4242",
    )
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2024, 3, 5), email="alex@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    # The world's colleague is the meeting's mediator (a mediator's role counts on the cases
    # assigned to them: issue 23).
    services.case_assign(actor=adviser, case=case, assignee=world.users["colleague"])
    case.refresh_from_db()
    officer = Party.objects.create(
        case=case, role="la_officer", name="Jo Officer", email="jo@barnet.test"
    )
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        venue=room,
        on=dt.date(2024, 3, 11),
        starts_at=dt.datetime(2024, 3, 28, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 3, 28, 12, tzinfo=LONDON),
        attendees=[officer] if la_invited else [],
    )
    return case, session


def test_the_joining_link_is_in_the_invitation_for_participants_only(world, time_machine):
    import datetime as dt

    from sendresolve.cases.documents import session_invite
    from sendresolve.core.clock import LONDON

    time_machine.move_to(dt.datetime(2024, 3, 11, 12, tzinfo=LONDON), tick=False)
    case, session = _online_meeting(world, la_invited=False)
    link = b"https://meet.example.com/alpha-room"

    def invite(reader):
        return session_invite(session, domain="test", reader=reader).replace(b"\r\n ", b"")

    assert link in invite(None)  # the copy sent to those invited
    assert link in invite(world.users["provider_staff"])
    assert b"Passcode 4242" in invite(world.users["colleague"])
    # The LA's officer can read the case but the LA is not invited: no link.
    assert link not in invite(world.users["la_officer"])
    session.attendees.add(case.parties.get(role="la_officer"))
    assert link in invite(world.users["la_officer"])


def test_the_family_is_sent_the_joining_link_when_the_meeting_is_arranged(world, time_machine):
    import datetime as dt

    from sendresolve.core.clock import LONDON
    from sendresolve.notifications.models import OutboxMessage

    time_machine.move_to(dt.datetime(2024, 3, 11, 12, tzinfo=LONDON), tick=False)
    _online_meeting(world, la_invited=True)
    message = OutboxMessage.objects.get(template="session_arranged")
    assert "https://meet.example.com/alpha-room" in message.body
    assert "Passcode 4242" in message.body
