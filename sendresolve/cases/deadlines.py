"""Derive a case's deadlines from its dates through the law core, and store them.

``deadlines_recompute`` is called by every service that changes a case, and by the
``recompute_deadlines`` command when the bank-holiday calendar changes. No deadline is computed
anywhere else: the dates come from the case and its events, the arithmetic from
``sendresolve.law``.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sendresolve import law
from sendresolve.cases.facts import facts_refresh
from sendresolve.cases.models import (
    RESPONSIBLE_LABELS,
    AgreedAction,
    Agreement,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseHealthBody,
    Certificate,
    Session,
)
from sendresolve.cases.states import OPEN, TERMINAL
from sendresolve.cases.vocabulary import CaseKind, EventType
from sendresolve.core.clock import LONDON

# deadline id -> (title for staff pages, who must act)
DEADLINE_INFO: dict[str, tuple[str, str]] = {
    "contact_mediation_adviser": ("Family to contact a mediation adviser", "family"),
    "certificate_after_declining": ("Issue the certificate (mediation declined)", "provider"),
    "health_body_notified": ("Tell the health commissioning body", "local_authority"),
    "mediation_held": ("Hold the mediation", "local_authority"),
    "certificate_when_not_arranged": (
        "Issue the certificate (not arranged in 30 days)",
        "provider",
    ),
    "certificate_after_mediation": ("Issue the certificate (mediation concluded)", "provider"),
    "appeal_registration": ("Last day for the family to appeal", "family"),
    "mediation_notice": ("Send the family the date and place", "provider"),
}
# Contract deadlines that case management tracks elsewhere or not at all.
NOT_TRACKED = {
    "agreed_actions_due",
    "recommendation_response",
    "disability_discrimination_claim",
    "la_decision_on_assessment",
    "final_plan_due",
    "draft_plan_comments_by",
}
ACTION_OWNER_RESPONSIBLE: dict[str, str] = {
    AgreedAction.Owner.LOCAL_AUTHORITY: "local_authority",
    AgreedAction.Owner.COMMISSIONING_BODY: "commissioning_body",
    AgreedAction.Owner.SCHOOL: "school",
    AgreedAction.Owner.FAMILY: "family",
    AgreedAction.Owner.OTHER: "other",
}
CERTIFICATE_FOR = {
    "certificate_after_declining": Certificate.Kind.DECLINED,
    "certificate_when_not_arranged": Certificate.Kind.NOT_ARRANGED,
    "certificate_after_mediation": Certificate.Kind.MEDIATION_CONCLUDED,
}


@dataclass(frozen=True)
class Derived:
    key: str
    deadline: law.Deadline
    title: str
    responsible: str
    met_on: dt.date | None
    not_needed: bool = False
    responsible_body: object = None  # a tenancy.CommissioningBody, where a health body acts


# Other apps add the deadlines they own (e.g. tribunal orders) without cases importing them:
# each source is called with the case and the extra bank holidays and returns ``Derived`` rows.
DeadlineSource = Callable[[Case, tuple[dt.date, ...]], list[Derived]]
_SOURCES: list[DeadlineSource] = []


def register_deadline_source(source: DeadlineSource) -> None:
    """Add a source of deadlines (called from an app's ``ready()``; idempotent)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def responsible_name(case: Case, responsible: str, body=None) -> str:
    """The named organisation that must act, for screens and reminders."""
    if responsible == "commissioning_body":
        body = body or case.commissioning_body
        return body.name if body else RESPONSIBLE_LABELS[responsible]
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


def appeal_made(events: Iterable[CaseEvent]) -> tuple[dt.date | None, bool]:
    """(day the appeal was recorded as made, or None; whether the tribunal has dealt with it)."""
    started = [
        e.occurred_on
        for e in events
        if e.type == EventType.PROCEEDING_RECORDED and e.detail.get("kind") == "tribunal_appeal"
    ]
    decided = any(e.type in APPEAL_DECIDED for e in events)
    return (min(started) if started else None), decided and not started


def law_dates(case: Case, events: list[CaseEvent], certificates: list[Certificate]) -> dict:
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


def derive(
    case: Case,
    *,
    events: list[CaseEvent],
    certificates: list[Certificate],
    sessions: list[Session],
    actions: list[AgreedAction],
    subjects: set[str],
    extra_holidays: Iterable[dt.date] = (),
    health_bodies: list | None = None,
    agreement: Agreement | None = None,
    sources: bool = True,
) -> list[Derived]:
    """Return every deadline of the case with whether (and when) it was met.

    ``sources=False`` leaves out the deadlines other apps add (e.g. tribunal orders), for callers
    that know the case has none and must not query for them (the national data generator).
    """
    extra = tuple(extra_holidays)
    certificate_required = case.certificate_required(subjects)
    health_only = case.kind == CaseKind.HEALTH_ONLY_MEDIATION
    facts = law.CaseFacts(
        certificate_required=certificate_required,
        health_care_in_issue=case.health_care_in_issue,
        health_only=health_only,
        appeal_in_play=certificate_required is not None,
    )
    issued = {c.kind: c.issued_on for c in certificates}
    met_by = {
        "contact_mediation_adviser": case.opened_on,
        "health_body_notified": _first(events, EventType.COMMISSIONING_BODY_NOTIFIED),
        "mediation_held": _first(events, EventType.SESSION_HELD),
        **{deadline_id: issued.get(kind) for deadline_id, kind in CERTIFICATE_FOR.items()},
    }
    derived: list[Derived] = []
    dates = law_dates(case, events, certificates)
    health_bodies = health_bodies or []
    for deadline in law.contract_deadlines(dates, facts, extra_holidays=extra):
        if deadline.id in NOT_TRACKED:
            continue
        title, responsible = DEADLINE_INFO[deadline.id]
        if deadline.id == "health_body_notified" and health_bodies:
            # The LA must notify each relevant health body: one deadline for each.
            for link in health_bodies:
                body = link.commissioning_body
                derived.append(
                    Derived(
                        f"health_body_notified:{body.pk}",
                        deadline,
                        f"Tell {body.name} about the health care issues",
                        responsible,
                        link.notified_on,
                    )
                )
            continue
        body = None
        if deadline.id == "mediation_held" and health_only:
            responsible = "commissioning_body"
            title = "Hold the health-only mediation"
            body = case.commissioning_body
        met_on, not_needed = met_by.get(deadline.id), False
        if deadline.id == "appeal_registration":
            # The family appealed: met on the day the appeal was recorded as started, or no
            # longer needed once the tribunal has decided (the registration date is unknown).
            met_on, not_needed = appeal_made(events)
        derived.append(
            Derived(
                deadline.id,
                deadline,
                title,
                responsible,
                met_on,
                not_needed=not_needed,
                responsible_body=body,
            )
        )

    calendar = law.calendar_with_extra_holidays("ENG_WD", frozenset(extra))
    for session in sessions:
        deadline = law.mediation_notice_by(
            session.starts_at.astimezone(LONDON).date(), calendar=calendar
        )
        title, responsible = DEADLINE_INFO["mediation_notice"]
        derived.append(
            Derived(
                f"mediation_notice:{session.pk}",
                deadline,
                title,
                responsible,
                session.notice_sent_on,
                not_needed=session.shorter_notice_agreed
                or session.state == Session.State.CANCELLED,
            )
        )

    if agreement is not None and not agreement.la_was_party:
        # Reg 42(4): where the LA was not a party, the health body tells it within 1 week.
        (deadline,) = law.agreement_deadlines(
            agreement.agreed_on, other_actions=False, la_was_party=False
        )
        derived.append(
            Derived(
                "agreement_notified_to_la",
                deadline,
                f"Tell {case.local_authority.name} about the mediation agreement",
                "commissioning_body",
                agreement.la_notified_on,
                responsible_body=case.commissioning_body,
            )
        )

    for action in actions:
        for key, deadline in _action_deadlines(action):
            derived.append(
                Derived(
                    key,
                    deadline,
                    action.description[:150],
                    ACTION_OWNER_RESPONSIBLE[action.owner],
                    action.completed_on,
                    responsible_body=case.commissioning_body
                    if action.owner == AgreedAction.Owner.COMMISSIONING_BODY
                    else None,
                )
            )
    for source in _SOURCES if sources else ():
        derived.extend(source(case, extra))
    return derived


def _action_deadlines(action: AgreedAction) -> list[tuple[str, law.Deadline]]:
    agreed_on = action.agreement.agreed_on
    clock = action.clock
    if clock == AgreedAction.Clock.AGREED_DATE:
        deadline = law.Deadline(
            id="agreed_action",
            # The recording service requires agreed_due_on with this clock.
            date=action.agreed_due_on,  # type: ignore[arg-type]
            rule=(
                "The parties agreed this date in writing, which replaces the usual time "
                "limits (SEND Regulations 2014 reg 42(5))."
            ),
            legal_basis=("SEND Regulations 2014 reg 42(5)",),
            rule_id="AGR-04",
            duty_holder=action.get_owner_display(),
            verification="C",
            trigger_date=agreed_on,
        )
        return [(f"action:{action.pk}", deadline)]
    if clock == AgreedAction.Clock.NON_APPEALABLE:
        deadline = law.deadline_for("AGR-02", agreed_on, deadline_id="agreed_action")
        return [(f"action:{action.pk}", deadline)]
    steps = law.agreement_deadlines(agreed_on, appealable=[clock], other_actions=False)
    return [(f"action:{action.pk}:{d.id}", d) for d in steps]


def _state(item: Derived, *, terminal: bool) -> tuple[str, dt.date | None]:
    if item.met_on is not None:
        late = item.met_on > item.deadline.date
        return (CaseDeadline.State.BREACHED if late else CaseDeadline.State.MET), item.met_on
    if item.not_needed or terminal:
        return CaseDeadline.State.NOT_NEEDED, None
    return CaseDeadline.State.OPEN, None


def deadline_values(case: Case, item: Derived, *, terminal: bool) -> dict:
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
        "responsible_body_id": getattr(item.responsible_body, "pk", None),
        "verification": d.verification,
        "state": state,
        "met_on": met_on,
    }


def deadline_inputs(queryset):
    """``queryset`` of cases with everything ``derive`` reads loaded in a fixed number of
    queries (so recomputing a thousand cases costs a handful of queries, not thousands)."""
    return queryset.select_related(
        "provider", "local_authority", "commissioning_body", "agreement"
    ).prefetch_related(
        "events",
        "certificates",
        "sessions",
        "issues",
        "deadlines",
        Prefetch("actions", queryset=AgreedAction.objects.select_related("agreement")),
        Prefetch(
            "health_bodies", queryset=CaseHealthBody.objects.select_related("commissioning_body")
        ),
    )


def deadlines_recompute(case: Case, *, extra_holidays: Iterable[dt.date] | None = None) -> int:
    """Recompute and store every deadline of ``case``, and its report facts (every case-work
    write ends here); return how many deadline rows changed."""
    with transaction.atomic():
        loaded = deadline_inputs(Case.objects.filter(pk=case.pk)).get()
        changed = _recompute(loaded, extra_holidays=extra_holidays)
        facts_refresh([case.pk])
    return changed


@transaction.atomic
def _recompute(case: Case, *, extra_holidays: Iterable[dt.date] | None = None) -> int:
    """Recompute ``case`` (loaded through ``deadline_inputs``) and store what changed."""
    extra = extra_bank_holidays() if extra_holidays is None else tuple(extra_holidays)
    derived = derive(
        case,
        events=list(case.events.all()),
        certificates=list(case.certificates.all()),
        sessions=list(case.sessions.all()),
        actions=list(case.actions.all()),
        subjects={issue.subject for issue in case.issues.all()},
        extra_holidays=extra,
        health_bodies=list(case.health_bodies.all()),
        agreement=getattr(case, "agreement", None),
    )
    terminal = case.status in TERMINAL
    existing = {row.key: row for row in case.deadlines.all()}
    changed = 0
    wanted_keys = set()
    for item in derived:
        wanted_keys.add(item.key)
        values = deadline_values(case, item, terminal=terminal)
        row = existing.get(item.key)
        if row is None:
            CaseDeadline.objects.create(case=case, key=item.key, **values)
            changed += 1
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            row.save()
            changed += 1
    stale = [key for key in existing if key not in wanted_keys]
    if stale:
        changed += CaseDeadline.objects.filter(case=case, key__in=stale).delete()[0]
    if changed:
        next_deadline_keep([case.pk])
    return changed


def staff_open(deadlines: QuerySet) -> QuerySet:
    """The open deadlines among ``deadlines`` that someone other than the family owes: what
    staff's work queues are about (``Case.next_deadline_on``, ``selectors.work_queue``)."""
    return deadlines.filter(state=CaseDeadline.State.OPEN).exclude(responsible="family")


def next_deadline_keep(case_ids: Iterable[int], *, apps=None) -> int:
    """Store on each case its next deadline owed by anyone but the family (``Case.next_deadline_on``
    and ``next_deadline_title``), as the database holds the deadlines now; return the cases updated.

    ``apps`` is a migration's app registry, when a migration fills them in.
    """
    case_model = Case if apps is None else apps.get_model("cases", "Case")
    deadline_model = CaseDeadline if apps is None else apps.get_model("cases", "CaseDeadline")
    first = staff_open(deadline_model.objects.filter(case=OuterRef("pk"))).order_by("due_on", "id")
    return case_model.objects.filter(pk__in=list(case_ids)).update(
        next_deadline_on=Subquery(first.values("due_on")[:1]),
        next_deadline_title=Coalesce(Subquery(first.values("title")[:1]), Value("")),
    )


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
        chunk = deadline_inputs(Case.objects.filter(pk__in=pks[start : start + batch_size]))
        moved = []
        for case in chunk:
            changed = _recompute(case, extra_holidays=holidays)
            if changed:
                moved.append(case.pk)
                changed_rows += changed
        facts_refresh(moved)  # a moved deadline may now be met late, or an action due later
        changed_cases += len(moved)
    return Recomputed(len(pks), changed_cases, changed_rows)
