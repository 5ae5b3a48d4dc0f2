"""Reads of what people need to take part, and of the child's views, for whoever may read them.

- ``interpreter_language(case)``: the spoken language an interpreter is needed for ("" when
  none). The diary's slot proposals call it (by this name) to find a mediator who speaks it
  or to book an interpreter. No actor: it is a fact for arranging, not a page.
- ``needs_for(case)``: the case's needs, or an empty (unsaved) record when none were given.
- ``needs_panel(actor, case)``: what the actor may see of them. The provider's own staff see
  everything. An LA's or health body's officer who sees the case (privacy by stage,
  ``cases.privacy``) sees what they need to arrange and attend a meeting with the family: the
  interpreter's language, BSL, and the access needs that match a venue's facilities. Never the
  family's own words (other access needs, preferred times), the supporter's details or how the
  child takes part.
- ``child_views_for(actor, case)``: the child's views: all of them for the provider's staff;
  those the family agreed to share for an LA or health officer who sees the case; else none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import QuerySet

from sendresolve.cases.models import Case
from sendresolve.cases.permissions import sees_confidential
from sendresolve.cases.privacy import sees_case
from sendresolve.participation.models import ChildViews, ParticipationNeeds
from sendresolve.participation.vocabulary import Access, ChildWay, Times
from sendresolve.tenancy.actors import FamilyActor, Who, as_actor


def needs_for(case: Case) -> ParticipationNeeds:
    """The case's needs; an unsaved, empty record if none were given."""
    found = ParticipationNeeds.objects.filter(case_id=case.pk).first()
    return found if found is not None else ParticipationNeeds(case_id=case.pk)


def interpreter_language(case: Case) -> str:
    """The spoken language an interpreter is needed for, or "" when none is."""
    value = (
        ParticipationNeeds.objects.filter(case_id=case.pk)
        .values_list("interpreter_language", flat=True)
        .first()
    )
    return value or ""


def labels(values: list[str], choices: type[models.TextChoices]) -> list[str]:
    """The words for stored choice values, in the choices' order (unknown values dropped)."""
    words = dict(choices.choices)
    return [words[value] for value in words if value in values]


@dataclass(frozen=True)
class Row:
    key: str
    value: str


@dataclass(frozen=True)
class Panel:
    """What one reader sees of a case's needs: summary-list rows; ``full`` for the provider."""

    rows: list[Row] = field(default_factory=list)
    full: bool = False
    given: bool = False  # any need was recorded

    @property
    def interpreter(self) -> bool:
        return any(row.key in ("Interpreter", "British Sign Language") for row in self.rows)


def _may_see(actor, case: Case) -> bool:
    if isinstance(actor, FamilyActor):
        return actor.case_id == case.pk
    return actor.is_authenticated and sees_case(actor, case)


def needs_panel(who: Who, case: Case) -> Panel | None:
    """The rows ``who`` may see of the case's needs; None if they may see none (see above)."""
    actor = as_actor(who)
    if not _may_see(actor, case):
        return None
    needs = needs_for(case)
    full = isinstance(actor, FamilyActor) or sees_confidential(actor, case)
    rows = [
        Row("Interpreter", needs.interpreter_language or "Not needed"),
        Row("British Sign Language", "Needed" if needs.bsl else "Not needed"),
        Row("Access", ", ".join(labels(needs.access, Access)) or "None given"),
    ]
    if full:
        rows += [
            Row("Other access needs", needs.access_other or "None given"),
            Row(
                "Best times",
                "; ".join(filter(None, [*labels(needs.times, Times), needs.times_note]))
                or "Any time",
            ),
            Row(
                "Child or young person",
                "; ".join(filter(None, [*labels(needs.child_ways, ChildWay), needs.child_note]))
                or "Not said yet",
            ),
            Row("Supporter", supporter_line(needs)),
        ]
    given = needs.pk is not None
    return Panel(rows=rows, full=full, given=given)


def supporter_line(needs: ParticipationNeeds) -> str:
    if not needs.supporter_name:
        return "None named"
    parts = [needs.supporter_name]
    if needs.supporter_relationship:
        parts.append(f"({needs.supporter_relationship})")
    if needs.supporter_contact:
        parts.append(f"– {needs.supporter_contact}")
    parts.append("– will attend" if needs.supporter_attends else "– will not attend")
    return " ".join(parts)


def child_views_for(who: Who, case: Case) -> QuerySet[ChildViews]:
    """The child's views ``who`` may read (see the module docstring)."""
    actor = as_actor(who)
    views = ChildViews.objects.filter(case_id=case.pk).select_related("recorded_by")
    if isinstance(actor, FamilyActor):
        return views if actor.case_id == case.pk else views.none()
    if sees_confidential(actor, case):
        return views
    if actor.is_authenticated and sees_case(actor, case):
        return views.filter(shared_on__isnull=False)
    return views.none()
