"""No personal data in the logs: a realistic casework flow with every logger at DEBUG.

Cases hold special-category data about disabled children; logs go to places (consoles, log
shippers, support tickets) with none of the database's protection, so they name ids only.
"""

import datetime as dt
import logging
from unittest import mock

import pytest
from django.db import connection
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.models import Channel, Status
from sendresolve.notifications.services import message_send, messages_deliver_queued
from sendresolve.reminders.services import reminders_send

pytestmark = pytest.mark.django_db

CHILD = "Marigold Quennell-Ashworth"
REQUESTER = "Peregrine Quennell-Ashworth"
EMAIL = "peregrine.qa@example.test"
PHONE = "07700 900461"
PERSONAL = [CHILD, REQUESTER, EMAIL, PHONE, PHONE.replace(" ", ""), "Quennell", "Marigold"]


def everything_logged(record: logging.LogRecord) -> str:
    """A record as any handler could see it: message, raw arguments and traceback."""
    parts = [str(record.msg), repr(record.args), record.getMessage()]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


class LeakyError(Exception):
    """A delivery error quoting the recipient, as some client libraries' errors do."""


class LeakyBackend:
    name = "leaky"

    def deliver(self, message):
        raise LeakyError(f"could not send to {message.to}: {message.personalisation}")


def test_a_case_from_first_contact_to_reminders_logs_no_personal_data(
    world, client, caplog, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(dt.datetime(2024, 3, 7, 10, tzinfo=LONDON), tick=False)
    caplog.set_level(logging.DEBUG)
    # Django's own loggers too (they stay at INFO by default), SQL included.
    caplog.set_level(logging.DEBUG, logger="django")
    connection.force_debug_cursor = True
    adviser = world.users["provider_staff"]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = open_case(
                world,
                child_name=CHILD,
                requester_name=REQUESTER,
                email=EMAIL,
                phone=PHONE,
                preferred_channel="sms",
            )
            services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 5))
            services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 5))
            services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 6))
            # An email beside the text messages the case's preference sends.
            message_send(
                template="case_opened",
                to=EMAIL,
                channel=Channel.EMAIL,
                personalisation={
                    "name": REQUESTER,
                    "case_reference": case.reference,
                    "provider_name": case.provider.name,
                    "provider_phone": "020 7946 0000",
                },
                reference=case.reference,
            )
        # A recipient of the wrong shape: a validation error, nothing recorded.
        with pytest.raises(ValidationError):
            message_send(
                template="case_opened",
                to=f"{REQUESTER} <{EMAIL}",
                channel=Channel.EMAIL,
                personalisation={},
            )

        # The family asks for a new status link, then mistypes their address (a 400 page).
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(
                "/your-case/new-link/", {"reference": case.reference, "contact": EMAIL}
            )
        assert sent.status_code == 302
        bad = client.post(
            "/your-case/new-link/", {"reference": f"{CHILD} {PHONE}", "contact": EMAIL}
        )
        assert bad.status_code == 400

        # Staff mistype a new case on the page and through the API.
        client.force_login(adviser)
        page = client.post(
            "/staff/cases/new/",
            {
                "child_name": CHILD,
                "requester_name": REQUESTER,
                "email": f"{EMAIL}@",
                "phone": PHONE,
            },
        )
        assert page.status_code in (200, 400)
        _, token = api_token_create(actor=None, user=adviser, name="log test")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        problem = api.post(
            "/api/v1/cases",
            {
                "local_authority": "302",
                "child_name": CHILD,
                "requester": "parent",
                "requester_name": REQUESTER,
                "email": f"not-an-email {EMAIL}",
                "phone": PHONE,
                "issues": [{"subject": "refusal_to_assess"}],
            },
            format="json",
        )
        assert problem.status_code == 400

        # The daily reminders, when the family's appeal deadline is close.
        appeal = CaseDeadline.objects.filter(case=case, responsible="family").first()
        assert appeal is not None
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(today=appeal.due_on - dt.timedelta(days=2))

        # A delivery failing with an error that quotes the recipient and the personalisation.
        queued = message_send(
            template="case_opened",
            to=EMAIL,
            channel=Channel.EMAIL,
            personalisation={
                "name": REQUESTER,
                "case_reference": case.reference,
                "provider_name": case.provider.name,
                "provider_phone": PHONE,
            },
        )
        with mock.patch(
            "sendresolve.notifications.services.backend_get", return_value=LeakyBackend()
        ):
            result = messages_deliver_queued()
        assert result.tried >= 1
        queued.refresh_from_db()
        assert queued.status == Status.QUEUED
    finally:
        connection.force_debug_cursor = False

    logged = [(record.name, everything_logged(record)) for record in caplog.records]
    names = {name for name, _ in logged}
    # The flow was logged (so the test is looking at something) ...
    assert {"sendresolve.notifications.services", "sendresolve.reminders.services"} <= names
    assert "django.request" in names  # the 400s
    assert any("not delivered: LeakyError" in text for _, text in logged)
    # ... and nothing logged names the family, their contact details or the child.
    leaks = [
        (name, value, text)
        for name, text in logged
        for value in PERSONAL
        if value.lower() in text.lower()
    ]
    assert leaks == []
