"""What the case page shows about disagreement resolution, health bodies, complaints alongside
and the tribunal: read-only context built from selectors, with who may act on each part."""

from sendresolve import law
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.permissions import (
    NEEDS_AGREEMENT,
)
from sendresolve.cases.vocabulary import CaseKind
from sendresolve.core import clock
from sendresolve.tribunal.models import ComplianceDuty, Recommendation, TribunalDecision


def arranged_by(case, health_bodies) -> str:
    """Who must arrange the mediation (CFA 2014 ss.53–54), in words for the case page."""
    if case.is_disagreement_resolution:
        return "The provider, with every party's agreement (voluntary)"
    if case.kind == CaseKind.HEALTH_ONLY_MEDIATION:
        body = case.commissioning_body
        return f"{body.name if body else 'The health commissioning body'} (health only)"
    if case.health_care_in_issue and health_bodies:
        names = ", ".join(link.commissioning_body.name for link in health_bodies)
        return f"{case.local_authority.name}, in one mediation with {names}"
    return case.local_authority.name


def escalations_for(deadlines, today) -> dict[int, tuple]:
    """For each missed (or overdue) deadline an LA or health body owes: what can be done."""
    out = {}
    for row in deadlines:
        late = row.state == CaseDeadline.State.BREACHED or (
            row.state == CaseDeadline.State.OPEN and row.due_on < today
        )
        if late:
            routes = law.escalation_routes(row.rule_id, row.responsible)
            if routes:
                out[row.pk] = routes
    return out


def resolution_context(user, case, deadlines) -> dict:
    health_bodies = list(case.health_bodies.select_related("commissioning_body"))
    parties = list(case.parties.all())
    decisions = list(TribunalDecision.objects.filter(case=case))
    duties = list(ComplianceDuty.objects.filter(case=case).prefetch_related("steps"))
    recommendations = list(
        Recommendation.objects.filter(case=case).select_related("commissioning_body")
    )
    by_key = {row.key: row for row in deadlines}
    return {
        "arranged_by": arranged_by(case, health_bodies),
        "health_bodies": health_bodies,
        "awaiting_notice": {
            int(row.key.split(":")[1])
            for row in deadlines
            if row.key.startswith("health_body_notified:") and row.state == CaseDeadline.State.OPEN
        },
        "needs_agreement": {p.pk for p in parties if p.role in NEEDS_AGREEMENT},
        "proceedings": list(case.proceedings.all()),
        "decisions": decisions,
        "duties": duties,
        "duty_deadlines": {
            step.pk: by_key.get(f"duty:{duty.pk}:{step.step}")
            for duty in duties
            for step in duty.steps.all()
        },
        "recommendations": recommendations,
        "recommendation_deadlines": {
            r.pk: by_key.get(f"recommendation:{r.pk}") for r in recommendations
        },
        "escalations": escalations_for(deadlines, clock.today()),
    }
