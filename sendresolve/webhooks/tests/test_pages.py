"""The staff webhook pages: who manages what, the secret shown once, the log, replay, delete."""

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.tests.factories import open_case
from sendresolve.webhooks import services
from sendresolve.webhooks.models import Delivery, Endpoint
from sendresolve.webhooks.tasks import delivery_send

pytestmark = pytest.mark.django_db

EVENTS = ["case.opened", "case.status_changed"]


def form(url="http://127.0.0.1:9/hooks", **extra):
    return {"url": url, "event_types": EVENTS, "description": "Our CMS", **extra}


def test_an_la_officer_registers_an_endpoint_and_sees_the_secret_once(as_persona, world):
    client = as_persona("la_officer")
    page = client.get("/staff/webhooks/new/").content.decode()
    assert "For <strong>Barnet</strong>" in page
    response = client.post(
        "/staff/webhooks/new/", form(owner=f"local_authority:{world.local_authority.pk}")
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/webhooks/{endpoint.pk}/"
    assert endpoint.local_authority == world.local_authority
    assert endpoint.event_types == sorted(EVENTS)
    first = client.get(response["Location"]).content.decode()
    assert "data-webhook-secret" in first and "whsec_" in first
    # Only sealed in the database, and not shown again.
    assert "whsec_" not in endpoint.secret_sealed
    again = client.get(response["Location"]).content.decode()
    assert "whsec_" not in again
    assert AuditEvent.objects.filter(action="webhook.endpoint.create").count() == 1
    # The list shows it; the navigation links it.
    listing = client.get("/staff/webhooks/").content.decode()
    assert "http://127.0.0.1:9/hooks" in listing and ">Webhooks<" in listing


def test_a_double_submission_registers_once(as_persona, world):
    client = as_persona("la_officer")
    data = form(owner=f"local_authority:{world.local_authority.pk}")
    first = client.post("/staff/webhooks/new/", data)
    second = client.post("/staff/webhooks/new/", data)
    assert Endpoint.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_mistakes_are_shown_in_an_error_summary(as_persona, world):
    client = as_persona("la_officer")
    owner = f"local_authority:{world.local_authority.pk}"
    cases = [
        (form(owner=owner, url="https://10.1.2.3/hooks"), "public internet"),
        (form(owner=owner, url="http://203.0.113.5/hooks"), "must start with https://"),
        ({"owner": owner, "url": "https://8.8.8.8/hooks"}, "Choose at least one event"),
        (
            form(owner=f"local_authority:{world.other_local_authority.pk}"),
            "organisation you manage",
        ),
        (form(owner=owner, event_types=["case.deleted"]), "Choose events from the list"),
    ]
    for data, message in cases:
        response = client.post("/staff/webhooks/new/", data)
        page = response.content.decode()
        assert response.status_code == 400, message
        assert "govuk-error-summary" in page and message in page, message
    assert not Endpoint.objects.exists()


def test_another_organisations_endpoint_is_not_found(as_persona, world):
    endpoint, _ = services.endpoint_create(
        actor=world.users["la_officer"],
        owner=f"local_authority:{world.local_authority.pk}",
        url="http://127.0.0.1:9/hooks",
        event_types=EVENTS,
    )
    base = f"/staff/webhooks/{endpoint.pk}/"
    for persona in ("other_la", "icb_officer", "provider_staff", "other_provider"):
        client = as_persona(persona)
        assert client.get(base).status_code == 404, persona
        assert client.post(base + "rotate/").status_code == 404, persona
        assert client.post(base + "delete/").status_code == 404, persona
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()
    assert as_persona("administrator").get(base).status_code == 200


def test_the_log_shows_attempts_and_a_replay_sends_once(as_persona, world, manager):
    endpoint, _ = services.endpoint_create(
        actor=manager,
        owner=f"provider:{world.provider.pk}",
        url="http://127.0.0.1:9/hooks",  # nothing listens on the discard port
        event_types=EVENTS,
    )
    services.case_event_deliveries_queue(event_id=open_case(world).events.get().pk)
    delivery = Delivery.objects.get()
    delivery_send.call(delivery.pk)
    client = as_persona("administrator")
    page = client.get(f"/staff/webhooks/{endpoint.pk}/").content.decode()
    assert f'data-webhook-delivery="{delivery.pk}"' in page and "Failed, will retry" in page
    detail = client.get(f"/staff/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/")
    text = detail.content.decode()
    assert 'data-webhook-attempt="1"' in text and "Could not connect" in text
    assert "Sam Example" not in text  # the payload holds no names
    replay_url = f"/staff/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/replay/"
    first = client.post(replay_url)
    second = client.post(replay_url)
    assert first.status_code == second.status_code == 302
    replays = Delivery.objects.filter(replay_of=delivery)
    assert replays.count() == 1
    assert first["Location"] == second["Location"]
    assert replays.get().message_id == delivery.message_id


def test_rotating_and_deleting(as_persona, world):
    client = as_persona("icb_officer")
    owner = f"commissioning_body:{world.commissioning_body.pk}"
    client.post("/staff/webhooks/new/", form(owner=owner))
    endpoint = Endpoint.objects.get()
    client.get(f"/staff/webhooks/{endpoint.pk}/")  # the secret, shown once
    sealed = endpoint.secret_sealed
    response = client.post(f"/staff/webhooks/{endpoint.pk}/rotate/")
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret_sealed != sealed and endpoint.previous_secret_sealed == sealed
    assert "whsec_" in client.get(f"/staff/webhooks/{endpoint.pk}/").content.decode()
    confirm = client.get(f"/staff/webhooks/{endpoint.pk}/delete/")
    assert "You cannot undo this" in confirm.content.decode()
    assert client.post(f"/staff/webhooks/{endpoint.pk}/delete/")["Location"] == "/staff/webhooks/"
    assert not Endpoint.objects.exists()
    assert AuditEvent.objects.filter(action="webhook.endpoint.delete").count() == 1


def test_provider_staff_who_are_not_managers_have_no_webhooks(role_personas, as_persona):
    page = as_persona("adviser").get("/staff/organisations/")
    assert ">Webhooks<" not in page.content.decode()
    assert as_persona("adviser").get("/staff/webhooks/").status_code == 404
