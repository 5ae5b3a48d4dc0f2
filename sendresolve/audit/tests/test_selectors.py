"""Who reads which audit events, and the filters."""

import datetime as dt

import pytest

from sendresolve.audit.selectors import AuditFilters, audit_events_for, can_view_audit
from sendresolve.audit.services import audit_record
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return user


@pytest.fixture
def events(world, time_machine):
    """One event of each kind of scope."""
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    case = open_case(
        world, opened_on=dt.date(2024, 4, 10), decision_letter_date=dt.date(2024, 4, 8)
    )
    adviser, other = world.users["provider_staff"], world.users["other_provider"]
    time_machine.move_to(dt.datetime(2024, 4, 11, 9, tzinfo=LONDON), tick=False)
    return {
        "own_case": audit_record(
            actor=adviser,
            action="case.read.page",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
        ),
        "own_la": audit_record(
            actor=world.users["la_officer"],
            action="decision_letter.download",
            target=world.local_authority,
            local_authority=world.local_authority,
        ),
        "other_la": audit_record(
            actor=world.users["other_la"],
            action="decision_letter.download",
            target=world.other_local_authority,
            local_authority=world.other_local_authority,
        ),
        "other_provider_in_own_la": audit_record(
            actor=other,
            action="case.read.page",
            local_authority=world.local_authority,
            provider=world.other_provider,
        ),
        "own_staff_no_tenant": audit_record(actor=adviser, action="report.export.csv"),
        "other_staff_no_tenant": audit_record(actor=other, action="report.export.csv"),
        "system": audit_record(actor=None, action="local_authorities.load"),
        "case": case,
    }


def _names(queryset, events):
    ids = {event.pk: name for name, event in events.items() if name != "case"}
    return {ids[e.pk] for e in queryset if e.pk in ids}


def test_a_provider_manager_sees_their_providers_events(manager, events):
    assert _names(audit_events_for(manager), events) == {
        "own_case",
        "own_la",
        "own_staff_no_tenant",
    }


def test_an_administrator_sees_everything(world, events):
    assert len(_names(audit_events_for(world.users["administrator"]), events)) == 7


@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_provider", "la_officer", "other_la", "icb_officer"],
)
def test_everyone_else_is_refused(world, persona):
    user = world.users[persona]
    assert not can_view_audit(user)
    with pytest.raises(NotFound):
        audit_events_for(user)


def test_an_inactive_manager_is_refused(world, manager):
    manager.memberships.update(is_active=False)
    with pytest.raises(NotFound):
        audit_events_for(manager)


def test_filters(world, events, time_machine):
    admin = world.users["administrator"]
    case = events["case"]

    def names(**filters):
        return _names(audit_events_for(admin, AuditFilters(**filters)), events)

    assert names(action_prefix="report.") == {"own_staff_no_tenant", "other_staff_no_tenant"}
    assert names(actor="SYSTEM") == {"system"}
    assert names(actor="barnet") == {"own_la"}
    assert names(case_reference=case.reference) == {"own_case"}
    assert names(case_reference="SR-2345-6789") == set()
    # Dates are London days, both ends included.
    assert len(names(date_from=dt.date(2024, 4, 11), date_to=dt.date(2024, 4, 11))) == 7
    assert names(date_to=dt.date(2024, 4, 10)) == set()
    assert names(date_from=dt.date(2024, 4, 12)) == set()


def test_newest_first(world, events):
    times = [e.occurred_at for e in audit_events_for(world.users["administrator"])]
    assert times == sorted(times, reverse=True)


def test_the_last_dates_there_are_filter_without_overflowing(world, events):
    admin = world.users["administrator"]
    # 31/12/9999 is dt.date.max: a day after it overflows; up to then is everything.
    assert len(_names(audit_events_for(admin, AuditFilters(date_to=dt.date.max)), events)) == 7
    everything = AuditFilters(date_from=dt.date.min, date_to=dt.date(9999, 12, 30))
    assert len(_names(audit_events_for(admin, everything), events)) == 7
