"""What the case page shows about disagreement resolution, health bodies, complaints alongside
and the tribunal: read-only context built from what is inside the case (``cases.items``)."""

from sendresolve import law
from sendresolve.cases.items import CaseItems
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.permissions import NEEDS_AGREEMENT
from sendresolve.cases.vocabulary import CaseKind
from sendresolve.core import clock


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


def resolution_context(case, deadlines, items: CaseItems) -> dict:
    """The page's parts about health bodies, parties, complaints alongside and the tribunal,
    from what is inside the case (read once, ``cases.items``)."""
    by_key = {row.key: row for row in deadlines}
    return {
        "arranged_by": arranged_by(case, items.health_bodies),
        "health_bodies": items.health_bodies,
        "awaiting_notice": {
            int(row.key.split(":")[1])
            for row in deadlines
            if row.key.startswith("health_body_notified:") and row.state == CaseDeadline.State.OPEN
        },
        "needs_agreement": {p.pk for p in items.parties if p.role in NEEDS_AGREEMENT},
        "proceedings": items.proceedings,
        "decisions": items.decisions,
        "duties": items.duties,
        "duty_deadlines": {
            step.pk: by_key.get(f"duty:{duty.pk}:{step.step}")
            for duty in items.duties
            for step in duty.steps.all()
        },
        "recommendations": items.recommendations,
        "recommendation_deadlines": {
            r.pk: by_key.get(f"recommendation:{r.pk}") for r in items.recommendations
        },
        "escalations": escalations_for(deadlines, clock.today()),
    }
