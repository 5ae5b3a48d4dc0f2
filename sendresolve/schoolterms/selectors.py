"""Who may set an LA's term dates, and the term dates the law core counts for an LA."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from sendresolve.core.errors import NotFound
from sendresolve.law.dates import long_date
from sendresolve.law.school_days import SchoolTerms
from sendresolve.schoolterms.models import SchoolClosureDay, SchoolTerm
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import Commission, LocalAuthority
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.selectors import commissions_active_on

ONE_DAY = dt.timedelta(days=1)


def term_date_authorities(who: Who, *, on: dt.date) -> QuerySet[LocalAuthority]:
    """The LAs whose term dates the actor may set: administrators any; an LA officer their
    own LA; a provider manager the LAs their provider is commissioned by on ``on``."""
    actor = as_actor(who)
    if actor.is_global:
        return LocalAuthority.objects.order_by("name")
    managed = [
        m.provider_id
        for m in actor.memberships
        if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
    ]
    served = Commission.objects.filter(commissions_active_on(on), provider_id__in=managed)
    officer_of = [
        m.local_authority_id
        for m in actor.memberships
        if m.role == Role.LA_OFFICER and m.local_authority_id is not None
    ]
    return (
        (
            LocalAuthority.objects.filter(id__in=served.values("local_authority_id"))
            | LocalAuthority.objects.filter(id__in=officer_of)
        )
        .distinct()
        .order_by("name")
    )


def term_date_authority_get(who: Who, *, dfe_code: str, on: dt.date) -> LocalAuthority:
    """One LA whose term dates the actor may set, or NotFound (another LA's answers 404)."""
    try:
        return term_date_authorities(who, on=on).get(dfe_code=dfe_code)
    except LocalAuthority.DoesNotExist:
        raise NotFound(f"No term dates for {dfe_code!r} for this user.") from None


def terms_of(local_authority: LocalAuthority) -> QuerySet[SchoolTerm]:
    return SchoolTerm.objects.filter(local_authority=local_authority).order_by("starts_on")


def closures_of(local_authority: LocalAuthority) -> QuerySet[SchoolClosureDay]:
    return SchoolClosureDay.objects.filter(local_authority=local_authority).order_by("day")


def own_school_terms(local_authority: LocalAuthority | None) -> SchoolTerms | None:
    """The LA's own term dates as the law core counts them, or None if it has set none.

    Each term is split around its half term; the dates covered run from the first term's first
    day to the last term's last day (days between terms are holidays, not unknown).
    """
    if local_authority is None:
        return None
    terms = list(terms_of(local_authority))
    if not terms:
        return None
    spans: list[list[str]] = []
    for term in terms:
        if term.half_term_starts_on and term.half_term_ends_on:
            spans.append(
                [term.starts_on.isoformat(), (term.half_term_starts_on - ONE_DAY).isoformat()]
            )
            spans.append([(term.half_term_ends_on + ONE_DAY).isoformat(), term.ends_on.isoformat()])
        else:
            spans.append([term.starts_on.isoformat(), term.ends_on.isoformat()])
    changed = max(t.updated_at for t in terms).date()
    sources = sorted({t.source.strip() for t in terms if t.source.strip()})
    source = f"set by {local_authority.name} in SEND Resolve, last changed {long_date(changed)}"
    if sources:
        source += "; published at " + ", ".join(sources)
    return SchoolTerms.from_mapping(
        local_authority.name,
        {
            "source": source,
            "covers": [terms[0].starts_on.isoformat(), terms[-1].ends_on.isoformat()],
            "terms": spans,
            "closed": [c.day.isoformat() for c in closures_of(local_authority)],
        },
        set_by_council=True,
    )
