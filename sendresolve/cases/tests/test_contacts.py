"""The contact log, tasks and the council's inbox, through the real services."""

import datetime as dt

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.contact_selectors import contact_entries_for, open_tasks_for
from sendresolve.cases.council_inbox import council_notices_sent, la_recipients
from sendresolve.cases.models import CaseEvent, CaseTask, ContactEntry
from sendresolve.cases.selectors import case_timeline
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.notifications.models import OutboxMessage
from sendresolve.notifications.services import message_deliver
from sendresolve.retention.services import retention_apply
from sendresolve.retention.subject_access import subject_access_export
from sendresolve.retention.tests.factories import mediated_case
from sendresolve.tenancy.models import Commission
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    return open_case(world)


def _log(world, case, *, confidential=False, summary="Rang about the meeting date.", **extra):
    return services.contact_log(
        actor=world.users["provider_staff"],
        case=case,
        kind="call",
        direction="in",
        with_whom="Alex Example",
        occurred_at=dt.datetime(2024, 3, 19, 15, 30, tzinfo=LONDON),
        summary=summary,
        confidential=confidential,
        **extra,
    )


# -- the contact log -----------------------------------------------------------------------


def test_a_logged_call_is_recorded_on_the_timeline_and_audited_without_its_words(world, case):
    entry = _log(world, case)
    assert entry.kind == "call" and entry.direction == "in" and not entry.confidential
    assert entry.author == world.users["provider_staff"]
    event = CaseEvent.objects.get(case=case, type="contact_logged")
    assert event.occurred_on == dt.date(2024, 3, 19)
    assert event.detail == {
        "contact_id": entry.pk,
        "kind": "call",
        "direction": "in",
        "confidential": False,
    }
    audit = AuditEvent.objects.get(action="case.contact_log")
    assert "meeting date" not in str(audit.detail)


def test_the_contact_log_is_the_providers_own_record(world, case):
    entry = _log(world, case)
    assert list(contact_entries_for(world.users["colleague"], case)) == [entry]
    # The LA's and the health body's officers see the case, not the provider's log of it.
    assert list(contact_entries_for(world.users["la_officer"], case)) == []
    assert list(contact_entries_for(world.users["icb_officer"], case)) == []


def test_a_confidential_entry_is_hidden_from_the_la_officer(world, case):
    shared = _log(world, case)
    secret = _log(world, case, confidential=True, summary="Parent may accept a compromise.")
    # The unassigned mediator sees the log but not its confidential entries (issue 23)...
    assert set(contact_entries_for(world.users["colleague"], case)) == {shared}
    # ...the case's own mediator sees both.
    services.case_assign(
        actor=world.users["provider_staff"], case=case, assignee=world.users["colleague"]
    )
    assert set(contact_entries_for(world.users["colleague"], case)) == {shared, secret}
    assert secret not in contact_entries_for(world.users["la_officer"], case)
    assert secret not in contact_entries_for(world.users["icb_officer"], case)


def test_a_confidential_entry_is_left_out_of_the_la_officers_timeline(world, case):
    _log(world, case)
    _log(world, case, confidential=True, summary="Parent may accept a compromise.")

    def logged(persona):
        events = case_timeline(case, world.users[persona])
        return [e.detail["confidential"] for e in events if e.type == "contact_logged"]

    assert logged("provider_staff") == [False, True]
    assert logged("colleague") == [False]  # a mediator not assigned to the case (issue 23)
    assert logged("la_officer") == [False]
    # Every other event stays.
    assert case_timeline(case, world.users["la_officer"]).filter(type="case_opened").exists()


def test_the_log_is_newest_first(world, case):
    older = _log(world, case)
    newer = services.contact_log(
        actor=world.users["provider_staff"],
        case=case,
        kind="email",
        direction="out",
        with_whom="Barnet SEND team",
        occurred_at=dt.datetime(2024, 3, 20, 9, tzinfo=LONDON),
        summary="Sent the agreement to mediate.",
    )
    assert list(contact_entries_for(world.users["provider_staff"], case)) == [newer, older]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "fax"}, "kind"),
        ({"direction": "sideways"}, "direction"),
        ({"summary": "  "}, "summary"),
        ({"with_whom": ""}, "with_whom"),
        ({"occurred_at": dt.datetime(2024, 3, 21, 9, tzinfo=LONDON)}, "occurred_at"),
        ({"occurred_at": dt.datetime(2024, 3, 4, 9, tzinfo=LONDON)}, "occurred_at"),
    ],
)
def test_a_bad_contact_is_refused_by_field(world, case, change, field):
    values = {
        "kind": "call",
        "direction": "in",
        "with_whom": "Alex Example",
        "occurred_at": dt.datetime(2024, 3, 19, 15, tzinfo=LONDON),
        "summary": "Rang.",
    }
    with pytest.raises(ValidationError) as error:
        services.contact_log(actor=world.users["provider_staff"], case=case, **{**values, **change})
    assert error.value.field == field
    assert not ContactEntry.objects.exists()


def test_the_party_names_the_entry_when_with_whom_is_empty(world, case):
    party = services.party_add(
        actor=world.users["provider_staff"], case=case, role="la_officer", name="Jo Officer"
    )
    entry = services.contact_log(
        actor=world.users["provider_staff"],
        case=case,
        kind="letter",
        direction="out",
        party=party,
        occurred_at=dt.datetime(2024, 3, 19, 12, tzinfo=LONDON),
        summary="Wrote with the dates.",
    )
    assert entry.with_whom == "Jo Officer" and entry.party == party


@pytest.mark.parametrize("persona", ["la_officer", "icb_officer", "other_provider"])
def test_only_the_providers_staff_log_contacts(world, case, persona):
    with pytest.raises(NotFound):
        services.contact_log(
            actor=world.users[persona],
            case=case,
            kind="call",
            direction="in",
            with_whom="Someone",
            occurred_at=dt.datetime(2024, 3, 19, 15, tzinfo=LONDON),
            summary="Rang.",
        )


# -- tasks ---------------------------------------------------------------------------------


def _task(world, case, *, owner="colleague", due_on=dt.date(2024, 3, 22)):
    # A mediator works on the cases assigned to them (issue 23).
    services.case_assign(
        actor=world.users["provider_staff"], case=case, assignee=world.users["colleague"]
    )
    return services.task_add(
        actor=world.users["provider_staff"],
        case=case,
        description="Call the LA officer back",
        owner=world.users[owner],
        due_on=due_on,
    )


def test_a_task_is_in_its_owners_queue_until_done_and_back_when_reopened(world, case):
    task = _task(world, case)
    assert open_tasks_for(world.users["colleague"]) == [task]
    assert open_tasks_for(world.users["provider_staff"]) == []
    services.task_done(actor=world.users["colleague"], task=task)
    task.refresh_from_db()
    assert task.done_on == dt.date(2024, 3, 20)
    assert open_tasks_for(world.users["colleague"]) == []
    services.task_reopen(actor=world.users["provider_staff"], task=task)
    task.refresh_from_db()
    assert task.done_on is None
    assert open_tasks_for(world.users["colleague"]) == [task]
    types = list(
        CaseEvent.objects.filter(case=case, type__startswith="task_").values_list("type", flat=True)
    )
    assert types == ["task_added", "task_done", "task_reopened"]


def test_a_task_done_twice_is_refused(world, case):
    task = _task(world, case)
    services.task_done(actor=world.users["colleague"], task=task)
    with pytest.raises(NotAllowed):
        services.task_done(actor=world.users["colleague"], task=task)


def test_a_task_needs_an_owner_at_the_provider(world, case):
    with pytest.raises(ValidationError) as error:
        _task(world, case, owner="la_officer")
    assert error.value.field == "owner"
    assert not CaseTask.objects.exists()


def test_a_task_on_a_case_the_owner_no_longer_sees_leaves_their_queue(world, case):
    task = _task(world, case)
    assert open_tasks_for(world.users["colleague"]) == [task]
    world.users["colleague"].memberships.update(is_active=False)
    assert open_tasks_for(world.users["colleague"]) == []


def test_la_officers_cannot_add_or_close_tasks(world, case):
    task = _task(world, case)
    with pytest.raises(NotFound):
        services.task_done(actor=world.users["la_officer"], task=task)


# -- subject access and retention --------------------------------------------------------------


@pytest.fixture
def manager(world):
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return user


def test_the_subject_access_export_holds_the_log_and_tasks(world, case, manager):
    _log(world, case)
    _log(world, case, confidential=True, summary="CONFIDENTIAL-CALL")
    _task(world, case)
    document = subject_access_export(actor=manager, reference=case.reference)
    exported = document["cases"][0]
    assert [entry["summary"] for entry in exported["contact_log"]] == [
        "Rang about the meeting date."
    ]
    assert exported["tasks"] == [
        {"description": "Call the LA officer back", "due_on": dt.date(2024, 3, 22), "done_on": None}
    ]
    with_confidential = subject_access_export(
        actor=manager, reference=case.reference, include_confidential=True
    )
    summaries = {
        e["summary"]: e["confidential"] for e in with_confidential["cases"][0]["contact_log"]
    }
    assert summaries == {"Rang about the meeting date.": False, "CONFIDENTIAL-CALL": True}


def test_retention_removes_the_log_and_tasks_with_the_case(world, time_machine):
    closed = mediated_case(
        world, time_machine, opened_on=dt.date(2023, 4, 3), closed_on=dt.date(2023, 6, 30)
    )
    kept = mediated_case(
        world, time_machine, opened_on=dt.date(2023, 11, 1), closed_on=dt.date(2024, 1, 15)
    )
    time_machine.move_to(dt.datetime(2024, 2, 1, 12, tzinfo=LONDON), tick=False)
    for on_case in (closed, kept):
        services.contact_log(
            actor=world.users["provider_staff"],
            case=on_case,
            kind="letter",
            direction="in",
            with_whom="Alex Example",
            occurred_at=dt.datetime(2024, 1, 31, 12, tzinfo=LONDON),
            summary="Letter after closing.",
        )
        _task(world, on_case, due_on=dt.date(2024, 2, 5))
    time_machine.move_to(dt.datetime(2029, 7, 2, 12, tzinfo=LONDON), tick=False)
    retention_apply(dt.date(2029, 7, 2))
    assert not ContactEntry.objects.filter(case=closed).exists()
    assert not CaseTask.objects.filter(case=closed).exists()
    assert ContactEntry.objects.filter(case=kept).count() == 1
    assert CaseTask.objects.filter(case=kept).count() == 1


# -- the council's inbox -----------------------------------------------------------------------


def _to_la(case):
    return sorted(
        OutboxMessage.objects.filter(
            reference=case.reference, template="la_informed_mediation_requested"
        ).values_list("to", flat=True)
    )


def _told(world, case):
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))


def test_la_inform_goes_to_the_la_send_team_with_no_officer_on_the_case(world, case):
    world.local_authority.send_team_email = "send@barnet.test"
    world.local_authority.save()
    _told(world, case)
    assert _to_la(case) == ["send@barnet.test"]
    message = OutboxMessage.objects.get(template="la_informed_mediation_requested")
    assert message.body.startswith("Dear Barnet SEND team,")


def test_the_commissions_address_comes_before_the_las_and_officers_get_it_too(world, case):
    world.local_authority.send_team_email = "send@barnet.test"
    world.local_authority.save()
    Commission.objects.filter(local_authority=world.local_authority).update(
        la_contact_email="mediation@barnet.test"
    )
    services.party_add(
        actor=world.users["provider_staff"],
        case=case,
        role="la_officer",
        name="Jo Officer",
        email="jo@barnet.test",
    )
    assert [r.email for r in la_recipients(case)] == ["mediation@barnet.test", "jo@barnet.test"]
    _told(world, case)
    assert _to_la(case) == ["jo@barnet.test", "mediation@barnet.test"]


def test_no_address_and_no_officer_sends_nothing(world, case):
    _told(world, case)
    assert _to_la(case) == []


def test_cannot_arrange_and_the_med03_notice_go_to_the_la_inbox(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    world.local_authority.send_team_email = "send@barnet.test"
    world.local_authority.save()
    case = open_case(world, health_care_in_issue=True, commissioning_body=world.commissioning_body)
    _told(world, case)
    services.la_cannot_arrange(actor=world.users["la_officer"], case=case, on=dt.date(2024, 3, 11))
    sent = dict(
        OutboxMessage.objects.filter(reference=case.reference, to="send@barnet.test").values_list(
            "template", "body"
        )
    )
    assert set(sent) == {
        "la_informed_mediation_requested",
        "health_care_in_issue_notice",
        "la_cannot_arrange_recorded",
    }
    assert "must notify NHS North Central London ICB by" in sent["health_care_in_issue_notice"]
    assert "issue the family's mediation certificate by" in sent["la_cannot_arrange_recorded"]


def test_the_case_page_line_says_when_and_to_whom(world, case):
    world.local_authority.send_team_email = "send@barnet.test"
    world.local_authority.save()
    services.party_add(
        actor=world.users["provider_staff"],
        case=case,
        role="la_officer",
        name="Jo Officer",
        email="jo@barnet.test",
    )
    _told(world, case)
    for message in OutboxMessage.objects.filter(reference=case.reference):
        message_deliver(message_id=message.pk)
    assert [notice.line for notice in council_notices_sent(case)] == [
        "Family wants mediation – sent to send@barnet.test and Jo Officer on 20 March 2024"
    ]
