"""Billable events: which recorded case events an LA pays for, and at what price.

Invoices are derived from ``cases.CaseEvent`` rows only, never typed. The mapping:

============================  =========================================================
Recorded event                Service line
============================  =========================================================
``advice_given``              advice call (mediation and health-only mediation cases)
``session_held``, mediation   mediation case (the case's first meeting held)
``session_held``, mediation   additional session (each later meeting held)
``session_held``, DR          disagreement resolution meeting (each meeting held)
``session_cancelled``         late cancellation: called off by the family, the LA or
                              another party (never the provider) with fewer working
                              days' notice than the terms allow
============================  =========================================================

Each event is priced by the commission's terms in force ON THE DAY it happened
(``ContractTerms.valid_from`` … ``valid_to``), so a price changed mid-month bills the events
before and after the change differently. An event on a day with no terms, or of a service the
terms do not cover, is not billed; it is listed with the reason. A health-only mediation is
billed only where the terms cover health-only mediation on behalf of the ICB.

A step undone as recorded in error removes its event (``cases.steps``), so it is never billed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from sendresolve import law
from sendresolve.billing.models import ContractTerms, ServiceLine
from sendresolve.cases.deadlines import extra_bank_holidays
from sendresolve.cases.models import CaseEvent, Session
from sendresolve.cases.vocabulary import CHARGEABLE_CANCELLERS, CancelledBy, CaseKind, EventType
from sendresolve.core.clock import LONDON

BILLED_EVENTS = (EventType.ADVICE_GIVEN, EventType.SESSION_HELD, EventType.SESSION_CANCELLED)
MEDIATION_KINDS = frozenset({CaseKind.MEDIATION, CaseKind.HEALTH_ONLY_MEDIATION})


@dataclass(frozen=True)
class Billable:
    """One event to bill: what, when, on which case, at which terms' price."""

    event_id: int
    case_id: int
    case_reference: str
    occurred_on: dt.date
    service: str
    description: str
    terms: ContractTerms
    amount_pence: int


@dataclass(frozen=True)
class NotBilled:
    """An event that would be billed but is not, and why (shown on the draft)."""

    case_reference: str
    occurred_on: dt.date
    service: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {
            "case_reference": self.case_reference,
            "occurred_on": self.occurred_on.isoformat(),
            "service": self.service,
            "reason": self.reason,
        }


def terms_on(terms: Iterable[ContractTerms], day: dt.date) -> ContractTerms | None:
    """The terms in force on ``day`` (the latest to start on or before it, not yet ended)."""
    in_force = [
        t for t in terms if t.valid_from <= day and (t.valid_to is None or day <= t.valid_to)
    ]
    return max(in_force, key=lambda t: t.valid_from, default=None)


def notice_working_days(cancelled_on: dt.date, meeting_on: dt.date) -> int:
    """Working days' notice: the working days after the day of cancelling and before the day of
    the meeting (England and Wales, with any extra bank holidays)."""
    calendar = law.WorkingDays.adding(extra_bank_holidays()).calendar("ENG_WD")
    return calendar.working_days_between(cancelled_on, meeting_on - dt.timedelta(days=1))


def covered(terms: ContractTerms, service: str, kind: str) -> bool:
    if service == ServiceLine.ADVICE_CALL:
        return terms.covers_advice and (
            kind != CaseKind.HEALTH_ONLY_MEDIATION or terms.covers_health_only
        )
    if kind == CaseKind.HEALTH_ONLY_MEDIATION:
        return terms.covers_health_only
    if kind == CaseKind.DISAGREEMENT_RESOLUTION:
        return terms.covers_disagreement_resolution
    return terms.covers_mediation


def _events(provider_id: int, local_authority_id: int, date_from: dt.date, date_to: dt.date):
    return (
        CaseEvent.objects.filter(
            case__provider_id=provider_id,
            case__local_authority_id=local_authority_id,
            type__in=BILLED_EVENTS,
            occurred_on__range=(date_from, date_to),
        )
        .select_related("case")
        .only(
            "type",
            "occurred_on",
            "recorded_at",
            "detail",
            "case__reference",
            "case__kind",
        )
        .order_by("occurred_on", "recorded_at", "pk")
    )


def _first_meetings(case_ids: set[int]) -> dict[int, int]:
    """Each mediation case's first meeting held: case id -> that event's id."""
    first: dict[int, int] = {}
    held = (
        CaseEvent.objects.filter(case_id__in=sorted(case_ids), type=EventType.SESSION_HELD)
        .order_by("occurred_on", "recorded_at", "pk")
        .values_list("case_id", "pk")
    )
    for case_id, event_id in held:
        first.setdefault(case_id, event_id)
    return first


def service_of(event_type: str, kind: str, *, first_meeting: bool) -> tuple[str, str] | None:
    """(service line, description) of an event of a case of this kind, or None if that kind
    of event is never billed (advice on a disagreement-resolution case)."""
    if event_type == EventType.ADVICE_GIVEN:
        if kind not in MEDIATION_KINDS:
            return None
        return ServiceLine.ADVICE_CALL, "Mediation information and advice given"
    if event_type == EventType.SESSION_HELD:
        label = "Health-only mediation" if kind == CaseKind.HEALTH_ONLY_MEDIATION else ""
        if kind == CaseKind.DISAGREEMENT_RESOLUTION:
            return ServiceLine.DR_MEETING, "Disagreement resolution meeting held"
        if first_meeting:
            return ServiceLine.MEDIATION_CASE, label or "Mediation: first meeting held"
        return ServiceLine.ADDITIONAL_SESSION, label or "Further mediation meeting held"
    if event_type == EventType.SESSION_CANCELLED:
        return ServiceLine.CANCELLATION, "Meeting called off late"
    return None


def _service(event: CaseEvent, first_meetings: dict[int, int], sessions: dict[int, Session]):
    """(service, description, notice) for an event, or None if the event is not billable at
    all; a cancellation also needs its notice checked against the terms (returns the notice)."""
    kind = event.case.kind
    if event.type != EventType.SESSION_CANCELLED:
        first = first_meetings.get(event.case_id) == event.pk
        found = service_of(event.type, kind, first_meeting=first)
        return None if found is None else (*found, None)
    # A cancelled meeting: chargeable only if called off late by someone other than us.
    detail = event.detail or {}
    session = sessions.get(detail.get("session_id") or 0)
    if session is None or detail.get("cancelled_by") not in CHARGEABLE_CANCELLERS:
        return None
    meeting_on = session.starts_at.astimezone(LONDON).date()
    notice = notice_working_days(event.occurred_on, meeting_on)
    who = CancelledBy(detail["cancelled_by"]).label.lower()
    return (
        ServiceLine.CANCELLATION,
        f"Meeting on {meeting_on:%d/%m/%Y} called off by {who} with {notice} working days' notice",
        notice,
    )


def billable_events(
    *, provider_id: int, local_authority_id: int, date_from: dt.date, date_to: dt.date
) -> tuple[list[Billable], list[NotBilled]]:
    """The events between two dates (inclusive) the LA pays the provider for, each priced by
    the terms in force that day, and those that would be but are not (with the reason)."""
    events = list(_events(provider_id, local_authority_id, date_from, date_to))
    terms = list(
        ContractTerms.objects.filter(
            commission__provider_id=provider_id,
            commission__local_authority_id=local_authority_id,
            valid_from__lte=date_to,
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date_from))
    )
    first_meetings = _first_meetings({e.case_id for e in events if e.type == "session_held"})
    session_ids = [
        (e.detail or {}).get("session_id")
        for e in events
        if e.type == EventType.SESSION_CANCELLED and isinstance(e.detail, dict)
    ]
    sessions = Session.objects.in_bulk([pk for pk in session_ids if isinstance(pk, int)])
    billed: list[Billable] = []
    not_billed: list[NotBilled] = []
    for event in events:
        found = _service(event, first_meetings, sessions)
        if found is None:
            continue
        service, description, notice = found
        in_force = terms_on(terms, event.occurred_on)
        reference = event.case.reference
        if in_force is None:
            not_billed.append(
                NotBilled(reference, event.occurred_on, service, "No contract terms that day")
            )
            continue
        if notice is not None and notice >= in_force.cancellation_notice_working_days:
            continue  # enough notice: nothing to pay
        if not covered(in_force, service, event.case.kind):
            not_billed.append(
                NotBilled(reference, event.occurred_on, service, "Service not in the contract")
            )
            continue
        billed.append(
            Billable(
                event_id=event.pk,
                case_id=event.case_id,
                case_reference=reference,
                occurred_on=event.occurred_on,
                service=service,
                description=description,
                terms=in_force,
                amount_pence=in_force.price_of(service),
            )
        )
    return billed, not_billed
