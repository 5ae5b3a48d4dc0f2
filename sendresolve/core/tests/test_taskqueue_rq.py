"""The jobs run on the RQ backend with a real RQ worker against Redis (issue 25).

Each test enqueues through django-tasks with ``TASKS`` pointing at django-tasks-rq, runs an RQ
worker in burst mode, and checks the effect in the database.
"""

import datetime as dt
import io

import pytest
from django_tasks import TaskResultStatus, task_backends

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import taskqueue
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import DocumentSending, OutboxMessage, Status
from sendresolve.notifications.sending import document_sending_run
from sendresolve.reminders.models import Reminder
from sendresolve.reminders.tasks import reminders_run_now, reminders_schedule, reminders_send
from sendresolve.reminders.tests.factories import add_deadline, reminder_messages

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def test_the_rq_backend_is_the_one_in_use(rq_tasks):
    assert taskqueue.backend_kind(reminders_send) == "rq"
    assert type(task_backends["default"]).__name__ == "RQBackend"


def test_the_reminder_job_runs_on_an_rq_worker_and_keeps_its_daily_chain(
    rq_tasks, world, time_machine
):
    time_machine.move_to(london(2024, 3, 20, 7, 0, 5), tick=False)
    case = open_case(world)
    deadline = add_deadline(case, responsible="provider", due_on=dt.date(2024, 3, 21))
    run = reminders_run_now()
    assert run is not None and run.run_after is None
    # Asking again while that run waits queues nothing more.
    assert reminders_run_now() == run
    assert rq_tasks.keys("rq:job:*")

    assert rq_tasks.work()

    result = reminders_send.get_result(run.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {
        "due_soon": 1,
        "overdue": 0,
        "skipped": 0,
        "sent": 1,
        "meeting_reminders": 0,
        "webhooks": 0,
    }
    assert deadline.reminders.get().state == Reminder.State.DUE_SOON
    assert reminder_messages().count() == 1
    # The run queued tomorrow's, in RQ's scheduled-job registry; scheduling again adds none.
    [following] = taskqueue.runs_waiting(reminders_send)
    assert following.run_after == london(2024, 3, 21, 7, 0)
    assert reminders_schedule() == following

    # A worker started before then runs nothing.
    assert not rq_tasks.work()
    assert taskqueue.runs_waiting(reminders_send) == [following]

    # The next morning the worker's scheduler releases it: it sends nothing twice and queues
    # the run after.
    time_machine.move_to(london(2024, 3, 21, 7, 0, 1), tick=False)
    assert rq_tasks.work()
    assert reminders_send.get_result(following.id).return_value["sent"] == 0
    assert [r.run_after for r in taskqueue.runs_waiting(reminders_send)] == [
        london(2024, 3, 22, 7, 0)
    ]
    assert reminder_messages().count() == 1


def test_a_document_sending_is_delivered_by_an_rq_worker(
    rq_tasks, world, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(london(2024, 4, 4, 9), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2024, 3, 5))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_issue(actor=adviser, case=case)
    sending = DocumentSending.objects.get(case=case)
    assert sending.state == DocumentSending.State.QUEUED
    [job] = [key for key in rq_tasks.keys("rq:job:*") if b":" not in key[len("rq:job:") :]]

    assert rq_tasks.work()

    sending.refresh_from_db()
    assert sending.state == DocumentSending.State.SENT
    assert OutboxMessage.objects.filter(document_sendings=sending, status=Status.DELIVERED)
    result = document_sending_run.get_result(job.decode()[len("rq:job:") :])
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == DocumentSending.State.SENT


def test_a_failing_job_is_recorded_failed_and_the_next_reminder_run_stays_queued(
    rq_tasks, world, time_machine, monkeypatch
):
    time_machine.move_to(london(2024, 3, 20, 7, 0, 5), tick=False)

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("sendresolve.reminders.services.reminders_send", boom)
    run = reminders_send.enqueue()
    rq_tasks.work()
    failed = reminders_send.get_result(run.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path == "builtins.RuntimeError"
    assert [r.run_after for r in taskqueue.runs_waiting(reminders_send)] == [
        london(2024, 3, 21, 7, 0)
    ]


def test_a_billing_run_queued_by_the_command_is_made_by_an_rq_worker(rq_tasks, world, time_machine):
    from django.core.management import call_command

    from sendresolve.billing.models import Invoice
    from sendresolve.billing.tests.helpers import mediation, terms

    time_machine.move_to(london(2024, 12, 10, 9), tick=False)
    terms(world)
    mediation(world, opened_on=dt.date(2024, 11, 4))
    out = io.StringIO()
    call_command(
        "billing_run",
        "--provider",
        "alpha-mediation",
        "--la",
        "302",
        "--month",
        "2024-11",
        "--queue",
        stdout=out,
    )
    assert out.getvalue() == "Billing run for Barnet, November 2024 queued.\n"
    assert not Invoice.objects.exists()

    assert rq_tasks.work()

    invoice = Invoice.objects.get()
    assert (invoice.state, invoice.lines.count()) == ("draft", 1)
