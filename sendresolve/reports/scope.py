"""What a report covers: the period and filters chosen, and the cases the user may see.

``figures`` re-exports these names; the report tables take a ``Scope`` and ``ReportFilters``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from sendresolve.cases.models import Case, ReportFact
from sendresolve.cases.selectors import case_scope
from sendresolve.tenancy.models import LocalAuthority, Provider


@dataclass(frozen=True)
class ReportFilters:
    date_from: dt.date
    date_to: dt.date
    local_authority: str = ""  # DfE code
    provider: str = ""  # slug


@dataclass(frozen=True)
class Scope:
    """The cases a report covers.

    ``facts`` filters ``ReportFact`` rows, which carry their case's LA and provider: an
    administrator's national report has no condition at all, an LA's or a provider's is a
    condition on those columns (both in the report index), a health body's is ``case IN (…)``.
    ``via()`` filters rows that reach the case through ``case`` (the late-certificate list).
    """

    cases: Q
    facts: Q

    def via(self, path: str = "case") -> Q:
        if not self.cases:
            return Q()
        return Q(**{f"{path}__in": Case.objects.filter(self.cases).values("pk")})

    def of(self, measure: str, filters: ReportFilters):
        """The facts of one measure in the period."""
        return ReportFact.objects.filter(
            self.facts, measure=measure, on__range=(filters.date_from, filters.date_to)
        )


def scoped_cases(user, filters: ReportFilters) -> Scope:
    """The cases the user may see, narrowed to the chosen LA and provider."""
    cases = case_scope(user) or Q()
    facts = case_scope(user, copied=True) or Q()
    if filters.local_authority:
        la = LocalAuthority.objects.filter(dfe_code=filters.local_authority).values("pk")
        cases &= Q(local_authority__in=la)
        facts &= Q(local_authority__in=la)
    if filters.provider:
        provider = Provider.objects.filter(slug=filters.provider).values("pk")
        cases &= Q(provider__in=provider)
        facts &= Q(provider__in=provider)
    return Scope(cases, facts)


def scope_label(filters: ReportFilters) -> str:
    parts = []
    if filters.local_authority:
        la = LocalAuthority.objects.filter(dfe_code=filters.local_authority).first()
        parts.append(la.name if la else filters.local_authority)
    if filters.provider:
        provider = Provider.objects.filter(slug=filters.provider).first()
        parts.append(provider.name if provider else filters.provider)
    return ", ".join(parts) or "Every local authority you can see"
