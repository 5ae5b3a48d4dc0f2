"""Who sees which documents on a case: the one rule every page, the API and the family's
status page read.

- the provider's own staff (and administrators) see every document on their cases;
- an LA's or health body's officer who sees the case (privacy by stage, ``cases.privacy``)
  sees those shared with the parties or with everyone, and never confidential material;
- the family, through their status link, sees those shared with the family or with everyone.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sendresolve.casefiles.models import SEEN_BY_FAMILY, SEEN_BY_PARTIES, CaseFile
from sendresolve.cases.models import Case
from sendresolve.cases.permissions import is_provider_side, sees_confidential
from sendresolve.cases.privacy import sees_case
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor

MAX_ID = 2**63 - 1


def documents_for(who: Who, case: Case) -> QuerySet[CaseFile]:
    """The case's documents ``who`` may see, newest first."""
    actor = as_actor(who)
    documents = case.files.select_related("uploaded_by").order_by("-uploaded_at", "-id")
    if sees_confidential(actor, case):
        return documents
    if is_provider_side(actor, case):
        # The provider's staff other than the case's mediator and managers (issue 23).
        return documents.filter(confidential=False)
    if not actor.is_authenticated or not sees_case(actor, case):
        return CaseFile.objects.none()
    return documents.filter(visibility__in=sorted(SEEN_BY_PARTIES), confidential=False)


def family_documents(case: Case) -> QuerySet[CaseFile]:
    """The documents the family sees on their status page."""
    return case.files.filter(visibility__in=sorted(SEEN_BY_FAMILY)).order_by("-uploaded_at", "-id")


def _one(documents: QuerySet[CaseFile], document_id: int) -> CaseFile:
    if not 0 < document_id <= MAX_ID:
        raise NotFound("No such document.")
    document = documents.select_related("case", "case__provider", "case__local_authority")
    found = document.filter(pk=document_id).first()
    if found is None:
        raise NotFound("No such document.")
    return found


def document_get(who: Who, case: Case, *, document_id: int) -> CaseFile:
    """One document on ``case`` that ``who`` may see (``NotFound`` otherwise, as if it did not
    exist)."""
    return _one(documents_for(who, case), document_id)


def family_document_get(case: Case, *, document_id: int) -> CaseFile:
    return _one(family_documents(case), document_id)
