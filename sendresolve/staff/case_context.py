"""What the case page shows about disagreement resolution, health bodies, complaints alongside
and the tribunal: read-only context built from selectors, with who may act on each part."""

from sendresolve import law
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.permissions import can_act
from sendresolve.cases.services.disagreement import NEEDS_AGREEMENT, participation_owner
from sendresolve.cases.vocabulary import CaseKind
from sendresolve.core import clock
from sendresolve.tribunal.models import ComplianceDuty, Recommendation, TribunalDecision
from sendresolve.tribunal.services import recommendation_owner


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
        "can_answer": {
            p.pk: can_act(user, case, "participation_record", action_owner=participation_owner(p))
            for p in parties
        },
        "can_add_party": can_act(user, case, "party_add"),
        "proceedings": list(case.proceedings.all()),
        "can_record_proceeding": can_act(user, case, "proceeding_record"),
        "decisions": decisions,
        "duties": duties,
        "duty_deadlines": {
            step.pk: by_key.get(f"duty:{duty.pk}:{step.step}")
            for duty in duties
            for step in duty.steps.all()
        },
        "can_complete_steps": can_act(
            user, case, "duty_step_complete", action_owner="local_authority"
        ),
        "recommendations": recommendations,
        "recommendation_deadlines": {
            r.pk: by_key.get(f"recommendation:{r.pk}") for r in recommendations
        },
        "can_respond": {
            r.pk: can_act(
                user, case, "recommendation_respond", action_owner=recommendation_owner(r)
            )
            for r in recommendations
        },
        "can_tell_la": can_act(
            user, case, "agreement_la_notify", action_owner="commissioning_body"
        ),
        "escalations": escalations_for(deadlines, clock.today()),
    }
