"""KPI targets and their red / amber / green rating, from the reports' own figures.

The actual figures are those of the report page (``reports.figures``) for the commission's
provider and LA over the period, so a target and the report never disagree:

- certificates issued within 3 working days: "Certificates on time" (of those issued in the
  period, on or before their 3-working-day deadline);
- mediations held within 30 days: "Held within 30 days (%)";
- agreement rate: "Agreed or partly agreed" (the issues of mediations concluded in the
  period that were agreed or partly agreed).

The rating (``rag``): **Green** when the actual figure meets or beats the target; **Amber**
when it is below the target by no more than ``AMBER_POINTS`` (5) percentage points (a target
of 90 % is amber from 85.0 % up to 89.9 %); **Red** when further below; **No figures** when
nothing in the period counts towards it (no certificate, mediation or outcome), and no rating
without a target. Every rating is written in words as well as coloured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sendresolve.core.errors import NotFound
from sendresolve.quality.models import KpiTarget
from sendresolve.reports import figures
from sendresolve.tenancy.actors import Actor, Who, as_actor
from sendresolve.tenancy.models import Commission
from sendresolve.tenancy.roles import Role

AMBER_POINTS = 5

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
RAG_LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red", NONE: "No figures"}
# GOV.UK tag colours; the text says the rating too.
RAG_TAGS = {GREEN: "govuk-tag--green", AMBER: "govuk-tag--orange", RED: "govuk-tag--red"}
RAG_TAGS[NONE] = "govuk-tag--grey"
RATING_CHOICES = [(key, label) for key, label in RAG_LABELS.items()]

# (field on KpiTarget, label, the report figure: (table, column))
KPIS = (
    (
        "certificates_on_time",
        "Certificates issued within 3 working days",
        ("by_local_authority", "certificates_on_time_pct"),
    ),
    (
        "held_within_30_days",
        "Mediations held within 30 days",
        ("by_local_authority", "held_within_30_days_pct"),
    ),
    (
        "agreement_rate",
        "Agreement rate (issues agreed or partly agreed)",
        ("outcomes", "agreed_pct"),
    ),
)


def rag(actual: float | None, target: int | None) -> str | None:
    """The rating of ``actual`` against ``target`` (None: no target set)."""
    if target is None:
        return None
    if actual is None:
        return NONE
    if actual >= target:
        return GREEN
    if actual >= target - AMBER_POINTS:
        return AMBER
    return RED


@dataclass(frozen=True)
class KpiResult:
    key: str
    label: str
    target: int | None
    actual: float | None
    rating: str | None

    @property
    def rating_label(self) -> str:
        return RAG_LABELS.get(self.rating or "", "No target")

    @property
    def tag_class(self) -> str:
        return RAG_TAGS.get(self.rating or "", "govuk-tag--grey")


@dataclass(frozen=True)
class CommissionTargets:
    commission: Commission
    date_from: dt.date
    date_to: dt.date
    kpis: tuple[KpiResult, ...]


def actual_figures(commission: Commission, *, date_from: dt.date, date_to: dt.date) -> dict:
    """The report's figures for one provider and LA over the period: each KPI's actual %.

    Read as the system (``case_scope`` of an administrator): whoever may see the commission's
    targets sees these aggregate figures, which name no case."""
    filters = figures.ReportFilters(
        date_from=date_from,
        date_to=date_to,
        local_authority=commission.local_authority.dfe_code,
        provider=commission.provider.slug,
    )
    cases = figures.scoped_cases(SYSTEM, filters)
    tables = {
        "by_local_authority": figures.mediation_by_la(cases, filters).total or {},
        "outcomes": figures.outcomes_by_issue(cases, filters).total or {},
    }
    return {key: tables[table].get(column) for key, _, (table, column) in KPIS}


# Reads every case; the figures are then narrowed to one provider and one LA.
SYSTEM = Actor(user=None, user_id=None, is_global=True)


def commission_targets(
    commission: Commission, *, date_from: dt.date, date_to: dt.date
) -> CommissionTargets:
    target = KpiTarget.objects.filter(commission=commission).first()
    actual = actual_figures(commission, date_from=date_from, date_to=date_to)
    kpis = []
    for key, label, _ in KPIS:
        wanted = getattr(target, key) if target else None
        kpis.append(KpiResult(key, label, wanted, actual[key], rag(actual[key], wanted)))
    return CommissionTargets(commission, date_from, date_to, tuple(kpis))


# -- who sees which commission's targets -------------------------------------------------------


def manager_provider_ids(who: Who) -> frozenset[int]:
    """The providers the actor manages (sets targets, records complaints)."""
    return frozenset(
        m.provider_id
        for m in as_actor(who).memberships
        if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
    )


def commissions_visible(who: Who) -> QuerySet[Commission]:
    """Commissions whose targets the actor may read: their provider's (case-working staff and
    managers), their LA's (LA officers), or all (administrators). Finance: none (the figures
    are casework figures)."""
    actor = as_actor(who)
    base = Commission.objects.select_related("provider", "local_authority")
    if actor.is_global:
        return base.all()
    return base.filter(
        Q(provider_id__in=sorted(actor.provider_ids))
        | Q(local_authority_id__in=sorted(actor.local_authority_ids))
    )


def commission_visible(who: Who, *, commission_id: int) -> Commission:
    commission = commissions_visible(who).filter(pk=commission_id).first()
    if commission is None:
        raise NotFound("No such commission for this user.")
    return commission


def commissions_with_targets(
    who: Who, *, date_from: dt.date, date_to: dt.date, local_authority: str = "", provider: str = ""
) -> QuerySet[Commission]:
    """Visible commissions with a target, in force at some time in the period."""
    rows = (
        commissions_visible(who)
        .filter(kpi_target__isnull=False, starts_on__lte=date_to)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date_from))
    )
    if local_authority:
        rows = rows.filter(local_authority__dfe_code=local_authority)
    if provider:
        rows = rows.filter(provider__slug=provider)
    return rows.order_by("local_authority__name", "provider__name", "-starts_on")
