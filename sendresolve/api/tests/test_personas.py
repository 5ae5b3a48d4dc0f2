"""Every API operation and every case action answered for every persona.

``API_URL_RULES`` is the API's rule table: ``tests/test_url_sweep.py`` fails when an ``api:``
URL has no rule here, and ``test_every_operation_in_the_schema_has_a_rule`` when an operation
in the OpenAPI document has none. ``ACTION_RULES`` does the same for each action of
``POST /cases/{reference}/actions``. Other providers and other LAs get 404 (never 403),
anonymous callers and families (whose status link is not an API token) 401, and LA and health
users never receive the mediator's confidential notes.
"""

import datetime as dt
import json
import re
from io import BytesIO

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from sendresolve.api.serializers.actions import ACTIONS
from sendresolve.api.tests.factories import CONFIDENTIAL
from sendresolve.cases import services
from sendresolve.cases.models import AgreedAction, Session
from sendresolve.core.clock import LONDON
from sendresolve.public.family.links import token_for
from sendresolve.tenancy.models import Commission
from sendresolve.tribunal.services import RecommendationInput, tribunal_decision_record

pytestmark = pytest.mark.django_db

PERSONAS = [
    "provider_staff",
    "colleague",
    "other_provider",
    "la_officer",
    "other_la",
    "icb_officer",
    "administrator",
    "family_link_holder",
    "anonymous",
]
# The family of the case, holding a valid status link: the API answers them as it answers
# anyone without a token, even when they send the link's token as one.
FAMILY = "family_link_holder"
NOT_CONFIDENTIAL = ("la_officer", "icb_officer", "other_la", "other_provider", FAMILY, "anonymous")


def expect(provider, *, la=None, icb=None, outsider=404, anonymous=401):
    """Statuses by persona: provider staff (and administrators), LA, ICB, outsiders."""
    la = provider if la is None else la
    return {
        "provider_staff": provider,
        "colleague": provider,
        "administrator": provider,
        "la_officer": la,
        "icb_officer": la if icb is None else icb,
        "other_provider": outsider,
        "other_la": outsider,
        FAMILY: anonymous,
        "anonymous": anonymous,
    }


SIGNED_IN = expect(200, outsider=200)
NOT_BILLING = expect(404, outsider=404)  # contracts and invoices: managers and finance only
# Exports (issue 25): LAs, provider managers (provider_staff manages) and administrators.
EXPORTERS = {"administrator": 400, "other_la": 400, "provider_staff": 400}
WEBHOOK_MANAGING = ("la_officer", "other_la", "icb_officer", "administrator", "provider_staff")
WEBHOOK_MANAGERS = {**expect(404, outsider=404), **{p: 200 for p in WEBHOOK_MANAGING}}
# The colleague is a mediator, and a mediator acts only on the cases assigned to them (issue
# 23): on the full case, assigned to no one, they read but may not write.
UNASSIGNED_MEDIATOR_403 = {"colleague": 403}


def managers(status):
    """Statuses for the staff operations: the provider's managers and administrators get
    ``status``; every other token 404, no token 401 (issue 23)."""
    return expect(404) | {"provider_staff": status, "administrator": status}


# url name -> (kwargs, [(method, body, {persona: status})]); kwargs are filled from the case.
API_URL_RULES = {
    "api:schema": ({}, [("get", None, SIGNED_IN)]),
    # Human docs: staff browse them signed in (session), anonymous visitors are sent to sign in.
    "api:docs": ({}, [("session", None, expect(200, outsider=200, anonymous=302))]),
    "api:not-found": ({}, [("get", None, expect(404, anonymous=404))]),
    "api:cases": ({}, [("get", None, SIGNED_IN), ("post", {}, expect(400, outsider=400))]),
    "api:report-mediation": ({}, [("get", None, SIGNED_IN)]),
    "api:report-annual": ({}, [("get", None, expect(400, outsider=400))]),
    "api:case-detail": (
        {"reference": "{reference}"},
        # PATCH: corrections. An empty body is refused before anything else (400).
        [("get", None, expect(200)), ("patch", {}, expect(400))],
    ),
    "api:case-actions": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(400))],
    ),
    "api:case-deadlines": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    "api:case-events": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    "api:case-notes": (
        {"reference": "{reference}"},
        [("post", {"text": "Checked the venue."}, expect(201, la=403) | UNASSIGNED_MEDIATOR_403)],
    ),
    "api:case-sessions": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(400))],
    ),
    "api:session-held": (
        {"reference": "{reference}", "session_id": "{session}"},
        [("post", None, expect(409, la=403) | UNASSIGNED_MEDIATOR_403)],
    ),
    "api:session-notice-sent": (
        {"reference": "{reference}", "session_id": "{session}"},
        [("post", {"on": "2025-01-10"}, expect(400, la=403) | UNASSIGNED_MEDIATOR_403)],
    ),
    # A valid body, so LA and health users reach the permission check (403); the meeting was
    # held, so the provider's own staff are told it is not arranged any more (400).
    "api:session-rearrangement": (
        {"reference": "{reference}", "session_id": "{session}"},
        [
            (
                "post",
                {
                    "starts_at": "2025-02-03T10:00:00+00:00",
                    "ends_at": "2025-02-03T12:00:00+00:00",
                    "mode": "online",
                    "reason": "The mediator is ill.",
                },
                expect(400, la=403) | UNASSIGNED_MEDIATOR_403,
            )
        ],
    ),
    "api:session-cancellation": (
        {"reference": "{reference}", "session_id": "{session}"},
        [
            (
                "post",
                {"on": "2025-01-20", "cancelled_by": "family"},
                expect(400, la=403) | UNASSIGNED_MEDIATOR_403,
            )
        ],
    ),
    "api:agreed-action-complete": (
        {"reference": "{reference}", "action_id": "{la_action}"},
        [("post", {}, expect(400))],
    ),
    "api:case-certificates": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(200, la=403) | UNASSIGNED_MEDIATOR_403)],
    ),
    "api:certificate-pdf": ({"number": "{certificate}"}, [("get", None, expect(200))]),
    # The contact log and tasks: anyone who sees the case reads them (confidential entries
    # aside: sendresolve/api/tests/test_contacts.py); an empty body is refused before anything
    # else. The full case has no task 999999.
    "api:case-contacts": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(400))],
    ),
    "api:case-tasks": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(400))],
    ),
    "api:task-done": (
        {"reference": "{reference}", "task_id": "999999"},
        [("post", None, expect(404))],
    ),
    "api:task-reopen": (
        {"reference": "{reference}", "task_id": "999999"},
        [("post", None, expect(404))],
    ),
    # Checking a certificate is public: everyone, with a token or not, gets the same answer.
    "api:verify": (
        {},
        [("post", {"code": "7KQ3-MX9D-H2PW"}, expect(404, outsider=404, anonymous=404))],
    ),
    # Documents on a case (issue 21): a JSON body is 415 (the upload is multipart/form-data,
    # sendresolve/casefiles/tests); the full case has no document 999999.
    "api:case-documents": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(415))],
    ),
    "api:case-document-file": (
        {"reference": "{reference}", "document_id": "999999"},
        [("get", None, expect(404))],
    ),
    # Venues and travel expense claims (issue 22): lists scoped to each user (empty for
    # others); the full case has no venue or claim 999999 (sendresolve/expenses/tests).
    "api:venues": ({}, [("get", None, SIGNED_IN)]),
    "api:venue-detail": ({"venue_id": "999999"}, [("get", None, expect(404))]),
    "api:expense-claims": ({}, [("get", None, SIGNED_IN)]),
    "api:expense-claim-detail": ({"claim_id": "999999"}, [("get", None, expect(404))]),
    "api:expense-claim-decision": (
        {"claim_id": "999999"},
        [("post", {"decision": "paid", "on": "2025-01-20"}, expect(404))],
    ),
    # Triage: only the provider's staff (and administrators) assign.
    "api:case-assignment": (
        {"reference": "{reference}"},
        [("post", {"assignee": None}, expect(200, la=403) | UNASSIGNED_MEDIATOR_403)],
    ),
    # Mediators' diary (issue 22): only the provider's staff see a diary or proposals; nobody
    # has mediator 999999.
    "api:mediators": ({}, [("get", None, SIGNED_IN)]),
    "api:mediator-detail": ({"mediator_id": "999999"}, [("get", None, expect(404))]),
    "api:mediator-availability": (
        {"mediator_id": "999999"},
        # The body is checked before the mediator is looked up: an empty one is a 400.
        [("get", None, expect(404)), ("put", {}, expect(400, outsider=400))],
    ),
    "api:case-slot-proposals": ({"reference": "{reference}"}, [("get", None, expect(200, la=404))]),
    "api:case-bookings": ({"reference": "{reference}"}, [("post", {}, expect(400))]),
    # The agreement document (issue 21): whoever sees the case (drafts for the provider only:
    # sendresolve/agreements/tests); the full case has no issued version A1 yet.
    "api:case-agreement": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    "api:case-agreement-pdf": (
        {"reference": "{reference}", "agreement_number": "{reference}-A1"},
        [("get", None, expect(404))],
    ),
    "api:case-issues-in-dispute-pdf": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    # Contracts and invoices (issue 23): a provider's managers and finance officers only (the
    # world's provider_staff also manages; sendresolve/billing/tests/test_api.py has finance);
    # no invoice 1; an empty billing run is refused.
    "api:commissions": ({}, [("get", None, NOT_BILLING | {"provider_staff": 200})]),
    "api:commission-detail": (
        {"commission_id": "{commission}"},  # the world's provider's commission with Barnet
        [("get", None, NOT_BILLING | {"provider_staff": 200})],
    ),
    "api:invoices": ({}, [("get", None, NOT_BILLING | {"provider_staff": 200})]),
    "api:invoice-detail": ({"invoice_id": "1"}, [("get", None, NOT_BILLING)]),
    "api:invoice-pdf": ({"invoice_id": "1"}, [("get", None, NOT_BILLING)]),
    "api:invoice-csv": ({"invoice_id": "1"}, [("get", None, NOT_BILLING)]),
    "api:invoice-xlsx": ({"invoice_id": "1"}, [("get", None, NOT_BILLING)]),
    # Exports for LAs (issue 25): LA officers, provider managers and administrators; without its
    # parameters a request they may make is 400, anyone else's 403 (exports/tests has the rest).
    **{
        name: ({}, [("get", None, {**expect(403, la=400, icb=403, outsider=403), **EXPORTERS})])
        for name in (
            "api:export-sen2-csv",
            "api:export-sen2-jsonl",
            "api:export-case-events-csv",
            "api:export-case-events-jsonl",
        )
    },
    # Targets and quality (issue 23): the commission's provider staff, its LA's officers and
    # administrators read its targets (sendresolve/quality/tests/test_targets.py has them);
    # nobody has commission 999999.
    "api:commission-targets": ({"commission_id": "999999"}, [("get", None, expect(404))]),
    # Webhooks (issue 25): an LA's officers, a health body's commissioners, a provider's
    # managers (provider_staff manages; the colleague, a mediator: 404) and administrators;
    # nobody has endpoint 999999 (sendresolve/webhooks/tests/test_api.py has the rest).
    "api:webhooks": (
        {},
        [
            ("get", None, WEBHOOK_MANAGERS),
            ("post", {}, {**WEBHOOK_MANAGERS, **{p: 400 for p in WEBHOOK_MANAGING}}),
        ],
    ),
    "api:webhook-detail": (
        {"endpoint_id": "999999"},
        [("get", None, expect(404, outsider=404)), ("delete", None, expect(404, outsider=404))],
    ),
    "api:webhook-secret-rotation": (
        {"endpoint_id": "999999"},
        [("post", None, expect(404, outsider=404))],
    ),
    "api:webhook-deliveries": (
        {"endpoint_id": "999999"},
        [("get", None, expect(404, outsider=404))],
    ),
    "api:webhook-replay": (
        {"endpoint_id": "999999", "delivery_id": "1"},
        [("post", None, expect(404, outsider=404))],
    ),
    "api:billing-runs": ({}, [("post", {}, NOT_BILLING | {"provider_staff": 400})]),
    # Staff and roles (issue 23): the provider's managers (provider_staff manages too) and
    # administrators; everyone else 404. An empty body is refused (400) once the provider is
    # found; no one has user 999999. Every role: sendresolve/api/tests/test_role_personas.py.
    "api:staff": ({}, [("get", None, managers(200))]),
    "api:staff-invitations": ({}, [("post", {}, managers(400))]),
    "api:staff-roles": ({"user_id": "999999"}, [("put", {}, managers(400))]),
    "api:staff-suspension": ({"user_id": "999999"}, [("post", None, managers(404))]),
}


def placeholders(case) -> dict[str, str]:
    return {
        "reference": case.reference,
        "session": str(case.sessions.get().pk),
        "la_action": str(case.actions.get(owner=AgreedAction.Owner.LOCAL_AUTHORITY).pk),
        "certificate": case.certificates.get().number,
        # ids differ by database (PostgreSQL does not restart its sequences between tests)
        "commission": str(
            Commission.objects.get(provider=case.provider, local_authority=case.local_authority).pk
        ),
    }


def open_status_page(client, case) -> str:
    """Open the family's status page through their link, as the family would; return its token."""
    token = token_for(case)
    assert client.get(reverse("public:family-status", args=[token])).status_code == 200
    return token


class FamilyClient:
    """The family, having opened their status page: they call the API with that session alone,
    and again sending the link's token as a bearer token. Both get the same answer."""

    def __init__(self, case):
        self.session_only = APIClient()
        open_status_page(self.session_only, case)
        self.with_token = APIClient()
        token = open_status_page(self.with_token, case)
        self.with_token.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def _call(self, method, *args, **kwargs):
        first = getattr(self.session_only, method)(*args, **kwargs)
        second = getattr(self.with_token, method)(*args, **kwargs)
        assert first.status_code == second.status_code, (method, args)
        return second

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def post(self, *args, **kwargs):
        return self._call("post", *args, **kwargs)

    def patch(self, *args, **kwargs):
        return self._call("patch", *args, **kwargs)

    def put(self, *args, **kwargs):  # the diary's availability (issue 22)
        return self._call("put", *args, **kwargs)

    def delete(self, *args, **kwargs):  # a webhook endpoint (issue 25)
        return self._call("delete", *args, **kwargs)


def request(api, client, world, persona, method, url, body, case):
    if method == "session":
        client.logout()
        if persona == FAMILY:
            open_status_page(client, case)
        elif world.users[persona] is not None:
            client.force_login(world.users[persona])
        return client.get(url)
    caller = FamilyClient(case) if persona == FAMILY else api(persona)
    return getattr(caller, method)(url, body)


@pytest.mark.parametrize("name", sorted(API_URL_RULES))
def test_api_url_answers_each_persona_as_its_rule_says(api, client, world, full_case, name):
    kwargs, checks = API_URL_RULES[name]
    values = placeholders(full_case)
    url = reverse(name, kwargs={k: v.format(**values) for k, v in kwargs.items()})
    wrong = []
    for method, body, statuses in checks:
        for persona in PERSONAS:
            response = request(api, client, world, persona, method, url, body, full_case)
            if response.status_code != statuses[persona]:
                wrong.append((method, persona, response.status_code, statuses[persona]))
            if response.status_code >= 400 and method != "session":
                assert response["Content-Type"] == "application/problem+json"
                assert response.json()["status"] == response.status_code
            if persona in NOT_CONFIDENTIAL:
                assert CONFIDENTIAL.encode() not in response.content, (method, persona)
    assert wrong == [], f"{url}: (method, persona, got, expected) {wrong}"


def test_provider_staff_read_the_confidential_notes_la_and_health_users_never(api, full_case):
    url = f"/api/v1/cases/{full_case.reference}"
    for persona in ("provider_staff", "administrator"):
        notes = api(persona).get(url).json()["confidential_notes"]
        assert [n["text"] for n in notes] == [CONFIDENTIAL]
    # A mediator not assigned to the case reads no confidential notes (issue 23).
    assert "confidential_notes" not in api("colleague").get(url).json()
    for persona in ("la_officer", "icb_officer"):
        response = api(persona).get(url)
        assert response.status_code == 200
        assert "confidential_notes" not in response.json()
        assert b"confidential_notes" not in response.content
        assert CONFIDENTIAL.encode() not in response.content


def test_the_certificate_pdf_the_la_downloads_has_no_confidential_notes(api, full_case):
    number = full_case.certificates.get().number
    response = api("la_officer").get(f"/api/v1/certificates/{number}.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert number in text
    assert "therapy is funded" not in text


def test_the_case_list_shows_each_persona_only_their_tenants_cases(api, full_case):
    for persona, seen in [
        ("provider_staff", [full_case.reference]),
        ("la_officer", [full_case.reference]),
        ("icb_officer", [full_case.reference]),
        ("administrator", [full_case.reference]),
        ("other_provider", []),
        ("other_la", []),
    ]:
        body = api(persona).get("/api/v1/cases").json()
        assert [c["reference"] for c in body["results"]] == seen, persona
        assert body["next"] is None, persona


def test_la_officers_complete_the_las_actions_and_health_the_icbs(api, full_case):
    la_action = full_case.actions.get(owner="local_authority")
    icb_action = full_case.actions.get(owner="commissioning_body")
    base = f"/api/v1/cases/{full_case.reference}/agreed-actions"
    body = {"on": "2025-01-20"}
    assert api("icb_officer").post(f"{base}/{la_action.pk}/complete", body).status_code == 403
    assert api("la_officer").post(f"{base}/{icb_action.pk}/complete", body).status_code == 403
    assert api("other_la").post(f"{base}/{la_action.pk}/complete", body).status_code == 404
    assert api("la_officer").post(f"{base}/{la_action.pk}/complete", body).status_code == 200
    assert api("icb_officer").post(f"{base}/{icb_action.pk}/complete", body).status_code == 200
    la_action.refresh_from_db()
    assert la_action.completed_on == dt.date(2025, 1, 20)


def test_another_cases_session_or_action_id_is_not_found(api, world, full_case):
    other = full_case.__class__.objects.create(
        provider=world.provider,
        local_authority=world.local_authority,
        opened_on=dt.date(2025, 1, 2),
        child_name="Other",
        requester="parent",
        requester_name="Other",
    )
    session = full_case.sessions.get().pk
    action = full_case.actions.first().pk
    client = api("provider_staff")
    held = client.post(f"/api/v1/cases/{other.reference}/sessions/{session}/held")
    assert held.status_code == 404
    done = client.post(
        f"/api/v1/cases/{other.reference}/agreed-actions/{action}/complete", {"on": "2025-01-20"}
    )
    assert done.status_code == 404


# -- every operation in the OpenAPI document ---------------------------------------------------

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
NOT_IN_SCHEMA = {"api:schema", "api:docs", "api:not-found"}
# A value of the right shape for each path parameter, to find the URL an operation is served by.
SAMPLE_PATH_VALUES = {
    "reference": "SR-2345-6789",
    "number": "MC-2025-ABC123",
    "session_id": "1",
    "action_id": "1",
    "task_id": "1",
    "document_id": "1",
    "mediator_id": "1",
    "agreement_number": "SR-2345-6789-A1",
    "commission_id": "1",  # contracts and invoices (issue 23)
    "invoice_id": "1",
    "venue_id": "1",
    "claim_id": "1",
    "endpoint_id": "1",  # webhooks (issue 25)
    "delivery_id": "1",
    "user_id": "1",
}


@pytest.fixture
def document(api):
    response = api("provider_staff").get("/api/v1/schema?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def url_name_for(path: str) -> str:
    """The URL name serving an OpenAPI path such as ``/api/v1/cases/{reference}``."""
    unknown = sorted(set(re.findall(r"\{(\w+)\}", path)) - set(SAMPLE_PATH_VALUES))
    assert unknown == [], f"Add a sample value for {unknown} to SAMPLE_PATH_VALUES"
    try:
        match = resolve(re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PATH_VALUES[m[1]], path))
    except Resolver404:
        match = None
    name = match.view_name if match else None
    assert name not in (None, "api:not-found"), f"{path}: no URL serves it with the sample values"
    return name


def test_every_operation_in_the_schema_has_a_rule(document):
    in_schema = {
        (url_name_for(path), method)
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    ruled = {
        (name, method)
        for name, (_, checks) in API_URL_RULES.items()
        if name not in NOT_IN_SCHEMA
        for method, _, _ in checks
    }
    assert sorted(in_schema - ruled) == [], "Add rules to API_URL_RULES for these operations"
    assert sorted(ruled - in_schema) == [], "Rules for operations the schema does not have"
    assert len(in_schema) == len(
        {(p, m) for p, item in document["paths"].items() for m in item if m in HTTP_METHODS}
    ), "Two operations in the schema are served by one URL and method"


# -- every action of POST /cases/{reference}/actions --------------------------------------------

# Past tenancy and role checks: the action was done (200), or the body or the case's state
# did not allow it (400, 409). Anything but 401, 403 and 404.
ALLOWED = "allowed"
REFUSED = (401, 403, 404)
ON = "2025-01-20"


def acts(*, la=403, icb=403):
    """Who may record an action on the case: its provider's staff and administrators always;
    the LA's and the ICB's officers where ``la`` / ``icb`` say ``ALLOWED`` (403 otherwise)."""
    return {
        "provider_staff": ALLOWED,
        # A mediator acts only on the cases assigned to them (issue 23), and no one is
        # assigned to this one: sendresolve/api/tests/test_role_personas.py has the assigned.
        "colleague": 403,
        "administrator": ALLOWED,
        "la_officer": la,
        "icb_officer": icb,
        "other_provider": 404,
        "other_la": 404,
        FAMILY: 401,
        "anonymous": 401,
    }


# action -> [(body, {persona: status or ALLOWED})]. Bodies are valid, so a role that may not act
# reaches the permission check (403) rather than stopping at validation (400). "{name}" values
# are ids on the case (see ``action_values``).
ACTION_RULES = {
    "advice_give": [({"on": ON}, acts())],
    "mediation_decline": [({"on": ON}, acts())],
    "mediation_request": [({"on": ON}, acts())],
    "la_inform": [({"on": ON}, acts())],
    "commissioning_body_notify": [({"on": ON}, acts(la=ALLOWED))],
    "la_cannot_arrange": [({"on": ON}, acts(la=ALLOWED))],
    "mediation_conclude": [
        (
            {
                "on": ON,
                "outcomes": [
                    {"issue": "{issue}", "result": "agreed"},
                    {"issue": "{other_issue}", "result": "not_agreed"},
                ],
            },
            acts(),
        )
    ],
    "follow_up_start": [({"on": ON}, acts())],
    "case_close": [({"on": ON}, acts())],
    "case_withdraw": [({"on": ON, "reason": "Moved away."}, acts())],
    "case_assign": [({"assignee": None}, acts())],
    "session_cancel": [({"session": "{session}", "on": ON, "reason": "Mediator ill."}, acts())],
    "case_reopen": [({"reason": "The family came back."}, acts())],
    "step_undo": [({"event": "{last_step}", "reason": "Recorded in error."}, acts())],
    # A party's answer is given by whoever speaks for that side: the LA's officers for the LA,
    # the ICB's for health.
    "participation_record": [
        ({"party": "{la_party}", "agrees": True, "on": ON}, acts(la=ALLOWED)),
        ({"party": "{health_party}", "agrees": True, "on": ON}, acts(icb=ALLOWED)),
    ],
    "proceeding_record": [
        ({"kind": "local_authority_complaint", "started_on": ON}, acts(la=ALLOWED))
    ],
    "agreement_la_notify": [({"on": ON}, acts(icb=ALLOWED))],
    "tribunal_decision_record": [
        ({"outcome": "dismissed", "decided_on": "2025-01-15"}, acts(la=ALLOWED))
    ],
    "duty_step_complete": [({"step": "{step}", "on": ON}, acts(la=ALLOWED))],
    # The ICB replies to a health recommendation, the LA to a social care one.
    "recommendation_respond": [
        (
            {"recommendation": "{health_recommendation}", "response": "will_follow", "on": ON},
            acts(icb=ALLOWED),
        ),
        (
            {"recommendation": "{social_recommendation}", "response": "will_follow", "on": ON},
            acts(la=ALLOWED),
        ),
    ],
    # Corrections (issue 18): the provider's staff only.
    "issue_add": [({"subject": "plan_needs", "reason": "Left out."}, acts())],
    "issue_correct": [({"issue": "{other_issue}", "subject": "plan_needs"}, acts())],
    "issue_remove": [({"issue": "{other_issue}", "reason": "Recorded in error."}, acts())],
    "party_correct": [({"party": "{la_party}", "name": "A. Officer"}, acts())],
    "health_body_add": [({"commissioning_body": "{ods_code}"}, acts())],
    "health_body_remove": [({"commissioning_body": "{ods_code}", "reason": "Wrong."}, acts())],
    "certificate_correct": [({"certificate": "{certificate}"}, acts())],
    # The agreement document (issue 21): the case's mediator and managers word and issue it
    # (provider_staff manages; the colleague is an unassigned mediator, so 403); the LA's and
    # ICB's officers confirm receiving it.
    "agreement_draft_save": [
        (
            {
                "intro": "Agreed at mediation.",
                "sections": [
                    {"issue": "{issue}", "text": "Agreed."},
                    {"issue": "{other_issue}", "text": "Not agreed."},
                ],
                "closing": "Signed by everyone.",
            },
            acts(),
        )
    ],
    "agreement_issue": [({}, acts())],
    "agreement_receipt_confirm": [
        ({}, acts(la=ALLOWED, icb=ALLOWED) | {"provider_staff": 403, "colleague": 403})
    ],
    # What people need to take part (issue 22): the provider's staff only.
    "participation_needs_change": [({"interpreter_language": "Polish"}, acts())],
}


def test_every_action_has_a_rule(document):
    """The actions the view dispatches, and those the schema documents, all have rules."""
    mapping = document["components"]["schemas"]["CaseActionRequest"]["discriminator"]["mapping"]
    assert sorted(ACTION_RULES) == sorted(ACTIONS), "Add rules to ACTION_RULES for new actions"
    assert sorted(mapping) == sorted(ACTIONS)


@pytest.fixture
def case_with_everything(world, full_case):
    """The full case with an LA and a health party, and after a tribunal order with a step for
    the LA and a recommendation each for the ICB and the LA."""
    adviser = world.users["provider_staff"]
    la_party = services.party_add(actor=adviser, case=full_case, role="la_officer", name="LA")
    health_party = services.party_add(
        actor=adviser,
        case=full_case,
        role="health",
        name="ICB",
        commissioning_body=world.commissioning_body,
    )
    decision = tribunal_decision_record(
        actor=adviser,
        case=full_case,
        outcome="order",
        decided_on=dt.date(2025, 1, 14),
        orders=["amend_plan"],
        recommendations=[
            RecommendationInput("health", "Speech therapy", world.commissioning_body),
            RecommendationInput("social_care", "Short breaks", None),
        ],
    )
    recommendations = {r.area: r.pk for r in decision.recommendations.all()}
    full_case.refresh_from_db()
    issue, other_issue = full_case.issues.order_by("id")
    values = {
        "issue": issue.pk,
        "other_issue": other_issue.pk,
        "la_party": la_party.pk,
        "ods_code": world.commissioning_body.ods_code,
        "certificate": full_case.certificates.get().number,
        "health_party": health_party.pk,
        "step": decision.duties.get().steps.order_by("id").first().pk,
        "health_recommendation": recommendations["health"],
        "social_recommendation": recommendations["social_care"],
        "last_step": full_case.events.latest("pk").pk,
        "session": Session.objects.create(
            case=full_case,
            starts_at=dt.datetime(2025, 2, 3, 10, tzinfo=LONDON),
            ends_at=dt.datetime(2025, 2, 3, 12, tzinfo=LONDON),
            mode="online",
        ).pk,
    }
    return full_case, values


def filled(value, values):
    """``value`` with each ``"{name}"`` replaced by ``values[name]``."""
    if isinstance(value, dict):
        return {k: filled(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [filled(v, values) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return values[value[1:-1]]
    return value


def test_every_action_answers_each_persona_as_its_rule_says(api, case_with_everything):
    case, values = case_with_everything
    url = reverse("api:case-actions", kwargs={"reference": case.reference})
    clients = {p: FamilyClient(case) if p == FAMILY else api(p) for p in PERSONAS}
    wrong = []
    for action, checks in sorted(ACTION_RULES.items()):
        for body, statuses in checks:
            body = {"action": action, **filled(body, values)}
            for persona in PERSONAS:
                # Each request starts from the same case: what an allowed one did is undone.
                savepoint = transaction.savepoint()
                try:
                    response = clients[persona].post(url, body)
                finally:
                    transaction.savepoint_rollback(savepoint)
                got, expected = response.status_code, statuses[persona]
                ok = got not in REFUSED if expected == ALLOWED else got == expected
                if not ok:
                    wrong.append((action, persona, got, expected, response.content[:200]))
                if persona in NOT_CONFIDENTIAL:
                    assert CONFIDENTIAL.encode() not in response.content, (action, persona)
    assert wrong == [], f"(action, persona, got, expected, body) {wrong}"


def test_assigning_tells_no_one_whether_another_tenants_username_exists(api, world, full_case):
    """An LA or ICB officer may not assign: the answer for another provider's or another LA's
    user is the same as for a username no one has, so usernames cannot be probed."""
    url = reverse("api:case-actions", kwargs={"reference": full_case.reference})
    for persona in ("la_officer", "icb_officer", "provider_staff"):
        client = api(persona)
        answers = {
            username: client.post(url, {"action": "case_assign", "assignee": username})
            for username in ("adviser@beta.test", "officer@southend.test", "nobody@example.test")
        }
        assert {a.status_code for a in answers.values()} == {400}, persona
        assert len({a.json()["errors"]["assignee"][0] for a in answers.values()}) == 1
        own = client.post(url, {"action": "case_assign", "assignee": "mediator@alpha.test"})
        assert own.status_code == (200 if persona == "provider_staff" else 403), persona


# -- privacy by stage (cases.permissions, SECURITY.md) --------------------------------------------

FAMILY_WORDS = "FAMILY-WORDS: the school is not meeting his needs"
CASE_READS = ("", "/actions", "/deadlines", "/events", "/sessions", "/certificates")


@pytest.fixture
def advised_case(world, time_machine):
    """A family who asked for advice, with everything a family tells the provider: the ICB
    covering the LA is on it (health care in issue)."""
    from sendresolve.cases.services import IssueInput

    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = services.case_open(
        actor=adviser,
        provider=world.provider,
        local_authority=world.local_authority,
        issues=[IssueInput(subject="plan_provision", description=FAMILY_WORDS + " (issue)")],
        opened_on=dt.date(2025, 1, 6),
        child_name="Sam Example",
        child_date_of_birth=dt.date(2015, 5, 4),
        requester="parent",
        requester_name="Alex Example",
        email="alex@example.test",
        phone="07700 900982",
        address="1 Private Road",
        decision_description=FAMILY_WORDS,
        decision_letter_date=dt.date(2025, 1, 3),
        health_care_in_issue=True,
    )
    services.party_add(
        actor=adviser, case=case, role="parent", name="Alex Example", email="alex@example.test"
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2025, 1, 7))
    return case


def test_an_advice_only_case_is_not_found_for_its_la_and_icb(api, world, advised_case):
    case = advised_case
    for persona in ("la_officer", "icb_officer"):
        client = api(persona)
        for path in CASE_READS:
            response = client.get(f"/api/v1/cases/{case.reference}{path}")
            assert response.status_code == 404, (persona, path)
            assert (
                response.json()["title"]
                == api("other_la").get(f"/api/v1/cases/{case.reference}{path}").json()["title"]
            )
        listed = client.get("/api/v1/cases").json()
        assert case.reference not in [c["reference"] for c in listed["results"]], persona
        assert listed["results"] == []
        acting = client.post(
            f"/api/v1/cases/{case.reference}/actions",
            {"action": "la_cannot_arrange", "on": "2025-01-20"},
        )
        assert acting.status_code == 404, persona
    assert api("provider_staff").get(f"/api/v1/cases/{case.reference}").status_code == 200


def test_after_mediation_is_requested_la_and_icb_see_what_they_need(api, world, advised_case):
    case = advised_case
    adviser = world.users["provider_staff"]
    services.mediation_request(actor=adviser, case=case, on=dt.date(2025, 1, 8))
    services.case_withdraw(
        actor=adviser, case=case, on=dt.date(2025, 1, 9), reason=FAMILY_WORDS + " (reason)"
    )
    for persona in ("la_officer", "icb_officer"):
        client = api(persona)
        response = client.get(f"/api/v1/cases/{case.reference}")
        assert response.status_code == 200, persona
        body = response.json()
        # What the LA needs to find its own record.
        assert body["child_name"] == "Sam Example"
        assert body["child_date_of_birth"] == "2015-05-04"
        assert body["requester_name"] == "Alex Example"
        assert body["decision_letter_date"] == "2025-01-03"
        assert [i["subject"] for i in body["issues"]] == ["plan_provision"]
        # Not how to reach the family, nor their own words: the keys are absent.
        for key in ("email", "phone", "address", "preferred_channel", "decision_description"):
            assert key not in body, (persona, key)
        assert "description" not in body["issues"][0]
        assert "email" not in body["parties"][0]
        for path in CASE_READS:
            content = client.get(f"/api/v1/cases/{case.reference}{path}").content
            for private in (b"FAMILY-WORDS", b"alex@example.test", b"07700", b"Private Road"):
                assert private not in content, (persona, path, private)
        events = client.get(f"/api/v1/cases/{case.reference}/events").json()
        assert "case_withdrawn" in [e["type"] for e in events]
        assert [c["reference"] for c in client.get("/api/v1/cases").json()["results"]] == [
            case.reference
        ]
    # The provider's staff still read everything.
    staff = api("provider_staff").get(f"/api/v1/cases/{case.reference}").json()
    assert staff["email"] == "alex@example.test"
    assert staff["decision_description"] == FAMILY_WORDS
    assert staff["parties"][0]["email"] == "alex@example.test"
    staff_events = api("provider_staff").get(f"/api/v1/cases/{case.reference}/events").json()
    (withdrawn,) = [e for e in staff_events if e["type"] == "case_withdrawn"]
    assert withdrawn["detail"]["reason"] == FAMILY_WORDS + " (reason)"
