"""Webhook deliveries on the Redis task queue (issue 25): the same delivery task, queued after
the step commits, run by a real RQ worker against this machine's Redis, retried with its backoff
through RQ's scheduled-job registry, to a real receiver on 127.0.0.1."""

import pytest
from standardwebhooks.webhooks import Webhook

from sendresolve.cases.tests.factories import open_case
from sendresolve.core.tests.rq import rq_tasks  # noqa: F401 - the fixture
from sendresolve.webhooks import services
from sendresolve.webhooks.models import Delivery
from sendresolve.webhooks.sending import BACKOFF

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_receiver_down_twice_gets_the_event_on_the_third_try_through_rq_workers(
    rq_tasks,  # noqa: F811 - the fixture
    world,
    manager,
    receiver,
    clock_at,
):
    receiver.answers = [500, 500, 200]
    endpoint, secret = services.endpoint_create(
        actor=manager,
        owner=f"provider:{world.provider.pk}",
        url=receiver.url,
        event_types=["case.opened"],
    )
    case = open_case(world)
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    assert rq_tasks.keys("rq:job:*"), "the delivery waits on Redis, not in the database"

    assert rq_tasks.work()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.RETRYING, 1)
    # The retry waits in RQ's scheduled registry: a worker started before then sends nothing.
    assert not rq_tasks.work()
    assert len(receiver.received) == 1

    clock_at.shift(BACKOFF[0])
    assert rq_tasks.work()
    clock_at.shift(BACKOFF[1])
    assert rq_tasks.work()

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.DELIVERED, 3)
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.message_id}
    payload = Webhook(secret).verify(receiver.received[2].body, receiver.received[2].headers)
    assert payload["data"]["case"]["reference"] == case.reference
