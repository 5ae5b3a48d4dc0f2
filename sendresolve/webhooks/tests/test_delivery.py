"""Deliveries to a real receiver on 127.0.0.1: signed, retried with backoff, and scoped.

These tests commit for real (the recorder's after-commit signal queues the deliveries, and the
database task worker sends them), as production does.
"""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from sendresolve.cases import services as case_services
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.reminders.tests.factories import add_deadline
from sendresolve.webhooks import services
from sendresolve.webhooks.models import Delivery, Endpoint
from sendresolve.webhooks.sending import BACKOFF
from sendresolve.webhooks.tasks import delivery_send
from sendresolve.webhooks.tests.conftest import START

pytestmark = pytest.mark.django_db(transaction=True)

ALL_EVENTS = ["case.opened", "case.status_changed", "certificate.issued"]


def register(actor, owner, url, events=ALL_EVENTS):
    endpoint, secret = services.endpoint_create(
        actor=actor, owner=owner, url=url, event_types=events
    )
    assert secret is not None and secret.startswith("whsec_")
    return endpoint, secret


def verified(secret, received):
    return Webhook(secret).verify(received.body, received.headers)


def other_las_case(world, **extra):
    """A case of the other provider's, in the other LA (Southend-on-Sea)."""
    return case_services.case_open(
        actor=world.users["other_provider"],
        provider=world.other_provider,
        local_authority=world.other_local_authority,
        issues=[IssueInput(subject="refusal_to_assess")],
        opened_on=dt.date(2024, 3, 5),
        decision_letter_date=dt.date(2024, 3, 1),
        requester="parent",
        requester_name="Jo Other",
        email="jo@example.test",
        decision_description="Decision",
        **extra,
    )


def test_a_delivery_is_signed_with_the_receivers_secret(
    world, manager, receiver, clock_at, run_worker
):
    endpoint, secret = register(manager, f"provider:{world.provider.pk}", receiver.url)
    case = open_case(world)
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    assert delivery.event_type == "case.opened"
    assert DBTaskResult.objects.filter(task_path=delivery_send.module_path).count() == 1

    run_worker()

    [received] = receiver.received
    payload = verified(secret, received)
    assert payload["type"] == "case.opened"
    assert payload["data"]["case"]["reference"] == case.reference
    assert payload["data"]["case"]["local_authority"] == "302"
    assert received.headers["webhook-id"] == delivery.message_id
    # Another secret does not verify it, nor does an altered body.
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(received.body, received.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(received.body.replace(b"302", b"882"), received.headers)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED
    [attempt] = delivery.attempt_log.all()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")


def test_a_receiver_down_for_two_attempts_gets_the_event_on_the_third(
    world, manager, receiver, clock_at, run_worker
):
    receiver.answers = [500, 500, 200]
    endpoint, secret = register(manager, f"provider:{world.provider.pk}", receiver.url)
    open_case(world)
    [delivery] = Delivery.objects.filter(endpoint=endpoint)

    run_worker()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.RETRYING, 1)
    assert delivery.next_attempt_at == START + BACKOFF[0]
    # Not before the backoff: a worker started now sends nothing.
    run_worker()
    assert len(receiver.received) == 1

    clock_at.shift(BACKOFF[0])
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.RETRYING, 2)
    clock_at.shift(BACKOFF[1] - dt.timedelta(seconds=1))
    run_worker()
    assert len(receiver.received) == 2
    clock_at.shift(dt.timedelta(seconds=1))
    run_worker()

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.DELIVERED, 3)
    assert len(receiver.received) == 3
    # The same message each time (one webhook-id), and the third verifies.
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.message_id}
    assert verified(secret, receiver.received[2])["type"] == "case.opened"
    attempts = list(delivery.attempt_log.values_list("number", "status_code", "error"))
    assert attempts == [(1, 500, "HTTP 500"), (2, 500, "HTTP 500"), (3, 200, "")]
    results = DBTaskResult.objects.filter(task_path=delivery_send.module_path)
    assert sorted(results.values_list("status", flat=True)) == [TaskResultStatus.SUCCESSFUL] * 3


def test_a_delivery_gives_up_after_the_last_attempt(world, manager, receiver, clock_at):
    receiver.answers = [503]
    endpoint, _ = register(manager, f"provider:{world.provider.pk}", receiver.url)
    open_case(world)
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    for _ in range(len(BACKOFF) + 1):
        delivery_send.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.FAILED, len(BACKOFF) + 1)
    assert delivery_send.call(delivery.pk) == "nothing to send"
    assert len(receiver.received) == len(BACKOFF) + 1


def test_an_las_endpoint_gets_only_its_own_cases_and_nothing_confidential(
    world, receiver, other_receiver, clock_at, run_worker
):
    barnet, barnet_secret = register(
        world.users["la_officer"], f"local_authority:{world.local_authority.pk}", receiver.url
    )
    southend, _ = register(
        world.users["other_la"],
        f"local_authority:{world.other_local_authority.pk}",
        other_receiver.url,
    )
    adviser = world.users["provider_staff"]
    case = open_case(world, child_name="Sam Secretchild", requester_name="Alex Secretparent")
    case_services.note_add(actor=adviser, case=case, text="CONFIDENTIAL mediation remark")
    # An enquiry is between the family and the provider: the LA is not told yet.
    assert not Delivery.objects.exists()
    case_services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    assert not Delivery.objects.exists()
    case_services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    # Another LA's case, at the same stage, goes to the other LA only.
    other_adviser = world.users["other_provider"]
    theirs = other_las_case(world, child_name="Robin Other")
    case_services.advice_give(actor=other_adviser, case=theirs, on=dt.date(2024, 3, 6))
    case_services.mediation_request(actor=other_adviser, case=theirs, on=dt.date(2024, 3, 7))

    run_worker()

    [theirs_received] = other_receiver.received
    assert json.loads(theirs_received.body)["data"]["case"]["reference"] == theirs.reference
    assert case.reference not in theirs_received.body.decode()
    assert set(Delivery.objects.filter(endpoint=southend).values_list("case", flat=True)) == {
        theirs.pk
    }
    [received] = receiver.received
    assert theirs.reference not in received.body.decode()
    payload = verified(barnet_secret, received)
    assert payload["type"] == "case.status_changed"
    assert payload["data"]["case"]["reference"] == case.reference
    assert payload["data"]["event"]["to_status"] == "mediation_requested"
    text = received.body.decode()
    for secret_text in ("Secretchild", "Secretparent", "CONFIDENTIAL", "alex@example.test"):
        assert secret_text not in text
    assert set(payload["data"]["case"]) == {
        "reference",
        "kind",
        "status",
        "local_authority",
        "provider",
        "opened_on",
        "closed_on",
    }


def test_a_replay_sends_the_same_message_again_once(world, manager, receiver, clock_at, run_worker):
    endpoint, secret = register(manager, f"provider:{world.provider.pk}", receiver.url)
    open_case(world)
    run_worker()
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    replay, new = services.delivery_replay(actor=manager, delivery=delivery)
    again, second = services.delivery_replay(actor=manager, delivery=delivery)
    assert (new, second, again.pk) == (True, False, replay.pk)
    run_worker()
    assert len(receiver.received) == 2
    assert receiver.received[1].headers["webhook-id"] == delivery.message_id
    assert verified(secret, receiver.received[1]) == json.loads(receiver.received[0].body)


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(
    world, manager, receiver, clock_at, run_worker
):
    endpoint, old = register(manager, f"provider:{world.provider.pk}", receiver.url)
    new = services.endpoint_rotate(actor=manager, endpoint=endpoint)
    open_case(world)
    run_worker()
    [received] = receiver.received
    assert verified(old, received) and verified(new, received)
    clock_at.shift(dt.timedelta(hours=25))
    delivery = Delivery.objects.get(endpoint=endpoint)
    services.delivery_replay(actor=manager, delivery=delivery)
    run_worker()
    latest = receiver.received[-1]
    assert verified(new, latest)
    with pytest.raises(WebhookVerificationError):
        verified(old, latest)


def test_deadline_webhooks_are_queued_by_the_daily_job_once(world, manager, receiver, clock_at):
    endpoint, _ = register(
        manager,
        f"provider:{world.provider.pk}",
        receiver.url,
        events=["deadline.due_soon", "deadline.missed", "tribunal_step.due"],
    )
    case = open_case(world, opened_on=dt.date(2024, 3, 5))
    today = dt.date(2024, 3, 20)
    soon = add_deadline(case, responsible="provider", due_on=today + dt.timedelta(days=5))
    missed = add_deadline(case, responsible="local_authority", due_on=today - dt.timedelta(days=1))
    order = add_deadline(case, responsible="local_authority", due_on=today, key="order:1")
    order.rule_id = "ORD-05"
    order.save()
    add_deadline(case, responsible="provider", due_on=today + dt.timedelta(days=6))  # not yet
    add_deadline(case, responsible="family", due_on=today)  # the family's own: never sent
    Delivery.objects.all().delete()  # the case's opening is not what this test is about

    assert services.deadline_deliveries_queue(today=today) == 4
    assert services.deadline_deliveries_queue(today=today) == 0  # a rerun queues nothing
    queued = {
        (d.event_type, d.payload["data"]["deadline"]["due_on"])
        for d in Delivery.objects.filter(endpoint=endpoint)
    }
    assert queued == {
        ("deadline.due_soon", soon.due_on.isoformat()),
        ("deadline.missed", missed.due_on.isoformat()),
        ("deadline.due_soon", today.isoformat()),
        ("tribunal_step.due", today.isoformat()),
    }
    for delivery in Delivery.objects.filter(endpoint=endpoint):
        assert set(delivery.payload["data"]) == {"case", "deadline"}
    # A new due date is a new occurrence.
    soon.due_on = today + dt.timedelta(days=4)
    soon.save()
    assert services.deadline_deliveries_queue(today=today) == 1


def test_an_endpoint_turned_private_is_refused_at_sending(
    world, manager, receiver, clock_at, settings
):
    endpoint, _ = register(manager, f"provider:{world.provider.pk}", receiver.url)
    open_case(world)
    settings.SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK = False
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    delivery_send.call(delivery.pk)
    assert receiver.received == []
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code is None and "public internet" in attempt.error
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_a_delivery_whose_task_was_lost_is_queued_again(world, manager, receiver, clock_at):
    endpoint, _ = register(manager, f"provider:{world.provider.pk}", receiver.url)
    open_case(world)
    DBTaskResult.objects.all().delete()  # the queue lost it
    assert services.deliveries_requeue_stale() == 0  # not late yet
    clock_at.shift(dt.timedelta(hours=2))
    out = io.StringIO()
    call_command("requeue_webhooks", stdout=out)
    assert "Queued 1 webhook deliveries again." in out.getvalue()
    [task] = DBTaskResult.objects.filter(task_path=delivery_send.module_path)
    assert task.args_kwargs["args"] == [Delivery.objects.get(endpoint=endpoint).pk]


def test_an_icbs_endpoint_gets_only_the_cases_its_commissioners_see(
    world, receiver, clock_at, run_worker
):
    """A health body's endpoint is sent what its commissioners may see (cases.privacy
    ``health_visible``): a case in an LA it covers with health care in issue, once mediation is
    asked for; not a case without health care in issue, nor one in an LA it does not cover,
    and never the child's or family's names or a confidential note."""
    icb = world.commissioning_body
    endpoint, secret = register(
        world.users["icb_officer"], f"commissioning_body:{icb.pk}", receiver.url
    )
    adviser = world.users["provider_staff"]

    def to_mediation(case, actor=adviser):
        case_services.advice_give(actor=actor, case=case, on=dt.date(2024, 3, 6))
        case_services.mediation_request(actor=actor, case=case, on=dt.date(2024, 3, 7))

    health = open_case(
        world, health_care_in_issue=True, child_name="Sam Secretchild", requester_name="Alex P"
    )
    case_services.note_add(actor=adviser, case=health, text="CONFIDENTIAL mediation remark")
    to_mediation(health)
    education_only = open_case(world, child_name="Robin Educationonly")
    to_mediation(education_only)
    # Southend: another LA, in another ICB's area.
    elsewhere = other_las_case(world, child_name="Jo Elsewhere", health_care_in_issue=True)
    to_mediation(elsewhere, actor=world.users["other_provider"])

    run_worker()

    assert set(Delivery.objects.filter(endpoint=endpoint).values_list("case", flat=True)) == {
        health.pk
    }
    assert receiver.received, "the health case's events were delivered"
    for received in receiver.received:
        payload = verified(secret, received)
        assert payload["data"]["case"]["reference"] == health.reference
        text = received.body.decode()
        for secret_text in ("Secretchild", "Alex P", "CONFIDENTIAL", "alex@example.test"):
            assert secret_text not in text
        assert education_only.reference not in text and elsewhere.reference not in text
