"""Requests for another format: routed to the provider serving the council, due in working
days, in that provider's queue only, and marked sent once."""

import datetime as dt

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound
from sendresolve.feedback import selectors, services
from sendresolve.feedback.models import FormatRequest
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 21, 10, tzinfo=LONDON), tick=False)


def _record(**tenants) -> FormatRequest:
    return services.format_request_record(
        kind="braille", name="Sam", email="sam@example.test", page="/", **tenants
    )


def test_a_request_for_a_council_goes_to_the_provider_it_commissions(world, monday):
    stored = _record(local_authority=world.local_authority)
    assert stored.provider == world.provider
    other = _record(local_authority=world.other_local_authority)
    assert other.provider == world.other_provider


def test_a_case_page_keeps_its_own_provider(world, monday):
    stored = _record(local_authority=world.local_authority, provider=world.other_provider)
    assert stored.provider == world.other_provider


def test_a_council_with_no_provider_goes_to_the_system_team(world, monday):
    nobody = LocalAuthorityFactory(dfe_code="999", gss_code="E06000999", name="Nowhere")
    stored = _record(local_authority=nobody)
    assert stored.provider is None and stored.local_authority == nobody
    assert list(selectors.format_request_queue(world.users["administrator"])) == [stored]
    assert not selectors.format_request_queue(world.users["provider_staff"]).exists()


def test_an_ended_commission_routes_nothing(world, monday):
    world.local_authority.commissions.update(ends_on=dt.date(2026, 12, 20))
    assert _record(local_authority=world.local_authority).provider is None


def test_the_deadline_is_ten_working_days_skipping_christmas_and_new_year(world, monday):
    # Monday 21 December 2026: Christmas Day (Fri), the Boxing Day substitute (Mon 28) and
    # New Year's Day (Fri 1 January) do not count.
    assert services.FORMAT_REQUEST_WORKING_DAYS == 10
    assert _record(local_authority=world.local_authority).due_on == dt.date(2027, 1, 7)
    assert services.format_request_due(dt.date(2026, 12, 18)) == dt.date(2027, 1, 6)


def test_overdue_only_after_the_day_it_was_due_and_while_unsent(world, monday):
    stored = _record(local_authority=world.local_authority)
    assert not stored.is_overdue(dt.date(2027, 1, 7))
    assert stored.is_overdue(dt.date(2027, 1, 8))
    stored.state = FormatRequest.State.DONE
    assert not stored.is_overdue(dt.date(2027, 1, 8))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("provider_staff", {"barnet"}),
        ("colleague", {"barnet"}),
        ("other_provider", {"southend"}),
        ("la_officer", set()),
        ("icb_officer", set()),
        ("administrator", {"barnet", "southend", "system"}),
    ],
)
def test_the_queue_is_the_providers_own(world, monday, persona, expected):
    stored = {
        "barnet": _record(local_authority=world.local_authority),
        "southend": _record(local_authority=world.other_local_authority),
        "system": _record(),
    }
    seen = set(selectors.format_request_queue(world.users[persona]).values_list("pk", flat=True))
    assert seen == {stored[name].pk for name in expected}
    assert selectors.format_requests_open_count(world.users[persona]) == len(expected)


def test_marking_sent_twice_marks_and_audits_once(world, monday):
    stored = _record(local_authority=world.local_authority)
    adviser = world.users["provider_staff"]
    first, marked = services.format_request_mark_sent(actor=adviser, format_request_id=stored.pk)
    assert marked and first.state == FormatRequest.State.DONE
    assert first.sent_by == adviser
    assert first.sent_at == dt.datetime(2026, 12, 21, 10, tzinfo=LONDON)
    again, marked_again = services.format_request_mark_sent(
        actor=world.users["colleague"], format_request_id=stored.pk
    )
    assert not marked_again and again.sent_by == adviser
    events = AuditEvent.objects.filter(action="feedback.format_request.sent")
    assert [(e.actor, e.object_id, e.provider) for e in events] == [
        (adviser, str(stored.pk), world.provider)
    ]
    assert selectors.format_requests_open_count(adviser) == 0


def test_another_provider_cannot_mark_it_sent(world, monday):
    stored = _record(local_authority=world.local_authority)
    with pytest.raises(NotFound):
        services.format_request_mark_sent(
            actor=world.users["other_provider"], format_request_id=stored.pk
        )
    stored.refresh_from_db()
    assert stored.state == FormatRequest.State.NEW and stored.sent_by is None
