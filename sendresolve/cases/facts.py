"""What each case counts for in the reports: ``ReportFact`` rows, rebuilt from the case's own
records (its deadlines among them) after every step on it commits: a projection, refreshed by
``cases.projections``.

One row per thing counted, on the day it counts (the definitions are the reports'; see
``reports.figures``):

- ``advice_request``: a mediation case (incl. health-only), on the day first contacted;
- ``certificate``: each certificate, on the day issued, by kind, with the days since first
  contact;
- ``certificate_deadline``: each certificate time limit met or missed, on the day done;
- ``mediation_held``: the mediation's 30-day time limit, on the day the meeting was held;
- ``mediation_concluded``: on the day the mediation concluded, flagged if a tribunal decision
  or a tribunal appeal is recorded on the case;
- ``mediation_outcome``: each issue's result, on the day the mediation concluded;
- ``dr_request`` / ``dr_outcome``: a disagreement-resolution case and its issues' results, on the
  day first contacted, by kind (flagged if a meeting was held; "not_taken_forward" if so);
- ``agreed_action``: each agreed action's deadline, on its due day, by who must act;
- ``billable_event``: each event an LA may pay the provider for (``billing.billable``), on the
  day it happened, with the case's kind (``category``) and the event's type (``state``): advice
  given; a meeting held (flagged if it was the case's first); a meeting called off by someone
  other than the provider (``days``: calendar days from calling it off to the meeting's day).
  Whether the terms in force that day cover it, and price it, is the billing app's to say;
  these rows let it count a commission's contract year of cases without reading every case
  the provider has had in that LA (``billing.volume``).

``facts_refresh`` works on historical models too (``apps`` from a migration), so the migration
that made the table fills it with the same code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import Prefetch

from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import (
    CHARGEABLE_CANCELLERS,
    CaseKind,
    EventType,
    ProceedingKind,
)
from sendresolve.core.clock import LONDON

MEDIATION_KINDS = frozenset({CaseKind.MEDIATION, CaseKind.HEALTH_ONLY_MEDIATION})
CERTIFICATE_DEADLINES = frozenset(
    {"certificate_after_declining", "certificate_when_not_arranged", "certificate_after_mediation"}
)
DONE = frozenset({"met", "breached"})
BILLABLE_TYPES = (EventType.ADVICE_GIVEN, EventType.SESSION_HELD, EventType.SESSION_CANCELLED)

# (measure, on, category, state, flag, days): a fact without its case, LA and provider.
Fact = tuple[str, dt.date, str, str, bool, int | None]


def facts_of(case: Any) -> list[Fact]:
    """The facts of one case loaded by ``_loaded`` (no queries).

    ``case`` is a ``Case``, or a migration's historical one (which has no static type)."""
    facts: list[Fact] = []
    mediation = case.kind in MEDIATION_KINDS
    if mediation:
        facts.append(("advice_request", case.opened_on, "", "", False, None))
    for certificate in case.certificates.all():
        if getattr(certificate, "replaces_number", ""):  # a correction is not another one
            continue
        days = (certificate.issued_on - case.opened_on).days
        facts.append(("certificate", certificate.issued_on, certificate.kind, "", False, days))
    for deadline in case.deadlines.all():
        if deadline.deadline_id in CERTIFICATE_DEADLINES:
            if deadline.met_on and deadline.state in DONE:
                facts.append(
                    ("certificate_deadline", deadline.met_on, "", deadline.state, False, None)
                )
        elif deadline.deadline_id == "mediation_held":
            if deadline.met_on:
                facts.append(("mediation_held", deadline.met_on, "", deadline.state, False, None))
        if deadline.key.startswith("action:"):
            facts.append(
                (
                    "agreed_action",
                    deadline.due_on,
                    deadline.responsible,
                    deadline.state,
                    False,
                    None,
                )
            )
    events = list(case.events.all())
    concluded = sorted(e.occurred_on for e in events if e.type == EventType.MEDIATION_CONCLUDED)
    if mediation and concluded:
        # A mediation concludes once (the status moves on); its first day is the one counted.
        appealed = bool(case.tribunal_decisions.all()) or bool(case.proceedings.all())
        facts.append(("mediation_concluded", concluded[0], "", "", appealed, None))
        for outcome in case.outcomes.all():
            facts.append(
                (
                    "mediation_outcome",
                    concluded[0],
                    outcome.issue.subject,
                    outcome.result,
                    False,
                    None,
                )
            )
    if case.kind == CaseKind.DISAGREEMENT_RESOLUTION:
        not_taken_forward = "not_taken_forward" if case.status == Status.NOT_TAKEN_FORWARD else ""
        held = any(session.state == "held" for session in case.sessions.all())
        facts.append(("dr_request", case.opened_on, case.dr_type, not_taken_forward, held, None))
        for outcome in case.outcomes.all():
            facts.append(("dr_outcome", case.opened_on, case.dr_type, outcome.result, False, None))
    facts.extend(billable_facts(case.kind, events, {s.pk: s for s in case.sessions.all()}))
    return facts


def billable_facts(kind: str, events: Iterable[Any], sessions: dict[int, Any]) -> list[Fact]:
    """The ``billable_event`` facts of one case, from its events (any order) and its sessions
    by id. A meeting's first holding is the earliest by day, time recorded and id, as billing
    orders them; a cancellation by the provider, or of a meeting no longer on record, is never
    billed, so it has no fact."""
    facts: list[Fact] = []
    first_held = True
    for event in sorted(events, key=lambda e: (e.occurred_on, e.recorded_at, e.pk)):
        if event.type == EventType.ADVICE_GIVEN:
            facts.append(("billable_event", event.occurred_on, kind, event.type, False, None))
        elif event.type == EventType.SESSION_HELD:
            facts.append(("billable_event", event.occurred_on, kind, event.type, first_held, None))
            first_held = False
        elif event.type == EventType.SESSION_CANCELLED:
            detail = event.detail if isinstance(event.detail, dict) else {}
            session = sessions.get(detail.get("session_id") or 0)
            if session is None or detail.get("cancelled_by") not in CHARGEABLE_CANCELLERS:
                continue
            days = (session.starts_at.astimezone(LONDON).date() - event.occurred_on).days
            facts.append(("billable_event", event.occurred_on, kind, event.type, True, days))
    return facts


def _loaded(case_ids: Iterable[int], apps: Apps) -> Iterable[Any]:
    return (
        apps.get_model("cases", "Case")
        .objects.filter(pk__in=list(case_ids))
        .only("kind", "dr_type", "status", "opened_on", "local_authority_id", "provider_id")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=apps.get_model("cases", "Certificate").objects.only(
                    "case_id", "kind", "issued_on"
                ),
            ),
            Prefetch(
                "deadlines",
                # All of them (a few per case), found by case: a condition on their kind here
                # sends SQLite down the kind index, through every deadline in the country.
                queryset=apps.get_model("cases", "CaseDeadline").objects.only(
                    "case_id", "key", "deadline_id", "state", "met_on", "due_on", "responsible"
                ),
            ),
            Prefetch(
                "events",
                queryset=apps.get_model("cases", "CaseEvent")
                .objects.filter(type__in=(EventType.MEDIATION_CONCLUDED, *BILLABLE_TYPES))
                .only("case_id", "type", "occurred_on", "recorded_at", "detail"),
            ),
            Prefetch(
                "outcomes",
                queryset=apps.get_model("cases", "Outcome")
                .objects.select_related("issue")
                .only("case_id", "result", "issue__subject"),
            ),
            Prefetch(  # held ones (a DR meeting held), and any a cancellation names
                "sessions",
                queryset=apps.get_model("cases", "Session").objects.only(
                    "case_id", "state", "starts_at"
                ),
            ),
            Prefetch(
                "proceedings",
                queryset=apps.get_model("cases", "RelatedProceeding")
                .objects.filter(kind=ProceedingKind.TRIBUNAL_APPEAL)
                .only("case_id"),
            ),
            # The tribunal app builds on this one: reach its decisions by the reverse relation.
            Prefetch(
                "tribunal_decisions",
                queryset=apps.get_model("tribunal", "TribunalDecision").objects.only("case_id"),
            ),
        )
    )


@transaction.atomic
def facts_refresh(case_ids: Iterable[int], *, apps: Apps = django_apps) -> int:
    """Rebuild the report facts of these cases; return how many cases' facts changed.

    A case whose facts are already right is left alone (one read, no writes)."""
    ReportFact = apps.get_model("cases", "ReportFact")
    ids = list(case_ids)
    existing: dict[int, list[Fact]] = {pk: [] for pk in ids}
    for row in ReportFact.objects.filter(case_id__in=ids).values_list(
        "case_id", "measure", "on", "category", "state", "flag", "days"
    ):
        existing[row[0]].append(row[1:])
    changed: list[int] = []
    rows: list[Any] = []  # ReportFact rows, of a migration's historical model too
    for case in _loaded(ids, apps):
        facts = facts_of(case)
        if Counter(facts) == Counter(existing[case.pk]):
            continue
        changed.append(case.pk)
        rows.extend(
            ReportFact(
                case_id=case.pk,
                local_authority_id=case.local_authority_id,
                provider_id=case.provider_id,
                measure=measure,
                on=on,
                category=category,
                state=state,
                flag=flag,
                days=days,
            )
            for measure, on, category, state, flag, days in facts
        )
    if changed:
        ReportFact.objects.filter(case_id__in=changed).delete()
        ReportFact.objects.bulk_create(rows, batch_size=2000)
    return len(changed)


def facts_rebuild_all(*, apps: Apps = django_apps, batch_size: int = 2000) -> tuple[int, int]:
    """Rebuild every case's facts in batches; return (cases examined, cases changed)."""
    Case = apps.get_model("cases", "Case")
    pks = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(pks), batch_size):
        changed += facts_refresh(pks[start : start + batch_size], apps=apps)
    return len(pks), changed
