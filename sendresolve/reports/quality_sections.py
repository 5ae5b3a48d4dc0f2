"""The report page's targets and survey sections (issue 23): read from ``sendresolve.quality``,
for the commissions and providers the user may see, over the report's period and filters."""

from __future__ import annotations

from sendresolve.quality import survey, targets
from sendresolve.reports.figures import ReportFilters
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import LocalAuthority

# Each commission's figures take a few grouped queries: a page rates at most this many.
MAX_COMMISSIONS = 30


def quality_sections(who: Who, filters: ReportFilters) -> dict:
    """``targets``: each commission with a target in the period, rated; ``survey``: the survey
    answers by LA for the user's own providers (provider staff only: the answers are the
    provider's own figures)."""
    actor = as_actor(who)
    commissions = targets.commissions_with_targets(
        actor,
        date_from=filters.date_from,
        date_to=filters.date_to,
        local_authority=filters.local_authority,
        provider=filters.provider,
    )
    rows = [
        targets.commission_targets(c, date_from=filters.date_from, date_to=filters.date_to)
        for c in commissions[:MAX_COMMISSIONS]
    ]
    survey_rows = None
    if actor.provider_ids:
        la_ids = None
        if filters.local_authority:
            la_ids = list(
                LocalAuthority.objects.filter(dfe_code=filters.local_authority).values_list(
                    "pk", flat=True
                )
            )
        survey_rows = survey.survey_summary(
            provider_ids=actor.provider_ids,
            date_from=filters.date_from,
            date_to=filters.date_to,
            local_authority_ids=la_ids,
        )
    return {
        "targets": rows,
        "more": commissions.count() > MAX_COMMISSIONS,
        "survey": survey_rows,
        "amber_points": targets.AMBER_POINTS,
        "several_providers": len({r.commission.provider_id for r in rows}) > 1,
    }
