"""The rows the law adapter reads and writes in bulk (``cases.deadlines``).

``event_facts`` reads a batch of cases' events as plain values: the type, the date and the one
key of the detail the adapter reads, not whole model instances with every detail (a case's
events are most of the rows the law reads, and a detail can hold a whole undone step).
``DeadlineWrites`` collects the deadline rows a batch of cases creates and changes, to write
them in two statements in the batch's transaction rather than one per row.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.fields.json import KT

from sendresolve.cases.models import AgreedAction, Case, CaseDeadline, CaseEvent, CaseHealthBody
from sendresolve.cases.vocabulary import EventType

#: Prefix of the lists ``deadline_inputs(listed=True)`` and ``seldom_load`` attach to a case.
LISTED = "law_"


def rows(case: Case, name: str) -> Any:
    """The case's prefetched ``name`` rows: the list attached under ``LISTED``, else the
    relation's prefetched queryset."""
    listed = getattr(case, LISTED + name, None)
    return listed if listed is not None else getattr(case, name).all()


def _actions() -> QuerySet[AgreedAction]:
    # The agreement's words are not law: only its dates and whether the LA was a party.
    return AgreedAction.objects.select_related("agreement").defer("agreement__text")


def _health_bodies() -> QuerySet[CaseHealthBody]:
    return CaseHealthBody.objects.select_related("commissioning_body")


#: The relations the law reads that most cases have none of: (name, rows or None for the
#: relation's own, a relation of theirs read too). Agreed actions, health bodies, the tribunal
#: app's duties and recommendations (reverse relations: that app builds on this one), and
#: complaints alongside the case.
SELDOM: tuple[tuple[str, Any, str], ...] = (
    ("actions", _actions, ""),
    ("health_bodies", _health_bodies, ""),
    ("duties", None, "steps"),
    ("recommendations", None, "commissioning_body"),
    ("proceedings", None, ""),
)


def seldom_marked(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with, for each ``SELDOM`` relation, whether the case has any (``has_<name>``)."""
    marks = {}
    for name, _, _ in SELDOM:
        model: Any = Case._meta.get_field(name).related_model
        marks[f"has_{name}"] = Exists(model._default_manager.filter(case=OuterRef("pk")))
    return cases.annotate(**marks)


def seldom_load(cases: list[Case]) -> None:
    """Attach each ``SELDOM`` relation's rows to ``cases`` (marked by ``seldom_marked``) as a
    list, reading them only for the cases that have any: one short query per relation some
    case has, none for the others."""
    for name, queryset, then in SELDOM:
        having = [case for case in cases if getattr(case, f"has_{name}")]
        for case in cases:
            if not getattr(case, f"has_{name}"):
                setattr(case, LISTED + name, [])
        if having:
            lookups: list[Any] = [
                Prefetch(
                    name,
                    queryset=None if queryset is None else queryset(),
                    to_attr=LISTED + name,
                )
            ]
            if then:
                lookups.append(f"{LISTED}{name}__{then}")
            prefetch_related_objects(having, *lookups)


@dataclass(frozen=True, slots=True)
class EventFact:
    """What the law adapter reads of one case event: its type, its date and, for the two types
    whose detail it reads (:data:`DETAIL_READ`), that one key of the detail."""

    type: str
    occurred_on: dt.date
    detail: dict[str, Any]


#: The events whose detail the adapter reads, and the one key it reads: an appeal recorded
#: alongside (``_record``) and an online request (``standards.needs_first_contact``).
DETAIL_READ = {EventType.PROCEEDING_RECORDED: "kind", EventType.CASE_OPENED: "via"}


def event_facts(case_ids: Iterable[int]) -> dict[int, list[EventFact]]:
    """The events of these cases as ``EventFact`` values, in one query of five columns: no
    model instances and no detail but the one key read (a case's events are most of the rows
    the law reads, and a detail can hold a whole undone step)."""
    ids = list(case_ids)
    facts: dict[int, list[EventFact]] = {pk: [] for pk in ids}
    rows = (
        CaseEvent.objects.filter(case_id__in=ids)
        .order_by()
        .values_list("case_id", "type", "occurred_on", KT("detail__kind"), KT("detail__via"))
    )
    for case_id, event_type, occurred_on, kind, via in rows:
        key = DETAIL_READ.get(event_type)
        value = {"kind": kind, "via": via}.get(key) if key else None
        detail = {} if key is None or value is None else {key: value}
        facts[case_id].append(EventFact(event_type, occurred_on, detail))
    return facts


@dataclass
class DeadlineWrites:
    """Deadline rows to create and update, written in two statements by ``write`` (in the
    caller's transaction), however many cases they belong to. An update writes only the fields
    that changed on some row of it (a new bank holiday moves dates and the rule's words, not
    titles or who must act): ``bulk_update`` builds an expression per row and field."""

    created: list[CaseDeadline] = field(default_factory=list)
    updated: list[CaseDeadline] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)

    def update(self, row: CaseDeadline, values: dict[str, Any]) -> bool:
        """Give ``row`` these ``values``, to be written if any differs; say whether one did."""
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            self.updated.append(row)
            self.fields.update(changed)
        return bool(changed)

    def write(self) -> None:
        if self.created:
            CaseDeadline.objects.bulk_create(self.created)
        if self.updated:
            CaseDeadline.objects.bulk_update(self.updated, sorted(self.fields))
        self.created, self.updated, self.fields = [], [], set()
