"""Every URL has an access rule, tested for every persona.

Adding a URL without adding its rule here fails ``test_every_url_has_a_rule``.

The family link holder is a family who opened their own case's status page through the link we
sent them. They have no account: everywhere but their own case's pages they are answered as
anonymous visitors are. A status link is a capability, so on its pages no one else holds the
link: everyone else presents one we did not issue for that case.
"""

import copy
import dataclasses
import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sendresolve.cases import services
from sendresolve.cases.models import Case, Certificate
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.public.family import links
from sendresolve.tenancy.models import Commission

FAMILY = "family_link_holder"
PERSONAS = [
    "provider_staff",
    "colleague",
    "other_provider",
    "la_officer",
    "other_la",
    "icb_officer",
    "administrator",
    FAMILY,
    "anonymous",
]
SIGN_IN = 302  # anonymous visitors to staff pages are sent to sign in
MANAGERS = {"provider_staff": 200, "administrator": 200}  # who runs the provider's staff

# url name -> (kwargs, method, {persona: status}, default status). A persona not named is
# answered the default, except the family link holder, who is answered as anonymous is.
# "{token}" and "{certificate}" in kwargs are the family's case's (see ``Families.values``).
RULES = {
    "public:start": ({}, "get", {}, 200),
    "public:verify": ({}, "get", {}, 200),  # check a certificate: public (issue 21)
    "public:contacts": ({}, "get", {}, 200),
    "public:privacy": ({}, "get", {}, 200),
    "public:cookies": ({}, "get", {}, 200),
    "public:accessibility": ({}, "get", {}, 200),
    "public:contacts-la": ({"dfe_code": "302"}, "get", {}, 200),
    "public:provider-contact": ({"slug": "alpha-mediation"}, "get", {}, 200),
    "healthz": ({}, "get", {}, 200),
    "floor": ({}, "get", {}, 200),
    # The route finder: the first question opens; later pages send you to it until answered.
    "public:finder-question": ({"step": "council"}, "get", {}, 200),
    "public:finder-check": ({}, "get", {}, 302),
    "public:finder-advice": ({}, "get", {}, 302),
    "public:finder-advice-pdf": ({}, "get", {}, 302),
    # Family requests, status links, feedback and formats: public, with no account. Without
    # answers in the session the journey redirects. The family's own link opens their status
    # page and certificate; a link not issued for the case is 404 (see also
    # test_a_family_link_opens_its_own_case_and_nothing_else).
    "public:family-request": ({}, "get", {}, 302),
    "public:family-request-from-finder": ({}, "get", {}, 302),
    "public:family-request-step": ({"step": "what"}, "get", {}, 200),
    "public:family-request-check": ({}, "get", {}, 302),
    "public:family-request-sent": ({}, "get", {}, 302),
    "public:family-request-no-service": ({}, "get", {}, 302),
    # Save and come back later: nothing saved without answers; a link we did not send is the
    # expired page (sendresolve/public/tests/test_save_and_return.py has the rest).
    "public:family-request-save": ({}, "get", {}, 302),
    "public:family-request-save-sent": ({}, "get", {}, 302),
    "public:family-request-save-keep": ({"step": "what"}, "get", {}, 405),
    "public:family-request-return": ({"token": "not-a-saved-link"}, "get", {}, 404),
    "public:family-new-link": ({}, "get", {}, 200),
    "public:family-new-link-sent": ({}, "get", {}, 200),
    "public:family-status": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    # Change my contact details (issue 20), through the family's own link only.
    "public:family-contact-change": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    "public:family-contact-changed": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    "public:family-certificate": (
        {"token": "{token}", "number": "{certificate}"},
        "get",
        {FAMILY: 200},
        404,
    ),
    # Documents on a case (issue 21): through the family's own link only; no document 999.
    "public:family-documents": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    "public:family-document": ({"token": "{token}", "document_id": "999"}, "get", {}, 404),
    # What the family need to take part, and a supporter (issue 22): their own link only.
    "public:family-taking-part": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    "public:family-supporter": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    "public:family-feedback": ({}, "get", {}, 200),
    "public:family-feedback-sent": ({}, "get", {}, 200),
    "public:family-format": ({}, "get", {}, 200),
    "public:family-format-sent": ({}, "get", {}, 200),
    "staff:home": ({}, "get", {}, 200),
    "staff:sign-in": ({}, "get", {}, 200),
    "staff:sign-out": ({}, "get", {}, 405),
    # The staff footer's privacy, accessibility and cookies pages: open to everyone.
    "staff:help-privacy": ({}, "get", {}, 200),
    "staff:help-accessibility": ({}, "get", {}, 200),
    "staff:help-cookies": ({}, "get", {}, 200),
    # The second sign-in step (staff/tests/test_two_factor.py): users signed in with both steps
    # are sent on to the work queue, anonymous visitors to the password step.
    "staff:sign-in-code": ({}, "get", {}, 302),
    "staff:sign-in-set-up": ({}, "get", {}, 302),
    "staff:sign-in-backup-codes": ({}, "get", {}, 302),
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
    # The audit trail and subject access: provider managers and administrators only (the
    # world's adviser also manages their provider: conftest); subject access on a real case is
    # in sendresolve/staff/tests/test_audit_pages.py. No case has this reference, so even an
    # administrator finds nothing.
    "staff:audit": ({}, "get", {**MANAGERS, "anonymous": SIGN_IN}, 404),
    "staff:audit-csv": ({}, "get", {**MANAGERS, "anonymous": SIGN_IN}, 404),
    "staff:subject-access": ({"reference": "SR-2345-6789"}, "get", {"anonymous": SIGN_IN}, 404),
    # Triage: assigning from the queue is a POST only.
    "staff:queue-assign": ({}, "get", {"anonymous": SIGN_IN}, 405),
    # Requests for another format (issue 20): every signed-in user has a queue, scoped to their
    # providers (empty for LA and ICB officers); marking one sent is a POST only.
    "staff:format-requests": ({}, "get", {"anonymous": SIGN_IN}, 200),
    "staff:format-request-sent": ({"request_id": 1}, "get", {"anonymous": SIGN_IN}, 405),
    # Easy Read pages (issue 20): public.
    "public:easy-read-start": ({}, "get", {}, 200),
    "public:easy-read-advice": ({}, "get", {}, 200),
    "public:easy-read-certificate": ({}, "get", {}, 200),
    # Mediators' diary (issue 22): the provider's staff only (another provider sees its own,
    # empty here); no mediator 999 in the world; conflicts and the feed are changed by POST;
    # a feed token we did not make is 404 for everyone (sendresolve/diary/tests has the rest).
    "staff:diary": (
        {},
        "get",
        {"la_officer": 404, "other_la": 404, "icb_officer": 404, "anonymous": SIGN_IN},
        200,
    ),
    "staff:diary-edit": ({"user_id": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:diary-mediator": ({"pk": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:diary-hours": ({"pk": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:diary-week": ({"pk": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:diary-venue-week": ({"pk": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:diary-conflict-remove": (
        {"pk": 999, "conflict_id": 1},
        "get",
        {"anonymous": SIGN_IN},
        405,
    ),
    "staff:diary-feed-manage": (
        {"pk": 999, "what": "create"},
        "get",
        {"anonymous": SIGN_IN},
        405,
    ),
    # Venues (issue 22): the provider's manager and coordinators (the world's provider_staff
    # also manages: conftest) and administrators; no venue 999. Travel
    # expense claims: provider staff and LA officers (each their own), not health officers.
    # The family's claim page, through their own link: their case has no meeting yet.
    "staff:venues": ({}, "get", {**MANAGERS, "anonymous": SIGN_IN}, 404),
    "staff:venue-new": ({}, "get", {**MANAGERS, "anonymous": SIGN_IN}, 404),
    "staff:venue": ({"venue_id": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:venue-retire": (
        {"venue_id": 999, "what": "retire"},
        "get",
        {"anonymous": SIGN_IN},
        405,
    ),
    "staff:diary-feed": ({"token": "not-a-feed"}, "get", {}, 404),
    # The agreement document and the issues still in dispute (issue 21), through the family's
    # own link only. The family's case here has no outcome and no agreement: nothing to open
    # (sendresolve/agreements/tests/test_pages.py has the family with both).
    "public:family-agreement": (
        {"token": "{token}", "number": "SR-AAAA-AAAA-A1"},
        "get",
        {},
        404,
    ),
    "public:family-agreement-received": ({"token": "{token}"}, "get", {}, 404),
    "public:family-issues-in-dispute": ({"token": "{token}"}, "get", {}, 404),
    # Contracts and invoices (issue 23): a provider's managers and finance officers only (the
    # world's provider_staff also manages; administrators are neither); contract 1 is the
    # world's provider's with Barnet; no invoice 1
    # (sendresolve/billing/tests/test_pages.py has managers, finance and another provider's
    # manager). Approving, sending and crediting are POST only.
    "staff:billing:home": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:billing:contracts": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:billing:contract": (
        {"commission_id": "{commission}"},
        "get",
        {"provider_staff": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:billing:terms-new": (
        {"commission_id": "{commission}"},
        "get",
        {"provider_staff": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:billing:run": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:billing:invoice": ({"invoice_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:billing:pdf": ({"invoice_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:billing:csv": ({"invoice_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:billing:xlsx": ({"invoice_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:billing:invoice-approve": ({"invoice_id": 1}, "get", {}, 405),
    "staff:billing:invoice-sent": ({"invoice_id": 1}, "get", {}, 405),
    "staff:billing:credit-note": ({"invoice_id": 1}, "get", {}, 405),
    "staff:expenses": ({}, "get", {"icb_officer": 404, "anonymous": SIGN_IN}, 200),
    "public:family-expenses": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    "public:family-expenses-sent": ({"token": "{token}"}, "get", {FAMILY: 200}, 404),
    # Exports for LAs (issue 25): LA officers, provider managers (provider_staff manages) and
    # administrators; everyone else 404.
    "staff:exports:export": (
        {},
        "get",
        {
            "provider_staff": 200,
            "la_officer": 200,
            "other_la": 200,
            "administrator": 200,
            "anonymous": SIGN_IN,
        },
        404,
    ),
    # Targets and quality (issue 23): a provider's managers only (provider_staff manages; every
    # other persona gets 404: sendresolve/quality/tests has managers, finance and another
    # provider's manager). The survey: a link we did not send is the "does not work" page.
    "staff:quality": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:quality-targets": (
        {"commission_id": "{commission}"},
        "get",
        {"provider_staff": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:quality-complaints": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:quality-complaint-new": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:quality-complaint": ({"complaint_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "quality:survey": ({"token": "not-a-survey-link-we-sent"}, "get", {}, 404),
    "quality:survey-thanks": ({}, "get", {}, 200),
    # Importing a caseload (issue 25): provider managers only (provider_staff manages; every
    # other persona gets 404: sendresolve/imports/tests/test_pages.py has the manager, another
    # provider's manager and an adviser). Importing is POST only.
    "staff:imports:upload": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:imports:check": ({"import_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:imports:errors-csv": ({"import_id": 1}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:imports:confirm": ({"import_id": 1}, "get", {}, 405),
    # An LA's own school term dates (issue 24): its officers, the managers of providers it
    # commissions (provider_staff manages) and administrators; the index sends an officer of one
    # LA straight to it. Removing is POST only.
    "staff:term-dates-index": (
        {},
        "get",
        {"la_officer": 302, "other_la": 302, "provider_staff": 302, "anonymous": SIGN_IN},
        200,
    ),
    "staff:term-dates": (
        {"dfe_code": "302"},
        "get",
        {"provider_staff": 200, "la_officer": 200, "administrator": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:term-new": (
        {"dfe_code": "302"},
        "get",
        {"provider_staff": 200, "la_officer": 200, "administrator": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:closure-new": (
        {"dfe_code": "302"},
        "get",
        {"provider_staff": 200, "la_officer": 200, "administrator": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:term-remove": ({"dfe_code": "302", "term_id": 1}, "get", {"anonymous": SIGN_IN}, 405),
    "staff:closure-remove": (
        {"dfe_code": "302", "closure_id": 1},
        "get",
        {"anonymous": SIGN_IN},
        405,
    ),
    # Staff and roles (issue 23): the provider's managers (provider_staff manages too) and
    # administrators; no one has user 999999; suspending is a POST; the invitation link is open
    # and a token we did not issue is 404 (sendresolve/tenancy/tests/test_staffing.py).
    "staff:staff-list": ({}, "get", {**MANAGERS, "anonymous": SIGN_IN}, 404),
    "staff:staff-invite": ({}, "get", {**MANAGERS, "anonymous": SIGN_IN}, 404),
    "staff:staff-member": ({"user_id": 999999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:staff-status": (
        {"user_id": 999999, "what": "suspend"},
        "get",
        {"anonymous": SIGN_IN},
        405,
    ),
    # Webhooks (issue 25): LA officers, health commissioners, provider managers (the world's
    # provider staff are an adviser and a mediator) and administrators; no endpoint 999;
    # rotating a secret and replaying a delivery are POST only (sendresolve/webhooks/tests).
    "staff:webhooks": (
        {},
        "get",
        {
            "provider_staff": 200,
            "la_officer": 200,
            "other_la": 200,
            "icb_officer": 200,
            "administrator": 200,
            "anonymous": SIGN_IN,
        },
        404,
    ),
    "staff:webhook-new": (
        {},
        "get",
        {
            "provider_staff": 200,
            "la_officer": 200,
            "other_la": 200,
            "icb_officer": 200,
            "administrator": 200,
            "anonymous": SIGN_IN,
        },
        404,
    ),
    "staff:webhook": ({"endpoint_id": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:webhook-delete": ({"endpoint_id": 999}, "get", {"anonymous": SIGN_IN}, 404),
    "staff:webhook-rotate": ({"endpoint_id": 999}, "get", {"anonymous": SIGN_IN}, 405),
    "staff:webhook-delivery": (
        {"endpoint_id": 999, "delivery_id": 1},
        "get",
        {"anonymous": SIGN_IN},
        404,
    ),
    "staff:webhook-replay": (
        {"endpoint_id": 999, "delivery_id": 1},
        "get",
        {"anonymous": SIGN_IN},
        405,
    ),
    # A provider's messages and letterhead (issue 23): its managers only (provider_staff manages;
    # every other persona gets 404: sendresolve/branding/tests/ has managers, finance and another
    # provider's manager). The logo is uploaded or removed by POST only.
    "staff:branding:message-list": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:branding:message-edit": (
        {"template": "case_opened", "channel": "email"},
        "get",
        {"provider_staff": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:branding:message-history": (
        {"template": "case_opened", "channel": "email"},
        "get",
        {"provider_staff": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:branding:message-version": (
        {"template": "case_opened", "channel": "email", "version": 1},
        "get",
        {"anonymous": SIGN_IN},
        404,
    ),
    "staff:branding:message-reset": (
        {"template": "case_opened", "channel": "email"},
        "get",
        {"provider_staff": 200, "anonymous": SIGN_IN},
        404,
    ),
    "staff:branding:branding": ({}, "get", {"provider_staff": 200, "anonymous": SIGN_IN}, 404),
    "staff:branding:logo": ({}, "get", {}, 405),
    "staff:invite-accept": ({"token": "not-a-token"}, "get", {}, 404),
}
# Case pages need a case: their persona matrix is in sendresolve/staff/tests/test_case_pages.py
# (CASE_URL_RULES there), and this sweep checks every such URL is listed.
from sendresolve.staff.tests.test_case_pages import (  # noqa: E402
    CASE_URL_RULES,
    case_url,
    full_case,  # noqa: F401 (a fixture, for the family link holder's test)
)

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


def expected_status(rule, persona: str) -> int:
    _, _, overrides, default = rule
    if persona == FAMILY and FAMILY not in overrides:
        persona = "anonymous"
    return overrides.get(persona, default)


@dataclasses.dataclass
class Families:
    """Two families, each holding a status link to their own case, which has a certificate."""

    case: object
    token: str
    certificate: str
    other_case: object
    other_token: str
    other_certificate: str
    commission: str  # the world's provider's contract with Barnet (ids differ by database)

    def values(self, persona: str) -> dict[str, str]:
        """What a persona puts in a family page's address: the family link holder their own
        link; anyone else, who holds none, a link forged for the family's case."""
        token = self.token if persona == FAMILY else forged_token(self.case)
        return {"token": token, "certificate": self.certificate, "commission": self.commission}


def forged_token(case) -> str:
    """A token naming the case, signed by anyone but us (another salt, no fingerprint)."""
    return signing.TimestampSigner(salt="forged").sign_object({"r": case.reference, "f": "0"})


def certificate_for(world, case, number: str) -> str:
    case.status = Status.CERTIFICATE_ISSUED
    case.save(update_fields=["status"])
    Certificate.objects.create(
        case=case,
        number=number,
        kind=Certificate.Kind.DECLINED,
        issued_on=dt.date(2024, 3, 11),
        issued_by=world.users["provider_staff"],
        appeal_deadline=dt.date(2024, 5, 1),
        appeal_deadline_rule="rule",
        pdf=b"%PDF-1.7 certificate",
    )
    return number


@pytest.fixture
def families(world):
    case = open_case(world, email="alex@example.test")
    other = open_case(world, child_name="Robin Other", email="jo@example.test")
    return Families(
        case=case,
        token=links.token_for(case),
        certificate=certificate_for(world, case, "MC-2024-AAAAAA"),
        other_case=other,
        other_token=links.token_for(other),
        other_certificate=certificate_for(world, other, "MC-2024-BBBBBB"),
        commission=str(
            Commission.objects.get(
                provider=world.provider, local_authority=world.local_authority
            ).pk
        ),
    )


def needs_family(kwargs: dict) -> bool:
    return any("{" in str(value) for value in kwargs.values())


@pytest.fixture
def visit_as(as_persona, request):
    """Like ``as_persona``; the family link holder has first opened their status page."""

    def visit(persona):
        if persona != FAMILY:
            return as_persona(persona)
        client = as_persona("anonymous")
        token = request.getfixturevalue("families").token
        assert client.get(reverse("public:family-status", args=[token])).status_code == 200
        return client

    return visit


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_url_answers_each_persona_as_its_rule_says(visit_as, request, name, persona):
    kwargs, method, _, _ = RULES[name]
    client = visit_as(persona)
    if needs_family(kwargs):
        values = request.getfixturevalue("families").values(persona)
        kwargs = {key: value.format(**values) for key, value in kwargs.items()}
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == expected_status(RULES[name], persona)


def test_a_family_link_opens_its_own_case_and_nothing_else(visit_as, families):
    """Whoever is signed in: the link opens its own case's pages only, and only while it is
    valid. Expired links explain themselves (410) without saying whose case it was."""
    case, other = families.case, families.other_case
    with time_machine.travel(clock.now() - dt.timedelta(days=links.link_days() + 1)):
        expired = links.token_for(case)
    # Issued before the family's email changed: changing it revokes every link sent before.
    before_the_change = copy.copy(case)
    before_the_change.email = "old@example.test"
    revoked = links.token_for(before_the_change)

    def status(token):
        return reverse("public:family-status", args=[token])

    def certificate(token, number):
        return reverse("public:family-certificate", args=[token, number])

    checks = [
        (status(families.token), 200),
        (certificate(families.token, families.certificate), 200),
        # The other family's link opens their own case, not this family's certificate.
        (status(families.other_token), 200),
        (certificate(families.other_token, families.certificate), 404),
        # This family's link does not open the other family's certificate.
        (certificate(families.token, families.other_certificate), 404),
        (status(revoked), 404),
        (certificate(revoked, families.certificate), 404),
        (status(expired), 410),
        (certificate(expired, families.certificate), 410),
        (status(families.token[:-2] + "xx"), 404),
        (status(forged_token(case)), 404),
    ]
    wrong = []
    for persona in PERSONAS:
        client = visit_as(persona)
        for url, expected in checks:
            response = client.get(url)
            if response.status_code != expected:
                wrong.append((persona, url, response.status_code, expected))
            if expected != 200:
                assert case.reference.encode() not in response.content, (persona, url)
                assert other.reference.encode() not in response.content, (persona, url)
    assert wrong == [], f"(persona, url, got, expected) {wrong}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_only_for_django_staff(visit_as, world, persona):
    client = visit_as(persona)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_case_pages_send_the_family_link_holder_to_sign_in(visit_as, request):
    """The family's link opens no staff page of their case: they are sent to sign in."""
    case, session, certificate = request.getfixturevalue("full_case")
    client = visit_as("anonymous")
    token = links.token_for(case)
    assert client.get(reverse("public:family-status", args=[token])).status_code == 200
    wrong = []
    for name, (method, statuses) in sorted(CASE_URL_RULES.items()):
        response = getattr(client, method)(case_url(name, case, session, certificate))
        if response.status_code != statuses["anonymous"]:
            wrong.append((name, response.status_code, statuses["anonymous"]))
        elif response.status_code == SIGN_IN:
            assert response["Location"].startswith(reverse("staff:sign-in")), name
    assert wrong == [], f"(url name, got, expected) {wrong}"


def test_every_api_url_has_a_rule():
    from sendresolve.api.tests.test_personas import API_URL_RULES

    names = all_url_names()
    missing = [name for name in names if name.startswith("api:") and name not in API_URL_RULES]
    assert missing == [], f"Add API access rules for: {missing}"
    assert sorted(set(API_URL_RULES) - set(names)) == [], "Rules for API URLs that do not exist"


# -- privacy by stage (cases.permissions, SECURITY.md) --------------------------------------------

FAMILY_WORDS = "FAMILY-WORDS: the school is not meeting his needs"


@pytest.fixture
def advice_only(world, request):
    """The family asked for advice and then declined mediation; a certificate was issued and
    nothing else. Health care is in issue and the ICB named, so before privacy by stage both
    the LA's and the ICB's officers saw it."""
    request.getfixturevalue("full_case")  # the day the full case is built on
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        health_care_in_issue=True,
        commissioning_body=world.commissioning_body,
        child_name="Kit Private",
        phone="07700 900982",
        address="1 Private Road",
        decision_description=FAMILY_WORDS,
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    certificate = services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return case, certificate


def test_an_advice_only_case_answers_its_la_and_icb_as_another_la(visit_as, request, advice_only):
    """Every case URL, for the case's own LA and ICB officers, answers as it does for another
    LA's officer: as if the case did not exist."""
    built = request.getfixturevalue("full_case")
    case, _, certificate = built
    advised, advised_certificate = advice_only
    wrong = []
    for name, (method, statuses) in sorted(CASE_URL_RULES.items()):
        url = (
            case_url(name, *built)
            .replace(case.reference, advised.reference)
            .replace(certificate.number, advised_certificate.number)
        )
        for persona in ("la_officer", "icb_officer"):
            response = getattr(visit_as(persona), method)(url)
            if response.status_code != statuses["other_la"]:
                wrong.append((name, persona, response.status_code, statuses["other_la"]))
            assert advised.reference.encode() not in response.content, (name, persona)
    assert wrong == [], f"(url name, persona, got, expected) {wrong}"
    # Nor is it in their work queue, its counts or their reports' case lists.
    for persona in ("la_officer", "icb_officer"):
        client = visit_as(persona)
        queue = client.get(reverse("staff:home"))
        assert queue.status_code == 200
        assert advised.reference.encode() not in queue.content, persona
        assert advised.child_name.encode() not in queue.content, persona
    staff = visit_as("provider_staff").get(reverse("staff:case", args=[advised.reference]))
    assert staff.status_code == 200


def test_after_mediation_is_requested_the_la_sees_the_case_but_not_the_familys_words(
    visit_as, world, time_machine
):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=clock.LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        health_care_in_issue=True,
        child_date_of_birth=dt.date(2015, 5, 4),
        phone="07700 900982",
        address="1 Private Road",
        decision_description=FAMILY_WORDS,
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    url = reverse("staff:case", args=[case.reference])
    assert visit_as("la_officer").get(url).status_code == 404
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    for persona in ("la_officer", "icb_officer"):
        response = visit_as(persona).get(url)
        assert response.status_code == 200, persona
        page = response.content.decode()
        for needed in ("Sam Example", "Alex Example", "4 May 2015", "1 March 2024"):
            assert needed in page, (persona, needed)
        for private in ("FAMILY-WORDS", "alex@example.test", "07700", "Private Road"):
            assert private not in page, (persona, private)
        assert case.reference in visit_as(persona).get(reverse("staff:home")).content.decode()
    page = visit_as("provider_staff").get(url).content.decode()
    assert "FAMILY-WORDS" in page and "alex@example.test" in page


# -- every provider role (issue 23) ---------------------------------------------------------------

ROLES = ["adviser", "mediator", "coordinator", "manager", "finance"]
# Where a role is answered otherwise than a single-role member of the provider's staff (the
# colleague, a mediator): the manager runs the staff and reads the audit trail; finance sees no
# case, no family's request and no decision letter, and opens no LA or provider page (those are
# the case-working staff's; contracts and invoices have pages of their own).
ROLE_RULES = {
    "staff:staff-list": {"manager": 200},
    "staff:staff-invite": {"manager": 200},
    "staff:audit": {"manager": 200},
    "staff:audit-csv": {"manager": 200},
    "staff:local-authority": {"finance": 404},
    "staff:provider": {"finance": 404},  # the provider's case-working staff's page
    "staff:decision-letter": {"finance": 404},
    "staff:decision-letter-pdf": {"finance": 404},
    # Added since: venues are the manager's and coordinators'; contracts and invoices the
    # manager's and finance's; the diary and travel expenses are the case-working staff's.
    "staff:venues": {"manager": 200, "coordinator": 200},
    "staff:venue-new": {"manager": 200, "coordinator": 200},
    "staff:billing:home": {"manager": 200, "finance": 200},
    "staff:billing:contracts": {"manager": 200, "finance": 200},
    "staff:billing:run": {"manager": 200, "finance": 200},
    "staff:billing:contract": {"manager": 200, "finance": 200},
    "staff:billing:terms-new": {"manager": 200, "finance": 200},
    "staff:diary": {"finance": 404},
    "staff:expenses": {"finance": 404},
    # Added since: a provider's messages and letterhead, targets and complaints, importing and
    # webhooks are the manager's; exports the manager's (for the LAs the provider serves); an
    # LA's term dates its commissioned providers' managers' (one LA: straight to its page).
    **{
        name: {"manager": 200}
        for name in (
            "staff:branding:branding",
            "staff:branding:message-edit",
            "staff:branding:message-history",
            "staff:branding:message-list",
            "staff:branding:message-reset",
            "staff:quality",
            "staff:quality-complaint-new",
            "staff:quality-complaints",
            "staff:quality-targets",
            "staff:imports:upload",
            "staff:webhooks",
            "staff:webhook-new",
            "staff:exports:export",
            "staff:term-dates",
            "staff:term-new",
            "staff:closure-new",
        )
    },
    "staff:term-dates-index": {"manager": 302},
}


def role_status(name: str, persona: str) -> int:
    return ROLE_RULES.get(name, {}).get(persona, expected_status(RULES[name], "colleague"))


@pytest.mark.parametrize("persona", ROLES)
def test_every_url_answers_each_role(visit_as, request, role_personas, persona):
    wrong = []
    request.getfixturevalue("families")  # cases with children's names to look for
    for name in sorted(RULES):
        kwargs, method, _, _ = RULES[name]
        if needs_family(kwargs):
            values = request.getfixturevalue("families").values(persona)
            kwargs = {key: value.format(**values) for key, value in kwargs.items()}
        response = getattr(visit_as(persona), method)(reverse(name, kwargs=kwargs))
        if response.status_code != role_status(name, persona):
            wrong.append((name, response.status_code, role_status(name, persona)))
        if persona == "finance" and not name.startswith("public:"):
            # No case content on any staff page: no child's name, no case reference (the
            # family's own pages answer whoever holds the family's link, as for anyone).
            text = response.content.decode(errors="replace")
            for child, reference in Case.objects.values_list("child_name", "reference"):
                if child in text or reference in text:
                    wrong.append((name, "shows case", reference))
    assert wrong == [], f"(url name, got, expected) {wrong}"
