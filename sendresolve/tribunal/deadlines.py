"""The deadlines after the tribunal, derived by the law core and stored with the case's others.

Registered with ``cases.deadlines`` in ``TribunalConfig.ready`` so that every recompute (each
service, the bank-holiday ``recompute_deadlines`` command) includes them.
"""

import datetime as dt

from sendresolve import law
from sendresolve.cases.deadlines import Derived
from sendresolve.law.clocks import ORDER_TYPES, UNOPPOSED_TYPES
from sendresolve.tribunal.models import ALTERNATIVE_STEPS, ComplianceDuty, Recommendation


def tribunal_deadlines(case, extra_holidays: tuple[dt.date, ...]) -> list[Derived]:
    """Reg 44 / reg 45 steps for each duty, and REC-01 for each recommendation."""
    out: list[Derived] = []
    duties = ComplianceDuty.objects.filter(case=case).prefetch_related("steps")
    for duty in duties:
        table = ORDER_TYPES if duty.source == ComplianceDuty.Source.ORDER else UNOPPOSED_TYPES
        rule_id = table[duty.kind][0]
        prefix = "order" if duty.source == ComplianceDuty.Source.ORDER else "unopposed"
        after = "tribunal order" if prefix == "order" else "unopposed appeal"
        done = {s.step: s.done_on for s in duty.steps.all()}
        for step in duty.steps.all():
            deadline = law.deadline_for(
                rule_id, duty.starts_on, step=step.step, deadline_id=f"{prefix}_{step.step}"
            )
            alternative = ALTERNATIVE_STEPS.get(step.step)
            out.append(
                Derived(
                    f"duty:{duty.pk}:{step.step}",
                    deadline,
                    f"{step.label} ({after})",
                    "local_authority",
                    step.done_on,
                    not_needed=step.done_on is None
                    and alternative is not None
                    and done.get(alternative) is not None,
                )
            )
    recommendations = Recommendation.objects.filter(case=case).select_related("commissioning_body")
    for item in recommendations:
        deadline = law.deadline_for("REC-01", item.made_on, deadline_id="recommendation_response")
        health = item.area == Recommendation.Area.HEALTH
        out.append(
            Derived(
                f"recommendation:{item.pk}",
                deadline,
                "Reply in writing to the tribunal's "
                + ("health" if health else "social care")
                + " recommendation",
                "commissioning_body" if health else "local_authority",
                item.responded_on,
                responsible_body=item.commissioning_body if health else None,
            )
        )
    return out
