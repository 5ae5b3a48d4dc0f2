"""What /verify/ and the API answer for a verification code: the facts printed on the document
that prove it is genuine, and no personal data beyond the child's initials."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Certificate
from sendresolve.documents.certificates import KINDS
from sendresolve.verification.codes import code_normalise
from sendresolve.verification.models import VerificationCode


@dataclass(frozen=True)
class DocumentCheck:
    """A genuine document, as anyone may see it."""

    kind: str  # VerificationCode.Kind
    kind_label: str  # "Mediation certificate"
    number: str
    description: str  # the certificate's own kind, as printed on it
    issued_on: dt.date
    provider_name: str
    appeal_deadline: dt.date | None  # None for a document that starts no appeal clock
    child_initials: str
    replaces_number: str
    superseded_on: dt.date | None
    superseded_by_number: str

    @property
    def superseded(self) -> bool:
        return self.superseded_on is not None


def initials(name: str) -> str:
    """``"Amelia Rose Smith-Jones"`` → ``"A. R. S."``: the first letter of each word."""
    letters = [word[0].upper() for word in name.split() if word[:1].isalpha()]
    return " ".join(f"{letter}." for letter in letters)


# The other kinds of document (an agreement, an issues-still-in-dispute summary): the app that
# issues them registers how to check one at start-up (``agreements.apps``), so this app imports
# none of them. Each answers the document of that number, audited, or None.
CHECKERS: dict[str, Callable[[str], DocumentCheck | None]] = {}


def checker_register(kind: str, check: Callable[[str], DocumentCheck | None]) -> None:
    CHECKERS[kind] = check


def document_check(code: str) -> DocumentCheck | None:
    """The document ``code`` verifies, or None for a code that is not one (or whose document
    is gone under the retention policy). A found one is audited against its case."""
    normalised = code_normalise(code)
    if normalised is None:
        return None
    found = VerificationCode.objects.filter(code=normalised).first()
    if found is not None and found.kind in CHECKERS:
        return CHECKERS[found.kind](found.number)
    if found is None or found.kind != VerificationCode.Kind.CERTIFICATE:
        return None
    certificate = (
        Certificate.objects.select_related(
            "case__provider", "case__local_authority", "superseded_by"
        )
        .filter(number=found.number)
        .first()
    )
    if certificate is None:
        return None
    case = certificate.case
    audit_record(
        actor=None,
        action="verification.certificate.check",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"certificate_id": certificate.pk},
    )
    successor = certificate.superseded_by
    return DocumentCheck(
        kind=found.kind,
        kind_label=found.get_kind_display(),
        number=certificate.number,
        description=KINDS[certificate.kind]["label"],
        issued_on=certificate.issued_on,
        provider_name=case.provider.name,
        appeal_deadline=certificate.appeal_deadline,
        child_initials=initials(case.child_name),
        replaces_number=certificate.replaces_number,
        superseded_on=certificate.superseded_on,
        superseded_by_number=successor.number if successor is not None else "",
    )
