"""Every URL has an access rule, tested for every persona.

Adding a URL without adding its rule here fails ``test_every_url_has_a_rule``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
SIGN_IN = 302  # anonymous visitors to staff pages are sent to sign in

# url name -> (kwargs, method, {persona: status}, default status)
RULES = {
    "public:start": ({}, "get", {}, 200),
    "public:contacts": ({}, "get", {}, 200),
    "public:contacts-la": ({"dfe_code": "302"}, "get", {}, 200),
    "healthz": ({}, "get", {}, 200),
    # The route finder: the first question opens; later pages send you to it until answered.
    "public:finder-question": ({"step": "council"}, "get", {}, 200),
    "public:finder-check": ({}, "get", {}, 302),
    "public:finder-advice": ({}, "get", {}, 302),
    "public:finder-advice-pdf": ({}, "get", {}, 302),
    # Family requests, status links, feedback and formats: public, with no account. Without
    # answers in the session the journey redirects; a status link that is not ours is 404.
    "public:family-request": ({}, "get", {}, 302),
    "public:family-request-step": ({"step": "what"}, "get", {}, 200),
    "public:family-request-check": ({}, "get", {}, 302),
    "public:family-request-sent": ({}, "get", {}, 302),
    "public:family-request-no-service": ({}, "get", {}, 302),
    "public:family-new-link": ({}, "get", {}, 200),
    "public:family-new-link-sent": ({}, "get", {}, 200),
    "public:family-status": ({"token": "not-a-token"}, "get", {}, 404),
    "public:family-certificate": (
        {"token": "not-a-token", "number": "MC-2024-ABCDEF"},
        "get",
        {},
        404,
    ),
    "public:family-feedback": ({}, "get", {}, 200),
    "public:family-feedback-sent": ({}, "get", {}, 200),
    "public:family-format": ({}, "get", {}, 200),
    "public:family-format-sent": ({}, "get", {}, 200),
    "staff:home": ({}, "get", {}, 200),
    "staff:sign-in": ({}, "get", {}, 200),
    "staff:sign-out": ({}, "get", {}, 405),
    "staff:local-authority": (
        {"dfe_code": "302"},
        "get",
        {"other_provider": 404, "other_la": 404, "anonymous": SIGN_IN},
        200,
    ),
    # The decision-letter paragraph: LA officers, the LA's provider and administrators; ICB
    # officers see the LA page but do not send its letters. The PDF without its parameters
    # shows the form with what is missing.
    "staff:decision-letter": (
        {"dfe_code": "302"},
        "get",
        {"other_provider": 404, "other_la": 404, "icb_officer": 404, "anonymous": SIGN_IN},
        200,
    ),
    "staff:decision-letter-pdf": (
        {"dfe_code": "302"},
        "get",
        {"other_provider": 404, "other_la": 404, "icb_officer": 404, "anonymous": SIGN_IN},
        400,
    ),
    "staff:provider": (
        {"slug": "alpha-mediation"},
        "get",
        {
            "other_provider": 404,
            "la_officer": 404,
            "other_la": 404,
            "icb_officer": 404,
            "anonymous": SIGN_IN,
        },
        200,
    ),
    # Reports: every signed-in user, each seeing only their own scope's figures.
    "reports:report": ({}, "get", {"anonymous": SIGN_IN}, 200),
    "reports:report-csv": ({}, "get", {"anonymous": SIGN_IN}, 200),
    "reports:report-xlsx": ({}, "get", {"anonymous": SIGN_IN}, 200),
    "reports:annual-return": ({}, "get", {"anonymous": SIGN_IN}, 200),
    "reports:annual-return-csv": ({}, "get", {"anonymous": SIGN_IN}, 200),
    "reports:annual-return-xlsx": ({}, "get", {"anonymous": SIGN_IN}, 200),
    # The audit trail and subject access: provider managers and administrators only. The world
    # has no provider manager (provider_staff is an adviser: 404); managers, and subject access
    # on a real case, are in sendresolve/staff/tests/test_audit_pages.py. No case has this
    # reference, so even an administrator finds nothing.
    "staff:audit": ({}, "get", {"administrator": 200, "anonymous": SIGN_IN}, 404),
    "staff:audit-csv": ({}, "get", {"administrator": 200, "anonymous": SIGN_IN}, 404),
    "staff:subject-access": ({"reference": "SR-2345-6789"}, "get", {"anonymous": SIGN_IN}, 404),
}
# Case pages need a case: their persona matrix is in sendresolve/staff/tests/test_case_pages.py
# (CASE_URL_RULES there), and this sweep checks every such URL is listed.
from sendresolve.staff.tests.test_case_pages import CASE_URL_RULES  # noqa: E402

# Django admin: staff-only, checked by Django itself; one rule for the whole namespace.
# The API ("api:") answers tokens, not sessions: its persona matrix is API_URL_RULES in
# sendresolve/api/tests/test_personas.py, and test_every_api_url_has_a_rule checks it is complete.
COVERED_NAMESPACES = {"admin", "api"}


def all_url_names(patterns=None, namespace=""):
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(all_url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed>")
    return names


def test_every_url_has_a_rule():
    missing = [
        name
        for name in all_url_names()
        if name not in RULES
        and name not in CASE_URL_RULES
        and name.split(":")[0] not in COVERED_NAMESPACES
    ]
    assert missing == [], f"Add access rules for: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_url_answers_each_persona_as_its_rule_says(as_persona, name, persona):
    kwargs, method, overrides, default = RULES[name]
    client = as_persona(persona)
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == overrides.get(persona, default)


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_only_for_django_staff(as_persona, world, persona):
    client = as_persona(persona)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_api_url_has_a_rule():
    from sendresolve.api.tests.test_personas import API_URL_RULES

    names = all_url_names()
    missing = [name for name in names if name.startswith("api:") and name not in API_URL_RULES]
    assert missing == [], f"Add API access rules for: {missing}"
    assert sorted(set(API_URL_RULES) - set(names)) == [], "Rules for API URLs that do not exist"
