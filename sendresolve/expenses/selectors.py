"""Who sees which travel expense claims.

- the case's provider's staff (and administrators) see every claim on their cases;
- an LA officer sees the claims on their LA's cases they may see (privacy by stage,
  ``cases.selectors.cases_for``): the LA decides and pays them;
- a health body's officers see none (the LA pays travel to mediation, not the ICB);
- the family sees their own claims on their status page (``family_claims``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sendresolve.cases.models import Case
from sendresolve.cases.selectors import cases_for
from sendresolve.core.errors import NotFound
from sendresolve.expenses.models import ClaimState, ExpenseClaim
from sendresolve.tenancy.actors import Who, as_actor

MAX_ID = 2**63 - 1


def claims_for(who: Who) -> QuerySet[ExpenseClaim]:
    """Every claim the actor may see, newest first."""
    actor = as_actor(who)
    claims = ExpenseClaim.objects.select_related(
        "case", "case__local_authority", "case__provider", "session", "decided_by"
    ).prefetch_related("lines", "receipts")
    if actor.is_global:
        return claims.order_by("-submitted_on", "-id")
    if not actor.is_authenticated:
        return claims.none()
    mine = Q(case__provider_id__in=sorted(actor.provider_ids)) | Q(
        case__local_authority_id__in=sorted(actor.local_authority_ids)
    )
    return claims.filter(mine, case__in=cases_for(actor)).order_by("-submitted_on", "-id")


def case_claims(who: Who, case: Case) -> QuerySet[ExpenseClaim]:
    """The claims on one case the actor may see."""
    return claims_for(who).filter(case=case)


def claims_to_decide(who: Who) -> QuerySet[ExpenseClaim]:
    """Claims sent to the LA and not yet decided, oldest first: the LA's list to work through."""
    return claims_for(who).filter(state=ClaimState.SUBMITTED).order_by("submitted_on", "id")


def claim_get(who: Who, *, claim_id: int) -> ExpenseClaim:
    """One claim the actor may see, or ``NotFound`` (as if it did not exist)."""
    if not 0 < claim_id <= MAX_ID:
        raise NotFound("No such claim.")
    claim = claims_for(who).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("No such claim.")
    return claim


def family_claims(case: Case) -> QuerySet[ExpenseClaim]:
    """The family's own claims, for their status page."""
    return case.expense_claims.prefetch_related("lines", "receipts").order_by(
        "-submitted_on", "-id"
    )
