"""The law adapter: a case becomes one ``law.CaseRecord``, the law core gives its deadlines,
and they are stored with the case.

The recorder calls ``deadlines_store`` inside every step's transaction (the law's dates commit
with the step), then queues the case's projections (``cases.projections``: its next deadline
and its report facts) for after the commit. ``deadlines_recompute`` does both, for the writers
that do not go through the recorder yet, and ``open_deadlines_recompute`` (the
``recompute_deadlines`` command) does both for every case a change of bank holidays may move.
No deadline is computed anywhere else: ``law_record`` reads the case and its rows (the tribunal
app's duties and recommendations through their reverse relations, so this module never imports
that app), and ``law.case_record_deadlines`` does all the arithmetic, with one
``law.WorkingDays`` carrying any extra bank holidays to every time limit. The provider's own
service standards (``cases.standards``: first contact with the family), which are not law, are
counted in the same calendar and stored alongside.

``open_deadlines_recompute`` works in batches, each one transaction: it locks the batch's cases
(as a step locks its case), reads them with ``deadline_inputs(listed=True)`` and their events
with ``cases.deadline_rows.event_facts`` (the few columns the law reads), and writes what moved
in two statements (``DeadlineWrites``). Like every recompute it is no step of a case: it records
no case event and no audit event, and queues the moved cases' projections after the commit.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from sendresolve import law
from sendresolve.cases.deadline_rows import (
    LISTED,
    DeadlineWrites,
    EventFact,
    event_facts,
    seldom_load,
    seldom_marked,
)
from sendresolve.cases.deadline_rows import (
    rows as _rows,
)
from sendresolve.cases.models import (
    RESPONSIBLE_LABELS,
    AgreedAction,
    Agreement,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseHealthBody,
    Certificate,
    RelatedProceeding,
    Session,
)
from sendresolve.cases.projections import case_projections_queue, projections_queue
from sendresolve.cases.standards import standards_deadlines
from sendresolve.cases.states import OPEN, TERMINAL
from sendresolve.cases.vocabulary import CaseKind, EventType
from sendresolve.core.clock import LONDON
from sendresolve.law import case_record as record


def responsible_name(case: Case, responsible: str, body: record.Body | None = None) -> str:
    """The named organisation that must act, for screens and reminders."""
    if responsible == "commissioning_body":
        named = body or case.commissioning_body
        return named.name if named else RESPONSIBLE_LABELS[responsible]
    if responsible == "local_authority":
        return case.local_authority.name
    if responsible == "provider":
        return case.provider.name
    if responsible == "family":
        return "The family" if case.has_family_party else "No family party"
    return RESPONSIBLE_LABELS.get(responsible, responsible)


def extra_bank_holidays() -> tuple[dt.date, ...]:
    """Bank holidays proclaimed but not yet in the ``holidays`` package (setting)."""
    return tuple(getattr(settings, "SENDRESOLVE_EXTRA_BANK_HOLIDAYS", ()))


def _first(events: Iterable[CaseEvent], event_type: str) -> dt.date | None:
    dates = [e.occurred_on for e in events if e.type == event_type]
    return min(dates) if dates else None


def _last(events: Iterable[CaseEvent], event_type: str) -> dt.date | None:
    dates = [e.occurred_on for e in events if e.type == event_type]
    return max(dates) if dates else None


APPEAL_DECIDED = frozenset({EventType.TRIBUNAL_DECISION, EventType.UNOPPOSED_APPEAL})


def law_dates(
    case: Case, events: list[CaseEvent], certificates: list[Certificate]
) -> dict[str, dt.date]:
    """Return the situation-contract dates (law.md deadline table) this case has reached."""
    dates: dict[str, dt.date] = {}
    if case.decision_letter_date:
        dates["decision_letter"] = case.decision_letter_date
    for key, event_type, pick in (
        ("adviser_informed_declined", EventType.MEDIATION_DECLINED, _last),
        ("la_informed_mediation_wanted", EventType.LA_INFORMED, _first),
        ("commissioning_body_notified", EventType.COMMISSIONING_BODY_NOTIFIED, _first),
        ("la_cannot_arrange", EventType.LA_CANNOT_ARRANGE, _first),
        ("mediation_ended", EventType.MEDIATION_CONCLUDED, _last),
    ):
        value = pick(events, event_type)
        if value is not None:
            dates[key] = value
    if certificates:
        dates["certificate_issued"] = max(c.issued_on for c in certificates)
    return dates


def _body(body: Any) -> record.Body | None:
    return None if body is None else record.Body(body.pk, body.name)


def _linked_body(body: Any) -> record.Body:
    """A case's health body link always names its body."""
    return record.Body(body.pk, body.name)


def _record(
    case: Case,
    *,
    events: Iterable[CaseEvent],
    certificates: Iterable[Certificate],
    sessions: Iterable[Session],
    actions: Iterable[AgreedAction],
    subjects: set[str],
    health_bodies: Iterable[CaseHealthBody] = (),
    agreement: Agreement | None = None,
    duties: Iterable[Any] = (),
    recommendations: Iterable[Any] = (),
    proceedings: Iterable[RelatedProceeding] = (),
) -> record.CaseRecord:
    """The law's view of ``case`` from these rows (no queries but the case's own relations).

    A corrected certificate (one that replaces another) starts no clock: the certificate it
    replaces, kept, still says when the family first had one."""
    events = list(events)
    certificates = [c for c in certificates if not c.replaces_number]
    certificate_required = case.certificate_required(subjects)
    health_only = case.kind == CaseKind.HEALTH_ONLY_MEDIATION
    appeals = [
        e.occurred_on
        for e in events
        if e.type == EventType.PROCEEDING_RECORDED and e.detail.get("kind") == "tribunal_appeal"
    ]
    return record.CaseRecord(
        dates=law_dates(case, events, certificates),
        facts=law.CaseFacts(
            certificate_required=certificate_required,
            health_care_in_issue=case.health_care_in_issue,
            health_only=health_only,
            appeal_in_play=certificate_required is not None,
        ),
        local_authority=case.local_authority.name,
        commissioning_body=_body(case.commissioning_body),
        adviser_contacted_on=case.opened_on,
        mediation_held_on=_first(events, EventType.SESSION_HELD),
        certificates={c.kind: c.issued_on for c in certificates},
        appeal_made_on=min(appeals) if appeals else None,
        appeal_decided=any(e.type in APPEAL_DECIDED for e in events),
        health_bodies=tuple(
            record.HealthBodyLink(_linked_body(link.commissioning_body), link.notified_on)
            for link in health_bodies
        ),
        meetings=tuple(
            record.Meeting(
                id=session.pk,
                on=session.starts_at.astimezone(LONDON).date(),
                notice_sent_on=session.notice_sent_on,
                shorter_notice_agreed=session.shorter_notice_agreed,
                cancelled=session.state == Session.State.CANCELLED,
            )
            for session in sessions
        ),
        agreement=None
        if agreement is None
        else record.MediationAgreement(
            agreed_on=agreement.agreed_on,
            la_was_party=agreement.la_was_party,
            la_notified_on=agreement.la_notified_on,
        ),
        actions=tuple(
            record.AgreedAction(
                id=action.pk,
                description=action.description,
                owner=action.owner,
                owner_label=action.get_owner_display(),
                clock=action.clock,
                agreed_on=action.agreement.agreed_on,
                agreed_due_on=action.agreed_due_on,
                completed_on=action.completed_on,
            )
            for action in actions
        ),
        duties=tuple(
            record.ComplianceDuty(
                id=duty.pk,
                source=duty.source,
                kind=duty.kind,
                starts_on=duty.starts_on,
                steps=tuple(
                    record.ComplianceStep(step.step, step.label, step.done_on)
                    for step in duty.steps.all()
                ),
            )
            for duty in duties
        ),
        recommendations=tuple(
            record.Recommendation(
                id=item.pk,
                area=item.area,
                made_on=item.made_on,
                responded_on=item.responded_on,
                body=_body(item.commissioning_body),
            )
            for item in recommendations
        ),
        complaints=tuple(
            record.Complaint(
                id=item.pk,
                kind=item.kind,
                made_on=item.started_on,
                finished=item.state == RelatedProceeding.State.FINISHED,
            )
            for item in proceedings
        ),
    )


def law_record(case: Case, *, events: Iterable[Any] | None = None) -> record.CaseRecord:
    """The law's view of ``case`` as loaded by ``deadline_inputs`` (no further queries): its
    events (or ``events``, from ``event_facts``), certificates, meetings, agreement, agreed
    actions, and the tribunal's compliance duties and recommendations (reverse relations of the
    tribunal app's rows)."""
    return _record(
        case,
        events=case.events.all() if events is None else events,
        certificates=_rows(case, "certificates"),
        sessions=_rows(case, "sessions"),
        actions=_rows(case, "actions"),
        subjects={issue.subject for issue in _rows(case, "issues")},
        health_bodies=_rows(case, "health_bodies"),
        agreement=getattr(case, "agreement", None),
        duties=_rows(case, "duties"),
        recommendations=_rows(case, "recommendations"),
        proceedings=_rows(case, "proceedings"),
    )


def derive(
    case: Case,
    *,
    events: list[CaseEvent],
    certificates: list[Certificate],
    sessions: list[Session],
    actions: list[AgreedAction],
    subjects: set[str],
    extra_holidays: Iterable[dt.date] = (),
    health_bodies: list[CaseHealthBody] | None = None,
    agreement: Agreement | None = None,
) -> list[law.TrackedDeadline]:
    """Return every deadline of a case given its rows in memory, with whether (and when) it was
    met: for the national data generator, whose cases have no tribunal rows."""
    case_record = _record(
        case,
        events=events,
        certificates=certificates,
        sessions=sessions,
        actions=actions,
        subjects=subjects,
        health_bodies=health_bodies or (),
        agreement=agreement,
    )
    return law.case_record_deadlines(
        case_record, working_days=law.WorkingDays.adding(extra_holidays)
    )


def _state(item: law.TrackedDeadline, *, terminal: bool) -> tuple[str, dt.date | None]:
    if item.met_on is not None:
        late = item.met_on > item.deadline.date
        return (CaseDeadline.State.BREACHED if late else CaseDeadline.State.MET), item.met_on
    if item.not_needed or terminal:
        return CaseDeadline.State.NOT_NEEDED, None
    return CaseDeadline.State.OPEN, None


def deadline_values(case: Case, item: law.TrackedDeadline, *, terminal: bool) -> dict[str, Any]:
    """The stored fields of one derived deadline (everything but the case and the key)."""
    state, met_on = _state(item, terminal=terminal)
    d = item.deadline
    return {
        "deadline_id": d.id,
        "rule_id": d.rule_id,
        "title": item.title,
        "due_on": d.date,
        "practical_due_on": d.practical_date,
        "later_due_on": d.later_date,
        "due_time": d.due_time or "",
        "trigger_date": d.trigger_date,
        "rule": d.rule,
        "legal_basis": list(d.legal_basis),
        "duty_holder": d.duty_holder,
        "responsible": item.responsible,
        "responsible_name": responsible_name(case, item.responsible, item.responsible_body)[:150],
        "responsible_body_id": item.responsible_body.id if item.responsible_body else None,
        "verification": d.verification,
        "state": state,
        "met_on": met_on,
    }


def deadline_inputs(queryset: QuerySet[Case], *, listed: bool = False) -> QuerySet[Case]:
    """``queryset`` of cases with everything ``law_record`` reads loaded in a fixed number of
    queries (so recomputing a thousand cases costs a handful of queries, not thousands).

    ``listed=True`` is for the batch recompute: each relation is attached as a plain list
    (``law_certificates``...), which spares Django a queryset per case and relation; the case
    events are left out (``event_facts`` reads the few columns the law reads); and the relations
    most cases have none of are only marked (``SELDOM``): ``seldom_load`` reads them after, for
    the cases that have any."""

    def related(name: str, rows: QuerySet[Any] | None = None) -> Prefetch[Any]:
        return Prefetch(name, queryset=rows, to_attr=LISTED + name if listed else None)

    cases = queryset.select_related(
        "provider", "local_authority", "commissioning_body", "agreement"
    )
    common: list[Any] = [
        # The provider's commissions: its service standards (``cases.standards``).
        "provider__commissions",
        related("certificates"),
        related("sessions"),
        related("issues"),
        related("deadlines"),
    ]
    if listed:
        # The agreement's words are not law: only its dates and whether the LA was a party.
        return seldom_marked(cases.defer("agreement__text")).prefetch_related(*common)
    return cases.prefetch_related(
        *common,
        "events",
        Prefetch("actions", queryset=AgreedAction.objects.select_related("agreement")),
        Prefetch(
            "health_bodies", queryset=CaseHealthBody.objects.select_related("commissioning_body")
        ),
        # The tribunal app's rows, by their reverse relations (that app builds on this one).
        "duties__steps",
        "recommendations__commissioning_body",
        # Complaints alongside the case: their clocks (law.complaint_clocks).
        "proceedings",
    )


def deadlines_store(case: Case, *, extra_holidays: Iterable[dt.date] | None = None) -> int:
    """Recompute and store every deadline of ``case``; return how many deadline rows changed.

    Only the ``CaseDeadline`` rows: the caller (the recorder) queues the projections."""
    with transaction.atomic():
        loaded = deadline_inputs(Case.objects.filter(pk=case.pk)).get()
        return _recompute(loaded, extra_holidays=extra_holidays)


def deadlines_recompute(case: Case, *, extra_holidays: Iterable[dt.date] | None = None) -> int:
    """Recompute and store every deadline of ``case``, and queue its projections for after the
    commit (at once outside a transaction); return how many deadline rows changed. For the
    writers that do not record their step through the recorder."""
    changed = deadlines_store(case, extra_holidays=extra_holidays)
    case_projections_queue(case.pk)
    return changed


def _recompute(
    case: Case,
    *,
    extra_holidays: Iterable[dt.date] | None = None,
    events: list[EventFact] | None = None,
    writes: DeadlineWrites | None = None,
) -> int:
    """Recompute ``case`` (loaded through ``deadline_inputs``) and store what changed.

    ``events`` are the case's events from ``event_facts`` (else its prefetched events are read);
    with ``writes``, new and changed rows are added to it for the caller to write (a deadline
    no longer derived is deleted at once either way)."""
    extra = extra_bank_holidays() if extra_holidays is None else tuple(extra_holidays)
    working_days = law.WorkingDays.adding(extra)
    case_events: list[Any] = list(case.events.all()) if events is None else events
    derived = law.case_record_deadlines(
        law_record(case, events=case_events), working_days=working_days
    )
    # The provider's own service standards (not law), counted in the same calendar.
    derived += standards_deadlines(
        case,
        events=case_events,
        commissions=case.provider.commissions.all(),
        working_days=working_days,
    )
    terminal = case.status in TERMINAL
    existing = {row.key: row for row in _rows(case, "deadlines")}
    own = writes if writes is not None else DeadlineWrites()
    changed = 0
    wanted_keys = set()
    for item in derived:
        wanted_keys.add(item.key)
        values = deadline_values(case, item, terminal=terminal)
        row = existing.get(item.key)
        if row is None:
            own.created.append(CaseDeadline(case=case, key=item.key, **values))
            changed += 1
        elif own.update(row, values):
            changed += 1
    if writes is None:
        own.write()
    stale = [key for key in existing if key not in wanted_keys]
    if stale:
        changed += CaseDeadline.objects.filter(case=case, key__in=stale).delete()[0]
    return changed


@dataclass(frozen=True)
class Recomputed:
    examined: int
    changed_cases: int
    changed_deadlines: int


def open_deadlines_recompute(
    *,
    extra_holidays: Iterable[dt.date] = (),
    new_days: Iterable[dt.date] = (),
    batch_size: int = 500,
) -> Recomputed:
    """Recompute every open case with open deadlines, e.g. after the bank holidays changed.

    With ``new_days`` (days that just became non-working), only cases with an open deadline
    whose counting window contains one of them are examined: a day outside the span from a
    deadline's trigger to its due date (or later date) cannot move it, whichever way it is
    counted (forwards from the trigger, or backwards from a meeting).
    """
    holidays = tuple(sorted({*extra_holidays}))
    deadlines = CaseDeadline.objects.filter(state=CaseDeadline.State.OPEN)
    days = sorted(set(new_days))
    if days:
        window = Q(trigger_date__isnull=True)
        for day in days:
            window |= Q(trigger_date__lte=day) & (Q(due_on__gte=day) | Q(later_due_on__gte=day))
            window |= Q(due_on__lte=day, trigger_date__gte=day)
        deadlines = deadlines.filter(window)
    pks = list(
        Case.objects.filter(status__in=OPEN, pk__in=deadlines.values("case_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    changed_cases = changed_rows = 0
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        moved = []
        with transaction.atomic():
            # Lock the batch's cases, as a step locks its case: a step recorded meanwhile
            # waits, and the batch reads each case as it then stands.
            list(Case.objects.select_for_update().filter(pk__in=batch).order_by("pk").values("pk"))
            chunk = list(deadline_inputs(Case.objects.filter(pk__in=batch), listed=True))
            seldom_load(chunk)
            events = event_facts(batch)
            writes = DeadlineWrites()
            for case in chunk:
                changed = _recompute(
                    case, extra_holidays=holidays, events=events[case.pk], writes=writes
                )
                if changed:
                    moved.append(case.pk)
                    changed_rows += changed
            writes.write()
        # A moved deadline may be the next one, may now be met late, or an action due later.
        projections_queue(moved)
        changed_cases += len(moved)
    return Recomputed(len(pks), changed_cases, changed_rows)
