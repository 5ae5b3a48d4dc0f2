"""Schemathesis against the OpenAPI document: no 5xx, and every answer is one the document lists.

The API runs in-process (Django's WSGI application, no server) over the test database, with two
real cases: one followed through to agreed actions (a session, a certificate, a note) and one
waiting for its meeting to be arranged. Generated paths often name them: this test's copy of the
document carries their references and ids (and valid bodies) as examples, and a hook swaps them
into generated path parameters. Each request runs in a savepoint rolled back afterwards, so every
example meets the same cases.

Checks: all of schemathesis's checks (``CHECK_NAMES``): no server error; the status code,
content type, body and headers are all documented; data the document forbids is rejected and data
it allows is not refused for its shape; an undocumented method answers 405 with ``Allow``; the
token is really checked (each operation is replayed without it and with a wrong one). Beside them,
every 4xx is an RFC 9457 problem (``problem_json``). ``use_after_free``,
``ensure_resource_availability`` and ``object_level_authorization`` are on too but find nothing
to compare: the document has no DELETE and no links, and one token per run (cross-tenant reads
are the persona tests'). Then every write operation gets a body nested thousands of levels deep
and one of 3 MB: each answered with a problem, 400 and 413, and nothing saved.
Bounded and repeatable: few examples per operation, derandomized, no example database, the clock
pinned. The figures are printed at the end, pass or fail:
``schemathesis: N operations, N requests, N server errors, N failed checks``.
"""

import copy
import datetime as dt
import re
from collections import Counter

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup, ServerError

from sendresolve.api.services import api_token_create
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from tests.figures import record as figures_record

pytestmark = pytest.mark.django_db

load_all_checks()
# Every check schemathesis has; validate_response runs them all (none is turned off below).
CHECK_NAMES = sorted(name for name in CHECKS.get_all_names())
CONFIG = {
    "checks": {
        # A schema-valid body can still break a rule no schema can say: a venue, party or
        # assignee id that does not exist in this case, a date before the case opened, a
        # meeting already cancelled. Those are 400 (or 409, 404) with the field named; what this
        # check still catches is a valid request refused for its shape (405, 406, 415, 422).
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
        },
    },
    "generation": {
        # Per operation and mode in the fuzzing phase; the examples and coverage phases add
        # their own (deterministic) cases. The whole module stays well under a minute.
        "max-examples": 10,
        "deterministic": True,
        "database": "none",
        # Our token goes on every request; random Authorization headers would only meet 401s.
        "with-security-parameters": False,
    },
}
# Repeatable: generation never feeds on answers (they carry random references and numbers).
NO_FEEDBACK = {"extra-data-sources": {"responses": False}}
# No links in the document to follow, so no stateful phase. The coverage phase (every boundary
# and wrong type of every field and method: most of the requests) runs as the adviser only; the
# same validation answers an LA officer, who gets the examples and the fuzzing.
PHASES = {
    "provider_staff": {"coverage": NO_FEEDBACK},
    "la_officer": {"coverage": {"enabled": False}},
}
for phases in PHASES.values():
    phases.update(
        stateful={"enabled": False},
        examples=NO_FEEDBACK,
        fuzzing={**NO_FEEDBACK, "error-feedback": {"enabled": False}},
    )
# Bodies the examples phase sends as they are, so the 2xx answers are checked too.
BODIES = {
    "cases_create": {
        "local_authority": "302",
        "child_name": "Sam",
        "requester": "parent",
        "requester_name": "Alex",
        "email": "alex@example.test",
        "issues": [{"subject": "refusal_to_assess"}],
    },
    "cases_actions_create": {"action": "case_assign", "assignee": "mediator@alpha.test"},
    "cases_sessions_create": {
        "starts_at": "2025-02-10T10:00:00+00:00",
        "ends_at": "2025-02-10T12:00:00+00:00",
        "mode": "online",
    },
    "cases_sessions_notice_sent": {"on": "2025-01-20"},
    "cases_sessions_rearrange": {
        "starts_at": "2025-02-10T10:00:00+00:00",
        "ends_at": "2025-02-10T12:00:00+00:00",
        "mode": "online",
        "reason": "The mediator is ill.",
    },
    "cases_sessions_cancel": {"on": "2025-01-20", "cancelled_by": "family"},
    "cases_agreed_actions_complete": {"on": "2025-01-20"},
    "cases_notes_create": {"text": "Spoke to the family."},
    "cases_certificates_create": {},
}
QUERIES = {"year": 2024, "date_from": "2024-04-01", "date_to": "2025-01-20"}

# What the run did, for the figures line: requests and 2xx answers by persona.
REQUESTS: Counter = Counter()
SUCCESSES: Counter = Counter()
OPERATIONS: set[str] = set()
FAILURES: dict[str, set[str]] = {"server errors": set(), "failed checks": set()}
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def figures(request):
    """Print the figures after the module, past pytest's capture, so CI shows them.

    Then check every persona got some 2xx answers: without the token, all would be 401s.
    """
    yield
    summary = (
        f"schemathesis: {len(OPERATIONS)} operations, {REQUESTS.total()} requests, "
        f"{len(FAILURES['server errors'])} server errors, "
        f"{len(FAILURES['failed checks'])} failed checks "
        f"({'; '.join(f'{n} as {p}, {SUCCESSES[p]} 2xx' for p, n in sorted(REQUESTS.items()))})"
    )
    failures = [f"  {kind}: {f}" for kind, found in FAILURES.items() for f in sorted(found)]
    figures_record("schemathesis", "\n".join([summary, *failures]))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(
            f"schemathesis: {len(OPERATIONS)} operations, {REQUESTS.total()} requests, "
            f"{len(FAILURES['server errors'])} server errors, "
            f"{len(FAILURES['failed checks'])} failed checks "
            f"({'; '.join(f'{n} as {p}, {SUCCESSES[p]} 2xx' for p, n in sorted(REQUESTS.items()))})"
        )
        for kind, failures in FAILURES.items():
            for failure in sorted(failures):
                reporter.write_line(f"  {kind}: {failure}")
    assert all(SUCCESSES[persona] for persona in REQUESTS), SUCCESSES


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, run inside the test's transaction as Django's test client does.

    The handler closes the database connection at the end of each request unless told not to.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def cases(world, full_case):
    """The case in follow-up, and one whose LA was told the family wants mediation."""
    adviser = world.users["provider_staff"]
    waiting = open_case(world, opened_on=dt.date(2025, 1, 6), decision_letter_date=None)
    services.advice_give(actor=adviser, case=waiting, on=dt.date(2025, 1, 7))
    services.mediation_request(actor=adviser, case=waiting, on=dt.date(2025, 1, 8))
    services.la_inform(actor=adviser, case=waiting, on=dt.date(2025, 1, 9))
    return full_case, waiting


def real_values(full_case, waiting) -> dict[str, list]:
    """Path-parameter values that name real objects, by parameter name."""
    return {
        "reference": [full_case.reference, waiting.reference],
        "session_id": [session.pk for session in full_case.sessions.order_by("id")],
        "action_id": [action.pk for action in full_case.actions.order_by("id")],
        "number": [certificate.number for certificate in full_case.certificates.all()],
    }


def with_examples(document: dict, real: dict[str, list]) -> dict:
    """This test's copy of the document, with real objects and valid bodies as examples."""
    document = copy.deepcopy(document)
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if parameter["in"] == "path" and name in real:
                    parameter["examples"] = {
                        f"real-{index}": {"value": value} for index, value in enumerate(real[name])
                    }
                elif parameter["in"] == "query" and name in QUERIES:
                    parameter["example"] = QUERIES[name]
            body = BODIES.get(operation["operationId"])
            if body is not None:
                operation["requestBody"]["content"]["application/json"]["example"] = body
    return document


@pytest.fixture(params=["provider_staff", "la_officer"])
def api_schema(request, world, cases, wsgi_app):
    persona = request.param
    _, token = api_token_create(actor=None, user=world.users[persona], name="schemathesis")
    TOKENS[persona] = token
    real = real_values(*cases)
    document = SchemaGenerator().get_schema(request=None, public=True)
    config = schemathesis.Config.from_dict(
        {**CONFIG, "phases": PHASES[persona], "headers": {"Authorization": f"Bearer {token}"}}
    )
    schema = schemathesis.openapi.from_dict(with_examples(document, real), config=config)
    schema.app = wsgi_app

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        """Often name real objects rather than generated ones."""
        names = [name for name in path_parameters or {} if name in real]
        if not names:
            return st.just(path_parameters)
        swapped = st.fixed_dictionaries({name: st.sampled_from(real[name]) for name in names})
        return st.one_of(
            st.just(path_parameters), swapped.map(lambda values: {**path_parameters, **values})
        )

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


def problem_json(ctx, response, case):
    """Every 4xx is an RFC 9457 problem whose status is the answer's (api/errors.py)."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/problem+json"), (
        f"{response.status_code} answered as {content_type!r}, not application/problem+json"
    )
    body = response.json()
    assert body.get("status") == response.status_code and body.get("title"), body
    return None


@schema.parametrize()
def test_every_answer_is_documented_and_none_is_a_server_error(case, request):
    persona = request.node.callspec.params["api_schema"]
    OPERATIONS.add(case.operation.label)
    REQUESTS[persona] += 1
    headers = {"Authorization": f"Bearer {TOKENS[persona]}"}
    with transaction.atomic():
        response = case.call()
        if 200 <= response.status_code < 300:
            SUCCESSES[persona] += 1
        try:
            case.validate_response(response, headers=headers, additional_checks=[problem_json])
        except FailureGroup as group:
            for failure in group.exceptions:
                kind = "server errors" if isinstance(failure, ServerError) else "failed checks"
                FAILURES[kind].add(f"{case.operation.label} as {persona}: {failure.title}")
            raise
        finally:
            transaction.set_rollback(True)


# -- bodies nested thousands of levels deep, and of 3 MB, to every write operation -------------

DEPTH = 5_000
DEEP = '{"text": ' + '{"a": [' * DEPTH + "1" + "]}" * DEPTH + "}"
LARGE = '{"text": "' + "A" * (3 * 1024 * 1024) + '"}'
COUNTED = ("cases.Case", "cases.CaseEvent", "audit.AuditEvent", "notifications.OutboxMessage")


def write_operations(document: dict, real: dict[str, list]) -> list[tuple[str, str]]:
    """(method, path) of every operation that takes a JSON body, its path naming real objects.
    (The document upload takes ``multipart/form-data``: its limits are tested in
    ``sendresolve/casefiles/tests/test_uploads.py``.)"""
    found = []
    for template, item in document["paths"].items():
        for method, operation in item.items():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            path = template
            for name, values in real.items():
                path = path.replace(f"{{{name}}}", str(values[0]))
            # An item this world does not hold (a mediator, an expense claim): the body is
            # refused before the item is looked up, whoever it is for.
            path = re.sub(r"\{[a-z_]+_id\}", "999999", path)
            found.append((method, path))
    return sorted(found)


def test_deep_and_large_bodies_are_refused_with_a_problem(client, world, cases):
    from django.apps import apps

    _, token = api_token_create(actor=None, user=world.users["provider_staff"], name="bodies")
    document = SchemaGenerator().get_schema(request=None, public=True)
    operations = write_operations(document, real_values(*cases))
    models = [apps.get_model(label) for label in COUNTED]
    wrong = []
    for method, path in operations:
        for what, body, expected in (("deep", DEEP, 400), ("3 MB", LARGE, 413)):
            before = [model.objects.count() for model in models]
            try:
                response = getattr(client, method)(
                    path,
                    body,
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                )
            except Exception as exc:  # noqa: BLE001 (the test client re-raises a server error)
                wrong.append(f"{method.upper()} {path} {what}: {type(exc).__name__}")
                continue
            content_type = response.get("Content-Type", "")
            if response.status_code != expected or content_type != "application/problem+json":
                wrong.append(
                    f"{method.upper()} {path} {what}: {response.status_code} {content_type}"
                    f", expected {expected} application/problem+json"
                )
            elif response.json()["status"] != expected:
                wrong.append(f"{method.upper()} {path} {what}: problem says {response.json()}")
            if [model.objects.count() for model in models] != before:
                wrong.append(f"{method.upper()} {path} {what}: saved something")
    summary = (
        f"deep and large bodies: {len(operations)} write operations, {2 * len(operations)} "
        f"requests, {len(wrong)} not answered with a problem 400 (deep) or 413 (3 MB)"
    )
    figures_record("schemathesis bodies", "\n".join([summary, *(f"  {w}" for w in wrong)]))
    assert len(operations) >= 10, operations
    assert wrong == [], "\n".join(wrong)
