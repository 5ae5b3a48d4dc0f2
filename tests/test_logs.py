"""No personal data in the logs: a realistic casework flow with every logger at DEBUG.

Cases hold special-category data about disabled children; logs go to places (consoles, log
shippers, support tickets) with none of the database's protection, so they name ids only.
"""

import datetime as dt
import io
import logging
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline, Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.models import Channel, Status
from sendresolve.notifications.services import message_send, messages_deliver_queued
from sendresolve.public.family import status_views
from sendresolve.public.family.links import token_for
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
    parts.append(record.exc_text or "")
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


# The family-URL sweep: every pattern of the public app, with real and made-up values.
BORN = dt.date(2015, 3, 4)
BIRTH_DATES = [BORN.isoformat(), f"{BORN:%d/%m/%Y}", "4 March 2015", "04-03-2015"]


def public_patterns(patterns=None, prefix=""):
    """(name, converters) of every URL pattern in the ``public`` namespace."""
    if patterns is None:
        (public,) = [
            entry
            for entry in get_resolver().url_patterns
            if isinstance(entry, URLResolver) and entry.namespace == "public"
        ]
        return public_patterns(public.url_patterns)
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            # An included list (the family's documents) takes its prefix's parameters too.
            outer = set(entry.pattern.converters)
            found += [(n, outer | inner) for n, inner in public_patterns(entry.url_patterns)]
        elif isinstance(entry, URLPattern):
            found.append((entry.name, set(entry.pattern.converters)))
    return found


def family_paths(values):
    """Every public URL, once for each combination of the given values of its parameters.

    A parameter with no values here (a new family URL) fails the test: say how to fill it.
    """
    paths = set()
    for name, parameters in public_patterns():
        combinations = [{}]
        for parameter in sorted(parameters):
            combinations = [
                {**combination, parameter: value}
                for combination in combinations
                for value in values[parameter]
            ]
        made = set()
        for combination in combinations:
            try:  # a value another pattern's converter takes (an agreement's number)
                made.add(reverse(f"public:{name}", kwargs=combination))
            except NoReverseMatch:
                continue
        assert made, f"public:{name}: no value given fits its parameters"
        paths |= made
    return sorted(paths)


class Everything(logging.Formatter):
    """The console's records with everything a formatter could reach: the request too."""

    def format(self, record):
        request = getattr(record, "request", None)
        extra = ""
        if request is not None:
            extra = f" {request!r} {getattr(request, 'META', '')!r}"
        return super().format(record) + extra


def test_no_family_url_logs_a_token_or_personal_data(
    world, caplog, django_capture_on_commit_callbacks, time_machine, monkeypatch
):
    time_machine.move_to(dt.datetime(2024, 3, 7, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(
            world,
            child_name=CHILD,
            requester_name=REQUESTER,
            email=EMAIL,
            phone=PHONE,
            child_date_of_birth=BORN,
        )
        services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 5))
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 5))
        services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    certificate = Certificate.objects.get(case=case)
    expired = token_for(case)
    time_machine.move_to(dt.datetime(2024, 3, 30, 10, tzinfo=LONDON), tick=False)
    real = token_for(case)
    made_up = "eyJyIjoiU1ItWjlaOS1aOVo5In0:1rMadeUp:NotARealSignatureAtAll0000000000000"
    tokens = [real, expired, made_up]
    values = {
        "token": tokens,
        "number": [certificate.number, "MC-2024-ZZZZZZ", f"{case.reference}-A1"],
        "step": ["council", "not-a-step"],
        "dfe_code": [world.local_authority.dfe_code, "999"],
        "slug": [world.provider.slug, "no-such-provider"],
        "document_id": ["999"],
    }
    paths = family_paths(values)
    assert any(real in path and certificate.number in path for path in paths)

    console = next(h for h in logging.getLogger().handlers if h.name == "console")
    printed = io.StringIO()
    # Swapped by hand: setStream() flushes the old stream, which an earlier test's captured
    # stderr may have closed by now.
    old_stream, old_formatter = console.stream, console.formatter
    console.stream = printed
    console.setFormatter(Everything("%(levelname)s %(name)s %(message)s"))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")

    def failing(case):
        """A page failing with the family's details in the exception's message: a 500."""
        raise ValueError(f"cannot describe {case.email} {case.child_name} {BORN}")

    statuses = set()
    try:
        family = Client()
        strict = Client(enforce_csrf_checks=True)
        for path in paths:
            for response in (
                family.get(path),  # 200, or 404 / 410 for a made-up or expired token
                family.get(path + "no-such-page/"),  # 404 from the resolver
                family.post(path, {"email": EMAIL}),  # 405 on pages that only show
                strict.post(path, {"email": EMAIL}),  # 403: no CSRF token
                family.get(path, HTTP_HOST="elsewhere.example"),  # 400: not our host
            ):
                statuses.add(response.status_code)
        monkeypatch.setattr(status_views, "status_sentence", failing)
        failing_client = Client(raise_request_exception=False)
        broken = failing_client.get(reverse("public:family-status", kwargs={"token": real}))
        statuses.add(broken.status_code)
    finally:
        console.stream = old_stream
        console.setFormatter(old_formatter)

    assert {200, 400, 403, 404, 405, 410, 500} <= statuses
    records = [(record.name, everything_logged(record)) for record in caplog.records]
    names = {name for name, _ in records}
    assert {"django.request", "django.security.csrf", "django.security.DisallowedHost"} <= names
    texts = [text for _, text in records] + [printed.getvalue()]
    # The paths were logged (so the test is looking at something), with the token redacted ...
    assert "Not Found: /your-case/[redacted]/certificates/MC-2024-ZZZZZZ.pdf" in printed.getvalue()
    assert "Gone: /your-case/[redacted]/" in printed.getvalue()
    assert "Forbidden (CSRF cookie not set.): /your-case/[redacted]/" in printed.getvalue()
    assert "'/your-case/[redacted]/'" in printed.getvalue()  # the request, as formatters see it
    assert "ValueError: [message withheld]" in printed.getvalue()  # the 500's traceback
    # ... and no token, contact detail, name or date of birth anywhere.
    secrets = [*tokens, EMAIL, CHILD, REQUESTER, "Quennell", "Marigold", *BIRTH_DATES]
    leaks = [(secret, text) for text in texts for secret in secrets if secret in text]
    assert leaks == []
