"""Which agreement documents an actor may see on a case they can see.

The provider's own staff (and administrators) see every version and the draft; the LA's and
health body's officers, and the family, see only issued versions (the one in force and those it
superseded), never a draft: a draft is the mediator's work in progress. Nothing here reads the
confidential notes.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sendresolve.agreements.models import AgreementDocument, AgreementReceipt, Party
from sendresolve.cases.models import Case
from sendresolve.cases.permissions import sees_confidential
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who

ISSUED_STATES = (AgreementDocument.State.ISSUED, AgreementDocument.State.SUPERSEDED)


def sees_drafts(actor: Who, case: Case) -> bool:
    return sees_confidential(actor, case)


def documents_for(actor: Who, case: Case) -> QuerySet[AgreementDocument]:
    """The versions the actor may see, newest first (the caller has scoped the case)."""
    documents = AgreementDocument.objects.filter(case=case).defer("pdf")
    if not sees_drafts(actor, case):
        documents = documents.filter(state__in=ISSUED_STATES)
    return documents.select_related("issued_by").prefetch_related("receipts").order_by("-version")


def issued_documents(case: Case) -> QuerySet[AgreementDocument]:
    """What the family sees: the issued versions, newest first."""
    return (
        AgreementDocument.objects.filter(case=case, state__in=ISSUED_STATES)
        .defer("pdf")
        .prefetch_related("receipts")
        .order_by("-version")
    )


def document_in_force(case: Case) -> AgreementDocument | None:
    return (
        AgreementDocument.objects.filter(case=case, state=AgreementDocument.State.ISSUED)
        .defer("pdf")
        .prefetch_related("receipts")
        .first()
    )


def draft_for(case: Case) -> AgreementDocument | None:
    return AgreementDocument.objects.filter(case=case, state=AgreementDocument.State.DRAFT).first()


def issued_document_get(case: Case, *, number: str) -> AgreementDocument:
    """An issued version by its number, with its PDF, or ``NotFound``."""
    found = AgreementDocument.objects.filter(case=case, number=number, state__in=ISSUED_STATES)
    document = found.first()
    if document is None or not number:
        raise NotFound("No such agreement.")
    return document


def confirmed(document: AgreementDocument | None, party: str) -> AgreementReceipt | None:
    if document is None:
        return None
    return next((r for r in document.receipts.all() if r.party == party), None)


def family_confirmed(document: AgreementDocument | None) -> AgreementReceipt | None:
    return confirmed(document, Party.FAMILY)
