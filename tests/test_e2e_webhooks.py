"""Webhooks in headless Chromium (issue 25): Barnet's officer adds an endpoint (a mistake first,
shown in the error summary), copies the secret shown once, a case step sends a signed message to a
real receiver, and the officer opens the delivery log and sends it again. Every page axe-clean."""

import datetime as dt

import pytest
from standardwebhooks.webhooks import Webhook

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.webhooks.models import Delivery, Endpoint
from sendresolve.webhooks.tasks import delivery_send
from sendresolve.webhooks.tests.receiver import Receiver
from tests.browser import assert_error_summary_focused, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def clean(page, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert not violations, f"{name} at {width}px: {describe(violations)}"


def test_an_la_officer_adds_an_endpoint_and_replays_a_delivery(world, live_server, page):
    receiver = Receiver().start()
    try:
        base = live_server.url
        sign_in(page, base, world.users["la_officer"].username)
        page.click("a:has-text('Webhooks')")
        page.wait_for_selector("h1:has-text('Webhooks')")
        clean(page, "list")
        page.click("a:has-text('Add an endpoint')")
        page.fill("#id_url", "http://203.0.113.9/hooks")
        page.check("input[name=event_types][value='case.status_changed']")
        page.click("button:has-text('Add endpoint')")
        assert_error_summary_focused(page)
        assert "must start with https://" in page.inner_text(".govuk-error-summary")
        clean(page, "form-with-error")
        page.fill("#id_url", receiver.url)
        page.click("button:has-text('Add endpoint')")
        page.wait_for_selector("[data-webhook-secret]")
        secret = page.inner_text("[data-webhook-secret] code").strip()
        assert secret.startswith("whsec_")
        clean(page, "endpoint-with-secret")

        adviser = world.users["provider_staff"]
        today = clock.today()
        case = open_case(world, opened_on=today - dt.timedelta(days=3))
        services.advice_give(actor=adviser, case=case, on=today - dt.timedelta(days=2))
        services.mediation_request(actor=adviser, case=case, on=today - dt.timedelta(days=1))
        delivery = Delivery.objects.get(endpoint=Endpoint.objects.get())
        delivery_send.call(delivery.pk)  # what the task worker does
        [received] = receiver.received
        assert (
            Webhook(secret).verify(received.body, received.headers)["data"]["case"]["reference"]
            == case.reference
        )

        page.reload()
        page.click(f"[data-webhook-delivery='{delivery.pk}'] a")
        page.wait_for_selector("[data-webhook-attempt='1']")
        clean(page, "delivery")
        page.click("button:has-text('Send again')")
        page.wait_for_selector("text=Delivery queued to be sent again")
        clean(page, "replayed")
        assert Delivery.objects.filter(replay_of=delivery).count() == 1
    finally:
        receiver.stop()
