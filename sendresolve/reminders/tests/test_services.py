import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services as case_services
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import message_send
from sendresolve.reminders.models import Reminder
from sendresolve.reminders.selectors import deadlines_due_reminders
from sendresolve.reminders.services import ReminderRun, reminders_send
from sendresolve.reminders.tests.conftest import TODAY
from sendresolve.reminders.tests.factories import add_deadline, reminder_messages
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def declined_case(world):
    """A real case declined on 19 March 2024: the provider must issue the certificate by
    Friday 22 March (3 working days)."""
    adviser = world.users["provider_staff"]
    case = open_case(world)
    case_services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 18))
    case_services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 19))
    return case


def certificate_deadline(case) -> CaseDeadline:
    return case.deadlines.get(deadline_id="certificate_after_declining")


def test_running_twice_sends_each_reminder_once(world, declined_case):
    deadline = certificate_deadline(declined_case)
    assert deadline.due_on == dt.date(2024, 3, 22)

    first = reminders_send(today=TODAY)
    second = reminders_send(today=TODAY)

    assert first == ReminderRun(due_soon=1, overdue=0, skipped=0)
    assert second == ReminderRun()
    [message] = reminder_messages()
    assert message.template == "deadline_due_soon"
    assert message.to == world.provider.email
    [reminder] = Reminder.objects.all()
    assert (reminder.deadline, reminder.state, reminder.due_on) == (
        deadline,
        Reminder.State.DUE_SOON,
        dt.date(2024, 3, 22),
    )
    assert reminder.recipient_kind == "provider"
    assert list(reminder.messages.all()) == [message]


def test_a_due_soon_deadline_gets_an_overdue_reminder_once_it_passes_and_then_no_more(
    declined_case,
):
    deadline = certificate_deadline(declined_case)

    assert reminders_send(today=dt.date(2024, 3, 20)).due_soon == 1
    assert reminders_send(today=dt.date(2024, 3, 22)).sent == 0  # due today: still due soon
    assert reminders_send(today=dt.date(2024, 3, 23)) == ReminderRun(overdue=1)
    assert reminders_send(today=dt.date(2024, 3, 24)).sent == 0
    assert reminders_send(today=dt.date(2024, 4, 15)).sent == 0

    states = list(deadline.reminders.order_by("sent_at", "id").values_list("state", flat=True))
    assert states == ["due_soon", "overdue"]
    assert list(reminder_messages().order_by("id").values_list("template", flat=True)) == [
        "deadline_due_soon",
        "deadline_overdue",
    ]


def test_the_due_soon_window_is_five_days_from_today(world):
    case = open_case(world)
    add_deadline(case, responsible="provider", due_on=TODAY + 6 * DAY)
    assert reminders_send(today=TODAY).sent == 0
    assert reminders_send(today=TODAY + DAY).due_soon == 1


def test_a_deadline_first_seen_overdue_gets_only_the_overdue_reminder(world):
    case = open_case(world)
    deadline = add_deadline(case, responsible="provider", due_on=TODAY - 3 * DAY)
    assert reminders_send(today=TODAY) == ReminderRun(overdue=1)
    assert list(deadline.reminders.values_list("state", flat=True)) == ["overdue"]


def test_a_recomputed_due_date_gets_a_new_due_soon_reminder(declined_case):
    deadline = certificate_deadline(declined_case)
    reminders_send(today=TODAY)
    # A bank holiday proclaimed on 21 March moves the certificate to Monday 25 March.
    call_command("recompute_deadlines", "--extra-holiday", "2024-03-21", stdout=io.StringIO())
    deadline.refresh_from_db()
    assert deadline.due_on == dt.date(2024, 3, 25)

    assert reminders_send(today=TODAY).due_soon == 1
    assert sorted(deadline.reminders.values_list("due_on", flat=True)) == [
        dt.date(2024, 3, 22),
        dt.date(2024, 3, 25),
    ]


def test_met_and_no_longer_needed_deadlines_get_no_reminder(world):
    case = open_case(world)
    for state in (CaseDeadline.State.MET, CaseDeadline.State.BREACHED, "not_needed"):
        add_deadline(case, responsible="provider", due_on=TODAY - DAY, state=state)
        add_deadline(case, responsible="provider", due_on=TODAY + DAY, state=state)
    assert reminders_send(today=TODAY) == ReminderRun()
    assert not reminder_messages().exists()


def test_a_deadline_met_after_its_due_soon_reminder_gets_no_overdue_one(world, declined_case):
    reminders_send(today=TODAY)
    case_services.certificate_issue(
        actor=world.users["provider_staff"], case=declined_case, on=dt.date(2024, 3, 20)
    )
    assert certificate_deadline(declined_case).state == CaseDeadline.State.MET
    assert reminders_send(today=dt.date(2024, 3, 25)).sent == 0
    assert list(reminder_messages().values_list("template", flat=True)) == ["deadline_due_soon"]


def test_closed_and_withdrawn_cases_get_no_reminders(world, declined_case):
    case_services.case_withdraw(
        actor=world.users["provider_staff"], case=declined_case, on=dt.date(2024, 3, 20)
    )
    # Even an open deadline left on a closed case (the status alone decides).
    closed = open_case(world)
    add_deadline(closed, responsible="provider", due_on=TODAY - DAY)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)

    assert reminders_send(today=TODAY) == ReminderRun()
    assert not Reminder.objects.exists()


def test_family_owed_deadlines_are_never_sent_to_staff(world):
    case = open_case(world)
    add_deadline(case, responsible="family", deadline_id="agreed_action", due_on=TODAY + DAY)
    add_deadline(case, responsible="family", deadline_id="agreed_action", due_on=TODAY - DAY)

    assert reminders_send(today=TODAY) == ReminderRun()
    assert not reminder_messages().exists()


def test_the_family_is_reminded_of_their_appeal_deadline_once_before_it_passes(world):
    case = open_case(world)
    appeal = case.deadlines.get(deadline_id="appeal_registration")
    assert (appeal.due_on, appeal.due_time) == (dt.date(2024, 5, 1), "17:00")

    assert reminders_send(today=dt.date(2024, 4, 25)).sent == 0
    assert reminders_send(today=dt.date(2024, 4, 26)) == ReminderRun(due_soon=1)
    assert reminders_send(today=dt.date(2024, 4, 30)).sent == 0
    assert reminders_send(today=dt.date(2024, 5, 2)).sent == 0  # passed: no overdue reminder

    [message] = reminder_messages()
    assert message.template == "appeal_deadline_due_soon"
    assert (message.channel, message.to) == (Channel.EMAIL, "alex@example.test")
    assert "you must appeal by 5pm on Wednesday 1 May 2024" in message.body
    assert appeal.reminders.get().recipient_kind == "family"


def test_staff_reminders_name_the_case_step_and_date_but_not_the_child(world, declined_case):
    reminders_send(today=TODAY)
    [message] = reminder_messages()
    reference = declined_case.reference
    assert message.subject == (
        f"Due soon: Issue the certificate (mediation declined) (case {reference})"
    )
    assert f"Case reference: {reference}\n" in message.body
    who = certificate_deadline(declined_case).responsible_label
    assert who and f"Who must act: {who}\n" in message.body
    assert "Due by: Friday 22 March 2024\n" in message.body
    assert message.body.endswith(f"http://127.0.0.1:8000/staff/cases/{reference}/")
    for personal in ("Sam", "Alex", "alex@example.test", "Decision not to carry out"):
        assert personal not in message.subject + message.body + str(message.personalisation)


def test_an_agreed_action_is_named_by_kind_not_by_its_wording(world):
    case = open_case(world)
    add_deadline(
        case,
        responsible="local_authority",
        key="action:1:speech_therapy",
        title="Arrange speech therapy for Sam twice a week",
        due_on=TODAY + DAY,
    )
    world.local_authority.send_team_email = "send@barnet.test"
    world.local_authority.save()
    reminders_send(today=TODAY)
    [message] = reminder_messages()
    assert "Sam" not in message.subject + message.body
    assert "What must happen: An action agreed at mediation\n" in message.body


def test_each_reminder_writes_one_audit_event(world, declined_case):
    add_deadline(declined_case, responsible="provider", due_on=TODAY - DAY)
    reminders_send(today=TODAY)
    reminders_send(today=TODAY)

    events = AuditEvent.objects.filter(action="reminder.send").order_by("id")
    reminders = Reminder.objects.order_by("id")
    assert [event.detail["reminder_id"] for event in events] == [r.pk for r in reminders]
    for event, reminder in zip(events, reminders, strict=True):
        assert event.actor is None and event.actor_label == "system"
        assert (event.object_type, event.object_id) == ("cases.case", str(declined_case.pk))
        assert event.local_authority == world.local_authority
        assert event.detail["messages"] == [m.pk for m in reminder.messages.all()]
        assert "@" not in str(event.detail)


def test_a_deadline_with_nobody_to_remind_is_skipped_and_tried_again_next_run(world):
    case = open_case(world)
    deadline = add_deadline(case, responsible="provider", due_on=TODAY + DAY)
    world.provider.email = ""
    world.provider.save()

    assert reminders_send(today=TODAY) == ReminderRun(skipped=1)
    assert not Reminder.objects.exists()

    world.provider.email = "cases@alpha.test"
    world.provider.save()
    assert reminders_send(today=TODAY) == ReminderRun(due_soon=1)
    assert deadline.reminders.count() == 1


def test_school_and_other_deadlines_are_skipped(world):
    case = open_case(world)
    add_deadline(case, responsible="school", due_on=TODAY - DAY)
    add_deadline(case, responsible="other", due_on=TODAY + DAY)
    assert reminders_send(today=TODAY) == ReminderRun(skipped=2)
    assert not Reminder.objects.exists()


def test_a_reminder_to_several_officers_is_one_reminder_with_one_message_each(world):
    case = open_case(world)
    MembershipFactory(
        user=UserFactory(username="second@barnet.test"),
        role=Role.LA_OFFICER,
        local_authority=world.local_authority,
    )
    add_deadline(case, responsible="local_authority", due_on=TODAY + DAY)

    assert reminders_send(today=TODAY) == ReminderRun(due_soon=1)
    [reminder] = Reminder.objects.all()
    assert sorted(reminder.messages.values_list("to", flat=True)) == [
        "officer@barnet.test",
        "second@barnet.test",
    ]


def test_due_deadlines_are_found_in_one_query(world, django_assert_num_queries):
    for _ in range(3):
        case = open_case(world)
        add_deadline(case, responsible="provider", due_on=TODAY - DAY)
        add_deadline(case, responsible="provider", due_on=TODAY + DAY)
    with django_assert_num_queries(1):
        due = list(deadlines_due_reminders(today=TODAY))
        states = sorted((d.reminder_state, d.case.provider.name) for d in due)
    assert [state for state, _ in states] == ["due_soon"] * 3 + ["overdue"] * 3


def test_deadlines_already_reminded_are_left_out_by_the_query(world, declined_case):
    deadline = certificate_deadline(declined_case)
    assert list(deadlines_due_reminders(today=TODAY)) == [deadline]
    reminders_send(today=TODAY)
    assert list(deadlines_due_reminders(today=TODAY)) == []
    # The same deadline comes back once it is overdue, as an overdue reminder.
    [again] = deadlines_due_reminders(today=dt.date(2024, 3, 23))
    assert (again, again.reminder_state) == (deadline, "overdue")


# -- crash safety ------------------------------------------------------------------------------


def failing_on_call(number):
    """``message_send`` that raises on its ``number``th call, as a process dying there would."""
    calls = {"n": 0}

    def send(**kwargs):
        calls["n"] += 1
        if calls["n"] == number:
            raise RuntimeError("the process died here")
        return message_send(**kwargs)

    return send


@pytest.mark.django_db(transaction=True)
def test_a_run_that_dies_midway_keeps_what_it_committed_and_the_next_run_sends_the_rest(world):
    case = open_case(world)
    deadlines = [
        add_deadline(case, responsible="provider", due_on=TODAY + n * DAY) for n in range(5)
    ]

    with (
        mock.patch("sendresolve.reminders.services.message_send", failing_on_call(3)),
        pytest.raises(RuntimeError),
    ):
        reminders_send(today=TODAY)

    # Two reminders committed, whole; the third left nothing behind.
    assert Reminder.objects.count() == 2
    assert reminder_messages().count() == 2
    assert AuditEvent.objects.filter(action="reminder.send").count() == 2
    for reminder in Reminder.objects.all():
        assert reminder.messages.count() == 1
    # Delivered after each commit, not held back by the failure that followed.
    assert set(reminder_messages().values_list("status", flat=True)) == {"delivered"}

    assert reminders_send(today=TODAY) == ReminderRun(due_soon=3)
    assert reminders_send(today=TODAY) == ReminderRun()
    for deadline in deadlines:
        assert deadline.reminders.get().messages.count() == 1
    assert reminder_messages().count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_reminder_already_sent_by_a_concurrent_run_is_not_sent_again(world):
    case = open_case(world)
    deadline = add_deadline(case, responsible="provider", due_on=TODAY + DAY)
    due = list(deadlines_due_reminders(today=TODAY))
    # Another run sends it between this run's query and its write.
    assert reminders_send(today=TODAY).due_soon == 1

    with mock.patch("sendresolve.reminders.services.deadlines_due_reminders", return_value=due):
        assert reminders_send(today=TODAY) == ReminderRun()
    assert deadline.reminders.count() == 1
    assert reminder_messages().count() == 1
