"""What is inside a case, read once: what the case page shows and what actions are offered on.

The tribunal app's rows (decisions, compliance duties and their steps, recommendations) are
reached through their reverse relations: that app builds on this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sendresolve.cases.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseHealthBody,
    CaseTask,
    Certificate,
    Issue,
    Party,
    RelatedProceeding,
    Session,
)
from sendresolve.cases.steps import last_step


@dataclass(frozen=True)
class CaseItems:
    sessions: tuple[Session, ...]
    agreed_actions: tuple[AgreedAction, ...]
    parties: tuple[Party, ...]
    proceedings: tuple[RelatedProceeding, ...]
    agreement: Agreement | None
    health_bodies: tuple[CaseHealthBody, ...]
    decisions: tuple[Any, ...]  # tribunal.TribunalDecision
    duties: tuple[Any, ...]  # tribunal.ComplianceDuty, with their steps
    recommendations: tuple[Any, ...]  # tribunal.Recommendation
    not_needed: frozenset[str]  # keys of the case's deadlines no longer needed
    last_step: CaseEvent | None = None  # what reopening and undoing start from (``steps``)
    tasks: tuple[CaseTask, ...] = ()  # the case's tasks, with their owners
    issues: tuple[Issue, ...] = ()  # the issues in dispute, each with its outcome if any
    certificates: tuple[Certificate, ...] = ()  # without their PDF bytes


def case_items(case: Case, *, deadlines: Iterable[CaseDeadline] | None = None) -> CaseItems:
    """Everything inside ``case`` that its page shows, one query each. ``deadlines``, if the
    caller has read them already, spares reading them again."""
    if deadlines is None:
        deadlines = CaseDeadline.objects.filter(case=case, state=CaseDeadline.State.NOT_NEEDED)
    return CaseItems(
        sessions=tuple(case.sessions.select_related("venue")),
        agreed_actions=tuple(case.actions.all()),
        parties=tuple(case.parties.all()),
        proceedings=tuple(case.proceedings.all()),
        agreement=Agreement.objects.filter(case=case).first(),
        health_bodies=tuple(case.health_bodies.select_related("commissioning_body")),
        decisions=tuple(case.tribunal_decisions.all()),
        duties=tuple(case.duties.prefetch_related("steps")),
        recommendations=tuple(case.recommendations.select_related("commissioning_body")),
        not_needed=frozenset(
            row.key for row in deadlines if row.state == CaseDeadline.State.NOT_NEEDED
        ),
        last_step=last_step(case),
        tasks=tuple(case.tasks.select_related("owner")),
        issues=tuple(case.issues.select_related("outcome")),
        certificates=tuple(case.certificates.defer("pdf")),
    )
