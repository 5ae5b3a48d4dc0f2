"""The webhook API: register, read, rotate, list deliveries, replay, delete; scoped; problems."""

import pytest
from standardwebhooks.webhooks import Webhook

from sendresolve.cases.tests.factories import open_case
from sendresolve.webhooks import services
from sendresolve.webhooks.models import Delivery, Endpoint
from sendresolve.webhooks.tasks import delivery_send

pytestmark = pytest.mark.django_db

BASE = "/api/v1/webhooks/endpoints"


def test_an_la_officer_registers_reads_and_deletes_an_endpoint(api, world):
    client = api("la_officer")
    body = {"url": "http://127.0.0.1:9/hooks", "event_types": ["case.status_changed"]}
    created = client.post(BASE, body, format="json")
    assert created.status_code == 201
    data = created.json()
    assert data["secret"].startswith("whsec_")
    assert data["owner"] == {"kind": "local_authority", "code": "302", "name": "Barnet"}
    # The same body again is a repeat: the first endpoint, no secret.
    again = client.post(BASE, body, format="json")
    assert again.status_code == 200 and again.json()["secret"] is None
    assert again.json()["id"] == data["id"]
    assert Endpoint.objects.count() == 1
    one = client.get(f"{BASE}/{data['id']}")
    assert one.status_code == 200 and "secret" not in one.json()
    assert [e["id"] for e in client.get(BASE).json()["results"]] == [data["id"]]
    # Another LA sees none of it.
    other = api("other_la")
    assert other.get(BASE).json()["results"] == []
    assert other.get(f"{BASE}/{data['id']}").status_code == 404
    assert other.delete(f"{BASE}/{data['id']}").status_code == 404
    assert client.delete(f"{BASE}/{data['id']}").status_code == 204
    assert not Endpoint.objects.exists()


def test_bad_bodies_are_problems(api, world):
    client = api("administrator")
    barnet = {"owner_kind": "local_authority", "owner_code": "302"}
    for body, field in [
        ({**barnet, "url": "https://10.0.0.1/x", "event_types": ["case.opened"]}, "url"),
        ({**barnet, "url": "http://8.8.8.8/x", "event_types": ["case.opened"]}, "url"),
        ({**barnet, "url": "https://8.8.8.8/x", "event_types": []}, "event_types"),
        ({**barnet, "url": "https://8.8.8.8/x", "event_types": ["nope"]}, "event_types.0"),
        (
            {**barnet, "url": "https://8.8.8.8/x", "event_types": ["case.opened"], "colour": 1},
            "colour",
        ),
        # An administrator manages every organisation: they must say which.
        ({"url": "https://8.8.8.8/x", "event_types": ["case.opened"]}, "owner_kind"),
        (
            {
                "url": "https://8.8.8.8/x",
                "event_types": ["case.opened"],
                "owner_kind": "local_authority",
                "owner_code": "999",
            },
            "owner_code",
        ),
    ]:
        response = client.post(BASE, body, format="json")
        assert response.status_code == 400, body
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"], (body, response.json())
    assert not Endpoint.objects.exists()
    response = client.post(
        BASE,
        {
            "url": "https://8.8.8.8/x",
            "event_types": ["case.opened"],
            "owner_kind": "provider",
            "owner_code": "beta-mediation",
        },
        format="json",
    )
    assert response.status_code == 201
    assert Endpoint.objects.get().provider == world.other_provider


def test_rotation_deliveries_and_replay(api, world, role_personas, manager):
    endpoint, _ = services.endpoint_create(
        actor=manager,
        owner=f"provider:{world.provider.pk}",
        url="http://127.0.0.1:9/hooks",
        event_types=["case.opened"],
    )
    services.case_event_deliveries_queue(event_id=open_case(world).events.get().pk)
    delivery = Delivery.objects.get()
    delivery_send.call(delivery.pk)
    client = api("administrator")
    rotated = client.post(f"{BASE}/{endpoint.pk}/secret-rotation")
    assert rotated.status_code == 200
    Webhook(rotated.json()["secret"])  # a usable Standard Webhooks secret
    log = client.get(f"{BASE}/{endpoint.pk}/deliveries").json()["results"]
    assert [d["id"] for d in log] == [delivery.pk]
    assert log[0]["attempt_log"][0]["error"] == "Could not connect"
    assert log[0]["payload"]["type"] == "case.opened"
    url = f"{BASE}/{endpoint.pk}/deliveries/{delivery.pk}/replay"
    first = client.post(url)
    second = client.post(url)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["message_id"] == delivery.message_id
    assert Delivery.objects.filter(replay_of=delivery).count() == 1
    # Provider staff who are not managers, and other organisations, find nothing.
    for persona in ("adviser", "colleague", "la_officer", "other_provider"):
        assert api(persona).post(url).status_code == 404, persona
