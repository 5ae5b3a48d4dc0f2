"""What /verify/ answers for an agreement or a summary of issues still in dispute (registered
with the verification app at start-up): the facts printed on it, the child's initials, and
whether a later version superseded it. Each check is audited against its case."""

from __future__ import annotations

from sendresolve.agreements.models import AgreementDocument, IssuesSummary
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case
from sendresolve.verification.models import VerificationCode
from sendresolve.verification.selectors import DocumentCheck, initials


def _audit(case: Case, number: str) -> None:
    audit_record(
        actor=None,
        action="verification.agreement.check",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"number": number},
    )


def agreement_check(number: str) -> DocumentCheck | None:
    document = (
        AgreementDocument.objects.select_related("case__provider", "case__local_authority")
        .defer("pdf")
        .filter(number=number)
        .exclude(state=AgreementDocument.State.DRAFT)
        .first()
    )
    if document is None or document.issued_on is None:
        return None
    case = document.case
    _audit(case, number)
    successor = (
        AgreementDocument.objects.filter(case=case, version__gt=document.version)
        .exclude(state=AgreementDocument.State.DRAFT)
        .order_by("version")
        .values_list("number", flat=True)
        .first()
    )
    previous = (
        AgreementDocument.objects.filter(case=case, version__lt=document.version)
        .exclude(state=AgreementDocument.State.DRAFT)
        .order_by("-version")
        .values_list("number", flat=True)
        .first()
    )
    return DocumentCheck(
        kind=VerificationCode.Kind.AGREEMENT,
        kind_label=VerificationCode.Kind.AGREEMENT.label,
        number=document.number,
        description=f"Written agreement, version {document.version}",
        issued_on=document.issued_on,
        provider_name=case.provider.name,
        appeal_deadline=None,
        child_initials=initials(case.child_name),
        replaces_number=previous or "",
        superseded_on=document.superseded_on,
        superseded_by_number=successor or "",
    )


def summary_check(number: str) -> DocumentCheck | None:
    summary = (
        IssuesSummary.objects.select_related("case__provider", "case__local_authority")
        .defer("pdf")
        .filter(number=number)
        .first()
    )
    if summary is None:
        return None
    case = summary.case
    _audit(case, number)
    return DocumentCheck(
        kind=VerificationCode.Kind.REMAINING_ISSUES,
        kind_label=VerificationCode.Kind.REMAINING_ISSUES.label,
        number=summary.number,
        description=f"{len(summary.issues)} issue(s) still in dispute after mediation",
        issued_on=summary.issued_on,
        provider_name=case.provider.name,
        appeal_deadline=None,
        child_initials=initials(case.child_name),
        replaces_number="",
        superseded_on=None,
        superseded_by_number="",
    )


def agreement_pdf(case: Case, number: str) -> bytes | None:
    """The issued agreement's PDF, for posting it (``notifications.letters``)."""
    document = AgreementDocument.objects.filter(case=case, number=number).exclude(pdf=b"").first()
    return bytes(document.pdf) if document is not None else None


def summary_pdf(case: Case, number: str) -> bytes | None:
    """The issues-still-in-dispute summary's PDF, for posting it."""
    summary = IssuesSummary.objects.filter(case=case, number=number).first()
    return bytes(summary.pdf) if summary is not None and summary.pdf else None
