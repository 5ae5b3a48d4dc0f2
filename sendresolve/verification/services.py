"""Giving a document its verification code."""

from django.db import IntegrityError, transaction

from sendresolve.verification.codes import code_generate
from sendresolve.verification.models import VerificationCode

ATTEMPTS = 5


def verification_code_issue(*, kind: str, number: str) -> str:
    """The verification code of document ``number`` of ``kind``, created on first asking (in
    the caller's transaction, so a certificate and its code are saved together or not at all).
    Asking again answers the same code."""
    existing = (
        VerificationCode.objects.filter(kind=kind, number=number)
        .values_list("code", flat=True)
        .first()
    )
    if existing is not None:
        return existing
    for _ in range(ATTEMPTS):
        code = code_generate()
        try:
            with transaction.atomic():
                VerificationCode.objects.create(code=code, kind=kind, number=number)
        except IntegrityError:
            # A code already taken (about one chance in 10^18), or this document's code made by
            # a parallel call: take that one if so, else draw again.
            found = (
                VerificationCode.objects.filter(kind=kind, number=number)
                .values_list("code", flat=True)
                .first()
            )
            if found is not None:
                return found
            continue
        return code
    raise RuntimeError("Could not draw an unused verification code.")
