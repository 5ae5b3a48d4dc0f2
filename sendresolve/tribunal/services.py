"""Writes after the tribunal: its decision (with orders and recommendations), each step the
LA takes to comply, and the written responses to recommendations.

Every service is keyword-only, runs in one transaction, checks the actor may act, records a
case event and an audit event (through ``cases.services``' recorder) and recomputes the case's
stored deadlines.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import Case
from sendresolve.cases.permissions import recommendation_owner
from sendresolve.cases.privacy import LA_OWNER
from sendresolve.cases.recorder import (
    Step,
    action_require,
    case_step_record,
    date_check,
    event_record,
)
from sendresolve.cases.vocabulary import EventType
from sendresolve.core.errors import ValidationError
from sendresolve.law.clocks import ORDER_TYPES, UNOPPOSED_TYPES
from sendresolve.tenancy.actors import user_of
from sendresolve.tenancy.models import CommissioningBody
from sendresolve.tribunal.models import (
    ALTERNATIVE_STEPS,
    ComplianceDuty,
    ComplianceStep,
    Recommendation,
    TribunalDecision,
)

Outcome = TribunalDecision.Outcome


@dataclass(frozen=True)
class RecommendationInput:
    area: str
    text: str
    commissioning_body: CommissioningBody | None = None  # health recommendations


@transaction.atomic
def tribunal_decision_record(
    *,
    actor,
    case: Case,
    outcome: str,
    decided_on: dt.date,
    sent_on: dt.date | None = None,
    tribunal_reference: str = "",
    orders: Iterable[str] = (),
    unopposed: Iterable[str] = (),
    recommendations: Iterable[RecommendationInput] = (),
) -> TribunalDecision:
    """Record the tribunal's decision on the family's appeal and what the LA must now do.

    ``orders`` (reg 44) go with an order, or ``cease_appeal_dismissed`` with a dismissed
    appeal against ceasing a plan; ``unopposed`` (reg 45) with an appeal the LA did not
    oppose, ``decided_on`` then being the day it told the tribunal. Recommendations on health
    or social care (SI 2017/1306) come with a decided appeal. The case moves to "following up
    after the tribunal" (a closed case is reopened).
    """
    # Who may act first (a stranger learns nothing of the case), then what the tribunal decided;
    # the recorder checks the change of status and the date.
    action_require(actor, case, "tribunal_decision_record")
    if outcome not in Outcome.values:
        raise ValidationError("Choose what the tribunal decided.", field="outcome")
    orders = list(dict.fromkeys(orders))
    unopposed = list(dict.fromkeys(unopposed))
    recommendations = list(recommendations)

    def apply(step: Step) -> TribunalDecision:
        locked = step.case
        sent = sent_on
        if sent is not None:
            sent = date_check(sent, "sent_on", not_before=step.on, before_label="the decision")
        _check_decision(locked, outcome, orders, unopposed, recommendations)
        decision = TribunalDecision.objects.create(
            case=locked,
            outcome=outcome,
            decided_on=step.on,
            sent_on=sent if sent != step.on else None,
            tribunal_reference=tribunal_reference.strip()[:40],
            recorded_by=user_of(actor),
        )
        kinds = [(ComplianceDuty.Source.ORDER, k, ORDER_TYPES[k][1]) for k in orders] + [
            (ComplianceDuty.Source.UNOPPOSED, k, UNOPPOSED_TYPES[k][1]) for k in unopposed
        ]
        for source, kind, steps in kinds:
            duty = ComplianceDuty.objects.create(
                case=locked,
                decision=decision,
                source=source,
                kind=kind,
                starts_on=decision.clock_starts_on,
            )
            ComplianceStep.objects.bulk_create([ComplianceStep(duty=duty, step=s) for s in steps])
        for item in recommendations:
            Recommendation.objects.create(
                case=locked,
                decision=decision,
                area=item.area,
                commissioning_body=item.commissioning_body
                if item.area == Recommendation.Area.HEALTH
                else None,
                made_on=step.on,
                text=item.text.strip(),
            )
        step.detail["decision_id"] = decision.pk
        if recommendations:
            step.also(
                EventType.RECOMMENDATION_MADE,
                action="recommendation_record",
                detail={"decision_id": decision.pk, "count": len(recommendations)},
            )
        return decision

    return case_step_record(
        actor=actor,
        case=case,
        action="tribunal_decision_record",
        event_type=EventType.UNOPPOSED_APPEAL
        if outcome == Outcome.UNOPPOSED
        else EventType.TRIBUNAL_DECISION,
        on=decided_on,
        date_field="decided_on",
        not_before=case.opened_on,
        before_label="the first contact",
        detail={
            "outcome": outcome,
            "orders": orders,
            "unopposed": unopposed,
            "recommendations": len(recommendations),
        },
        apply=apply,
    )


def _check_decision(case, outcome, orders, unopposed, recommendations) -> None:
    unknown = [o for o in orders if o not in ORDER_TYPES]
    if unknown:
        raise ValidationError("An order is of an unknown type.", field="orders")
    unknown = [u for u in unopposed if u not in UNOPPOSED_TYPES]
    if unknown:
        raise ValidationError("An unopposed appeal is of an unknown type.", field="unopposed")
    if outcome == Outcome.ORDER and not orders:
        raise ValidationError("Choose what the tribunal ordered.", field="orders")
    if outcome == Outcome.DISMISSED and set(orders) - {"cease_appeal_dismissed"}:
        raise ValidationError(
            "A dismissed appeal makes no order, except that a plan being ceased is ceased.",
            field="orders",
        )
    if outcome not in (Outcome.ORDER, Outcome.DISMISSED) and orders:
        raise ValidationError("Only a decided appeal has orders.", field="orders")
    if outcome == Outcome.UNOPPOSED and not unopposed:
        raise ValidationError("Choose what the appeal was about.", field="unopposed")
    if outcome != Outcome.UNOPPOSED and unopposed:
        raise ValidationError("Only an unopposed appeal has these duties.", field="unopposed")
    if recommendations and outcome not in (Outcome.ORDER, Outcome.DISMISSED):
        raise ValidationError(
            "The tribunal makes recommendations only when it decides an appeal.",
            field="recommendations",
        )
    for item in recommendations:
        if item.area not in Recommendation.Area.values:
            raise ValidationError("Choose health or social care.", field="recommendations")
        if not item.text.strip():
            raise ValidationError("Enter what the tribunal recommended.", field="recommendations")
        if item.area == Recommendation.Area.HEALTH:
            body = item.commissioning_body
            if body is None:
                raise ValidationError(
                    "Choose the health body the recommendation is for.", field="recommendations"
                )
            if not case.local_authority.commissioning_bodies.filter(pk=body.pk).exists():
                raise ValidationError(
                    f"{body.name} does not cover {case.local_authority.name}.",
                    field="recommendations",
                )


@transaction.atomic
def duty_step_complete(*, actor, step: ComplianceStep, on: dt.date) -> ComplianceStep:
    """Record that the LA did one step of complying with the tribunal (e.g. sent the plan)."""
    duty = step.duty
    case = duty.case
    action_require(actor, case, "duty_step_complete", owner=LA_OWNER)
    if step.done_on is not None:
        raise ValidationError("This step is already recorded as done.", field="on")
    alternative = ALTERNATIVE_STEPS.get(step.step)
    if alternative and duty.steps.filter(step=alternative, done_on__isnull=False).exists():
        raise ValidationError(
            "The other outcome of the assessment is already recorded.", field="on"
        )
    step.done_on = date_check(on, "on", not_before=duty.starts_on, before_label="the order")
    step.save(update_fields=["done_on"])
    event_record(
        case,
        actor=actor,
        event_type=EventType.DUTY_STEP_DONE,
        on=step.done_on,
        action="duty_step_complete",
        detail={"duty_id": duty.pk, "step": step.step},
    )
    deadlines_recompute(case)
    return step


@transaction.atomic
def recommendation_respond(
    *, actor, recommendation: Recommendation, on: dt.date, response: str, detail: str = ""
) -> Recommendation:
    """Record the written response to a recommendation (due within 5 weeks, REC-01)."""
    case = recommendation.case
    action_require(
        actor, case, "recommendation_respond", owner=recommendation_owner(recommendation)
    )
    if recommendation.responded_on is not None:
        raise ValidationError("The response is already recorded.", field="on")
    if response not in Recommendation.Response.values:
        raise ValidationError("Choose what the response said.", field="response")
    if response != Recommendation.Response.WILL_FOLLOW and not detail.strip():
        raise ValidationError(
            "Give the reasons for not following the recommendation in full.", field="detail"
        )
    recommendation.responded_on = date_check(
        on, "on", not_before=recommendation.made_on, before_label="the recommendation"
    )
    recommendation.response = response
    recommendation.response_detail = detail.strip()
    recommendation.save(update_fields=["responded_on", "response", "response_detail", "updated_at"])
    event_record(
        case,
        actor=actor,
        event_type=EventType.RECOMMENDATION_RESPONSE,
        on=recommendation.responded_on,
        action="recommendation_respond",
        detail={"recommendation_id": recommendation.pk, "response": response},
    )
    deadlines_recompute(case)
    return recommendation
