"""The public /verify/ page and POST /api/v1/verify: the right facts, only the child's initials,
replaced certificates said so, made-up codes refused, and a limit per address."""

import re

import pytest
from rest_framework.test import APIClient

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services as case_services
from sendresolve.cases.models import Certificate
from sendresolve.verification import ratelimit
from sendresolve.verification.models import VerificationCode

pytestmark = pytest.mark.django_db

URL = "/verify/"
API = "/api/v1/verify"


def code_of(certificate: Certificate) -> str:
    return VerificationCode.objects.get(kind="certificate", number=certificate.number).code


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_question_page_asks_for_the_code(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "Check a mediation certificate" in text
    assert 'name="code"' in response.content.decode()


def test_a_real_code_shows_the_certificate_and_only_the_childs_initials(client, certified):
    certificate = Certificate.objects.get(case=certified)
    typed = code_of(certificate).lower().replace("-", " ")
    response = client.post(URL, {"code": typed})
    assert response.status_code == 200
    text = page_text(response)
    assert "This is a genuine certificate" in text
    assert certificate.number in text
    assert "Mediation advice given, mediation declined" in text
    assert "4 April 2024" in text  # date of issue
    assert "Alpha Mediation" in text
    assert "Tuesday 7 May 2024" in text  # appeal deadline: one month from the certificate
    assert "S. L. E." in text
    for personal in ("Sam", "Example", certified.reference, certified.requester_name):
        assert personal not in text
    assert response["Cache-Control"].startswith("max-age=0")
    assert AuditEvent.objects.filter(
        action="verification.certificate.check", local_authority=certified.local_authority
    ).exists()


def test_a_replaced_certificate_says_so_and_names_its_replacement(client, certified, adviser):
    old = Certificate.objects.get(case=certified)
    case_services.case_correct(actor=adviser, case=certified, changes={"child_name": "Sam Exampel"})
    new = case_services.certificate_correct(actor=adviser, certificate=old)
    text = page_text(client.post(URL, {"code": code_of(old)}))
    assert "This certificate has been replaced" in text
    assert f"replaced on 10 April 2024 by certificate {new.number}" in text
    assert "This is a genuine certificate" not in text
    newer = page_text(client.post(URL, {"code": code_of(new)}))
    assert "This is a genuine certificate" in newer
    assert old.number in newer  # "Replaces certificate"
    assert code_of(new) != code_of(old)


@pytest.mark.parametrize("typed", ["7KQ3-MX9D-H2PW", "MC-2024-ABCDEF", "", "x" * 500, "\x00"])
def test_a_made_up_or_malformed_code_is_refused_with_the_form_again(client, certified, typed):
    response = client.post(URL, {"code": typed})
    assert response.status_code in (400, 404)
    text = page_text(response)
    assert "There is a problem" in text
    assert "Error: Check a mediation certificate" in text
    assert 'name="code"' in response.content.decode()
    if typed == "7KQ3-MX9D-H2PW":
        assert response.status_code == 404
        assert "We could not find a certificate with that code" in text


def test_the_number_alone_is_not_enough(client, certified):
    certificate = Certificate.objects.get(case=certified)
    response = client.post(URL, {"code": certificate.number})
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter the verification code as shown" in text
    assert "This is a genuine certificate" not in text and "Alpha Mediation" not in text


def test_checks_are_limited_per_address(client, certified):
    code = code_of(Certificate.objects.get(case=certified))
    for _ in range(ratelimit.LIMIT):
        assert client.post(URL, {"code": "7KQ3-MX9D-H2PW"}, REMOTE_ADDR="203.0.113.9").status_code
    refused = client.post(URL, {"code": code}, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert "You have checked too many certificates" in page_text(refused)
    assert "This is a genuine certificate" not in page_text(refused)
    # Another address is not held back, on the page or through the API.
    assert client.post(URL, {"code": code}, REMOTE_ADDR="198.51.100.4").status_code == 200
    api = APIClient(REMOTE_ADDR="203.0.113.9")
    limited = api.post(API, {"code": code}, format="json")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"


def test_the_api_answers_the_same_facts_without_a_token(certified):
    certificate = Certificate.objects.get(case=certified)
    response = APIClient().post(API, {"code": code_of(certificate)}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "kind": "certificate",
        "number": certificate.number,
        "description": "Mediation advice given, mediation declined",
        "issued_on": "2024-04-04",
        "provider": "Alpha Mediation",
        "appeal_deadline": "2024-05-07",
        "child_initials": "S. L. E.",
        "replaces_number": "",
        "superseded": False,
        "superseded_on": None,
        "superseded_by": "",
    }


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"code": "7KQ3-MX9D-H2PW"}, 404),
        ({"code": "nonsense"}, 400),
        ({"code": 12}, 400),
        ({}, 400),
        ({"code": "7KQ3-MX9D-H2PW", "number": "MC-2024-ABCDEF"}, 400),
    ],
)
def test_the_api_refuses_made_up_codes_and_bad_bodies_as_problems(certified, body, status):
    response = APIClient().post(API, body, format="json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_the_api_refuses_a_get_and_a_form_body(certified):
    assert APIClient().get(API).status_code == 405
    assert APIClient().post(API, "code=x", content_type="text/plain").status_code == 415
