"""Signed certificates (PAdES, pyHanko): the issued PDF validates against the provider's
certificate, and one altered byte makes validation fail. Production without a key is told so."""

from io import BytesIO

import pytest
from django.core import checks
from django.core.management import call_command
from pypdf import PdfReader

from sendresolve.cases.models import Certificate
from sendresolve.documents.signing import (
    development_key_pair,
    pdf_signature_check,
    signing_configured,
)
from sendresolve.verification.checks import signing_key_check, signing_key_deploy_check


@pytest.fixture(scope="session")
def key_pair():
    return development_key_pair("Alpha Mediation (test)")


@pytest.fixture
def signing(settings, key_pair):
    key, cert = key_pair
    settings.SENDRESOLVE_SIGNING_KEY = key.decode()
    settings.SENDRESOLVE_SIGNING_CERT = cert.decode()
    return cert


def altered(pdf: bytes, at: int) -> bytes:
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


@pytest.mark.django_db
def test_an_issued_certificate_is_signed_and_one_changed_byte_breaks_it(signing, certified):
    pdf = bytes(Certificate.objects.get(case=certified).pdf)
    assert pdf_signature_check(pdf, trusted_cert_pem=signing).ok
    assert "Sam Lee Example" in PdfReader(BytesIO(pdf)).pages[0].extract_text()
    # One byte inside the page's content stream, which the signature covers.
    at = pdf.index(b"stream", pdf.index(b"/Contents")) + 40
    check = pdf_signature_check(altered(pdf, at), trusted_cert_pem=signing)
    assert not check.ok
    assert not check.intact
    # And a byte of the document information (the title) near the start of the file.
    at = pdf.index(b"/Title") + 8
    assert not pdf_signature_check(altered(pdf, at), trusted_cert_pem=signing).ok


@pytest.mark.django_db
def test_a_signature_by_another_key_is_not_trusted(signing, certified):
    pdf = bytes(Certificate.objects.get(case=certified).pdf)
    _, stranger = development_key_pair("Someone else")
    check = pdf_signature_check(pdf, trusted_cert_pem=stranger)
    assert check.intact and not check.trusted and not check.ok


@pytest.mark.django_db
def test_without_a_key_outside_production_certificates_are_unsigned(certified, key_pair):
    pdf = bytes(Certificate.objects.get(case=certified).pdf)
    assert not signing_configured()
    assert pdf.startswith(b"%PDF")
    assert not pdf_signature_check(pdf, trusted_cert_pem=key_pair[1]).ok


def test_production_without_a_key_warns_at_start_and_fails_the_deploy_check(settings):
    settings.DEVELOPMENT = False
    settings.SENDRESOLVE_SIGNING_KEY = ""
    settings.SENDRESOLVE_SIGNING_CERT = ""
    warnings = signing_key_check()
    assert [w.id for w in warnings] == ["verification.W001"]
    assert warnings[0].level == checks.WARNING
    assert "unsigned" in warnings[0].msg
    errors = signing_key_deploy_check()
    assert [e.id for e in errors] == ["verification.E001"]
    assert errors[0].level == checks.ERROR


def test_production_with_an_unreadable_key_fails_the_system_check(settings, tmp_path):
    settings.DEVELOPMENT = False
    settings.ENVIRONMENT = "production"
    settings.SENDRESOLVE_SIGNING_KEY = str(tmp_path / "missing.pem")
    settings.SENDRESOLVE_SIGNING_CERT = str(tmp_path / "missing-cert.pem")
    assert [e.id for e in signing_key_check()] == ["verification.E002"]
    assert signing_key_deploy_check() == []  # reported once


def test_production_with_a_key_passes_the_system_check(settings, signing):
    settings.DEVELOPMENT = False
    settings.ENVIRONMENT = "production"
    assert signing_key_check() == []
    assert signing_key_deploy_check() == []


def test_the_development_command_writes_a_key_that_signs(settings, tmp_path):
    settings.ENVIRONMENT = "development"
    settings.SENDRESOLVE_SIGNING_KEY = str(tmp_path / "signing" / "key.pem")
    settings.SENDRESOLVE_SIGNING_CERT = str(tmp_path / "signing" / "certificate.pem")
    assert not signing_configured()
    call_command("signing_key")
    assert signing_configured()
    assert (tmp_path / "signing" / "key.pem").stat().st_mode & 0o077 == 0
    first = (tmp_path / "signing" / "key.pem").read_bytes()
    call_command("signing_key")  # kept
    assert (tmp_path / "signing" / "key.pem").read_bytes() == first
