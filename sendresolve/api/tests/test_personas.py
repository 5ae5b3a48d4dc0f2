"""Every API endpoint answered for every persona.

``API_URL_RULES`` is the API's rule table; ``tests/test_url_sweep.py`` fails when an ``api:``
URL has no rule here. Other providers and other LAs get 404 (never 403), anonymous callers
401, and LA and health users never receive the mediator's confidential notes.
"""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sendresolve.api.tests.factories import CONFIDENTIAL
from sendresolve.cases.models import AgreedAction

pytestmark = pytest.mark.django_db

PERSONAS = [
    "provider_staff",
    "colleague",
    "other_provider",
    "la_officer",
    "other_la",
    "icb_officer",
    "administrator",
    "anonymous",
]
NOT_CONFIDENTIAL = ("la_officer", "icb_officer", "other_la", "other_provider", "anonymous")


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
        "anonymous": anonymous,
    }


SIGNED_IN = expect(200, outsider=200)
# url name -> (kwargs, [(method, body, {persona: status})]); kwargs are filled from the case.
API_URL_RULES = {
    "api:schema": ({}, [("get", None, SIGNED_IN)]),
    # Human docs: staff browse them signed in (session), anonymous visitors are sent to sign in.
    "api:docs": ({}, [("session", None, expect(200, outsider=200, anonymous=302))]),
    "api:not-found": ({}, [("get", None, expect(404, anonymous=404))]),
    "api:cases": ({}, [("get", None, SIGNED_IN), ("post", {}, expect(400, outsider=400))]),
    "api:report-mediation": ({}, [("get", None, SIGNED_IN)]),
    "api:report-annual": ({}, [("get", None, expect(400, outsider=400))]),
    "api:case-detail": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    "api:case-actions": ({"reference": "{reference}"}, [("post", {}, expect(400))]),
    "api:case-deadlines": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    "api:case-events": ({"reference": "{reference}"}, [("get", None, expect(200))]),
    "api:case-notes": (
        {"reference": "{reference}"},
        [("post", {"text": "Checked the venue."}, expect(201, la=403))],
    ),
    "api:case-sessions": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(400))],
    ),
    "api:session-held": (
        {"reference": "{reference}", "session_id": "{session}"},
        [("post", None, expect(409, la=403))],
    ),
    "api:session-notice-sent": (
        {"reference": "{reference}", "session_id": "{session}"},
        [("post", {"on": "2025-01-10"}, expect(400, la=403))],
    ),
    "api:agreed-action-complete": (
        {"reference": "{reference}", "action_id": "{la_action}"},
        [("post", {}, expect(400))],
    ),
    "api:case-certificates": (
        {"reference": "{reference}"},
        [("get", None, expect(200)), ("post", {}, expect(200, la=403))],
    ),
    "api:certificate-pdf": ({"number": "{certificate}"}, [("get", None, expect(200))]),
}


def placeholders(case) -> dict[str, str]:
    return {
        "reference": case.reference,
        "session": str(case.sessions.get().pk),
        "la_action": str(case.actions.get(owner=AgreedAction.Owner.LOCAL_AUTHORITY).pk),
        "certificate": case.certificates.get().number,
    }


def request(api, client, world, persona, method, url, body):
    if method == "session":
        client.logout()
        if world.users[persona] is not None:
            client.force_login(world.users[persona])
        return client.get(url)
    return getattr(api(persona), method)(url, body)


@pytest.mark.parametrize("name", sorted(API_URL_RULES))
def test_api_url_answers_each_persona_as_its_rule_says(api, client, world, full_case, name):
    kwargs, checks = API_URL_RULES[name]
    values = placeholders(full_case)
    url = reverse(name, kwargs={k: v.format(**values) for k, v in kwargs.items()})
    wrong = []
    for method, body, statuses in checks:
        for persona in PERSONAS:
            response = request(api, client, world, persona, method, url, body)
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
    for persona in ("provider_staff", "colleague", "administrator"):
        notes = api(persona).get(url).json()["confidential_notes"]
        assert [n["text"] for n in notes] == [CONFIDENTIAL]
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
        assert body["count"] == len(seen)


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
