"""Verification codes: their shape, their uniqueness, and one per certificate, made when it is
issued and printed on it."""

import re
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from sendresolve.cases.models import Certificate
from sendresolve.verification import services
from sendresolve.verification.codes import ALPHABET, code_generate, code_normalise
from sendresolve.verification.models import VerificationCode

SHAPE = re.compile(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def test_codes_are_three_groups_of_four_without_look_alikes():
    assert not set("01IO") & set(ALPHABET)
    codes = {code_generate() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(SHAPE.fullmatch(code) for code in codes)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7kq3-mx9d-h2pw", "7KQ3-MX9D-H2PW"),
        (" 7KQ3 MX9D H2PW ", "7KQ3-MX9D-H2PW"),
        ("7KQ3MX9DH2PW", "7KQ3-MX9D-H2PW"),
        ("7KQ3–MX9D–H2PW", "7KQ3-MX9D-H2PW"),  # en dashes from a word processor
        ("7KQ3-MX9D-H2P", None),
        ("7KQ3-MX9D-H2PW2", None),
        ("7KQ0-MX9D-H2PW", None),  # 0 is never used
        ("7KQ3-MX9D-H2P\x00", None),
        ("", None),
    ],
)
def test_what_people_type_is_read_as_the_code_or_refused(typed, expected):
    assert code_normalise(typed) == expected


@pytest.mark.django_db
def test_each_certificate_gets_one_code_when_issued_and_the_pdf_prints_it(certified):
    certificate = Certificate.objects.get(case=certified)
    stored = VerificationCode.objects.get(kind="certificate", number=certificate.number)
    assert SHAPE.fullmatch(stored.code)
    assert services.verification_code_issue(kind="certificate", number=certificate.number) == (
        stored.code
    )
    assert VerificationCode.objects.count() == 1
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(BytesIO(bytes(certificate.pdf))).pages
    )
    assert stored.code in text
    assert "Check this certificate at http://127.0.0.1:8000/verify/" in text


@pytest.mark.django_db
def test_codes_are_unique_and_a_clash_draws_again(monkeypatch):
    first = services.verification_code_issue(kind="certificate", number="MC-2024-AAAAAA")
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationCode.objects.create(code=first, kind="certificate", number="MC-2024-BBBBBB")
    drawn = iter([first, "2345-6789-ABCD"])
    monkeypatch.setattr(services, "code_generate", lambda: next(drawn))
    second = services.verification_code_issue(kind="certificate", number="MC-2024-BBBBBB")
    assert second == "2345-6789-ABCD"
    assert VerificationCode.objects.filter(code=first).get().number == "MC-2024-AAAAAA"
