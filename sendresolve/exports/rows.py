"""The rows of the two exports, field by field (documented in ``docs/exports.md``).

- ``sen2_rows``: one row per mediation case of one LA, in the shape of the DfE SEN2
  person-level return's mediation and tribunal items (Module 2 requests: ``RequestMediation``,
  ``RequestTribunal``; Module 3 assessments: ``AssessmentMediation``, ``AssessmentTribunal``),
  with only what this service holds.
- ``event_rows``: one row per case event, for LA case-management systems: reference, event
  type, date and time, status; never a name or an event's detail (which can hold what was said).

Both read in chunks (``iterator``), so a large LA streams without holding every row.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Min, OuterRef, Prefetch, QuerySet, Subquery

from sendresolve.cases.models import Case, CaseEvent, Certificate, Issue, RelatedProceeding
from sendresolve.cases.vocabulary import CaseKind, EventType, IssueSubject, ProceedingKind
from sendresolve.tribunal.models import TribunalDecision

CHUNK = 500


@dataclass(frozen=True)
class Field:
    key: str
    description: str


# -- SEN2-shaped person-level rows -----------------------------------------------------------

REQUEST_STAGE = frozenset({IssueSubject.REFUSAL_TO_ASSESS, IssueSubject.REFUSAL_TO_REASSESS})
ASSESSMENT_STAGE = frozenset({IssueSubject.REFUSAL_TO_ISSUE_PLAN})

SEN2_FIELDS: tuple[Field, ...] = (
    Field("LA", "DfE three-digit code of the local authority"),
    Field("CaseReference", "This service's case reference"),
    Field("ChildName", "The child's or young person's name as recorded (SEN2 Forename, Surname)"),
    Field("PersonBirthDate", "Date of birth, YYYY-MM-DD, blank if not recorded"),
    Field("Stage", "request, assessment or plan: which SEN2 module the decision belongs to"),
    Field("DecisionDate", "Date of the LA's decision letter, blank if not recorded"),
    Field("MediationAdviceDate", "Date the family first contacted the mediation adviser"),
    Field("MediationCertificate", "Y if a mediation certificate was issued, else N"),
    Field("CertificateDate", "Date the (first) certificate was issued"),
    Field("CertificateKind", "declined, mediation_concluded or not_arranged"),
    Field("Mediation", "Y if a mediation meeting was held, else N"),
    Field("MediationDate", "Date of the first mediation meeting held"),
    Field("Tribunal", "Y if an appeal to the SEND Tribunal is recorded, else N"),
    Field("RequestMediation", "Stage request: Mediation; blank at other stages"),
    Field("RequestTribunal", "Stage request: Tribunal; blank at other stages"),
    Field("AssessmentMediation", "Stage assessment: Mediation; blank at other stages"),
    Field("AssessmentTribunal", "Stage assessment: Tribunal; blank at other stages"),
)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _yn(value: bool) -> str:
    return "Y" if value else "N"


def sen2_cases(cases: QuerySet[Case], *, date_from: dt.date, date_to: dt.date) -> QuerySet[Case]:
    """The mediation cases with an event from ``date_from`` to ``date_to``, with what a row
    needs."""
    case = OuterRef("pk")
    first_certificate = Certificate.objects.filter(case=case, replaces_number="").order_by(
        "issued_on", "id"
    )
    return (
        cases.filter(kind__in=[CaseKind.MEDIATION, CaseKind.HEALTH_ONLY_MEDIATION])
        .filter(
            Exists(
                CaseEvent.objects.filter(
                    case=case, occurred_on__gte=date_from, occurred_on__lte=date_to
                )
            )
        )
        .select_related("local_authority")
        .annotate(
            held_on=Subquery(
                CaseEvent.objects.filter(case=case, type=EventType.SESSION_HELD)
                .values("case")
                .annotate(first=Min("occurred_on"))
                .values("first")
            ),
            certificate_on=Subquery(first_certificate.values("issued_on")[:1]),
            certificate_kind=Subquery(first_certificate.values("kind")[:1]),
            appealed=Exists(
                RelatedProceeding.objects.filter(case=case, kind=ProceedingKind.TRIBUNAL_APPEAL)
            )
            | Exists(TribunalDecision.objects.filter(case=case)),
        )
        .prefetch_related(Prefetch("issues", queryset=Issue.objects.only("case_id", "subject")))
        .order_by("opened_on", "reference")
    )


def _stage(subjects: set[str]) -> str:
    if subjects & REQUEST_STAGE:
        return "request"
    if subjects & ASSESSMENT_STAGE:
        return "assessment"
    return "plan"


def sen2_row(case: Any) -> dict[str, str]:
    stage = _stage({issue.subject for issue in case.issues.all()})
    held, appealed = case.held_on is not None, bool(case.appealed)
    return {
        "LA": case.local_authority.dfe_code,
        "CaseReference": case.reference,
        "ChildName": case.child_name,
        "PersonBirthDate": _date(case.child_date_of_birth),
        "Stage": stage,
        "DecisionDate": _date(case.decision_letter_date),
        "MediationAdviceDate": _date(case.opened_on),
        "MediationCertificate": _yn(case.certificate_on is not None),
        "CertificateDate": _date(case.certificate_on),
        "CertificateKind": case.certificate_kind or "",
        "Mediation": _yn(held),
        "MediationDate": _date(case.held_on),
        "Tribunal": _yn(appealed),
        "RequestMediation": _yn(held) if stage == "request" else "",
        "RequestTribunal": _yn(appealed) if stage == "request" else "",
        "AssessmentMediation": _yn(held) if stage == "assessment" else "",
        "AssessmentTribunal": _yn(appealed) if stage == "assessment" else "",
    }


def sen2_rows(cases: QuerySet[Case]) -> Iterator[dict[str, str]]:
    for case in cases.iterator(chunk_size=CHUNK):
        yield sen2_row(case)


# -- case events -----------------------------------------------------------------------------

# The provider's own bookkeeping, not the LA's business: left out of the event export.
PROVIDER_ONLY_EVENTS = frozenset(
    {
        EventType.ASSIGNED,
        EventType.CONTACT_LOGGED,
        EventType.TASK_ADDED,
        EventType.TASK_DONE,
        EventType.TASK_REOPENED,
        EventType.CHILD_VIEWS_RECORDED,
        EventType.EXPENSES_CLAIMED,
        EventType.EXPENSES_DECIDED,
    }
)

EVENT_FIELDS: tuple[Field, ...] = (
    Field("reference", "This service's case reference"),
    Field("local_authority", "DfE three-digit code of the local authority"),
    Field("case_kind", "mediation, health_only_mediation or disagreement_resolution"),
    Field("event_id", "The event's number in this service (unique, never reused)"),
    Field("event_type", "The event's code, e.g. certificate_issued (docs/exports.md lists them)"),
    Field("event_title", "The event's name in words"),
    Field("occurred_on", "The day it happened, YYYY-MM-DD"),
    Field("recorded_at", "When it was recorded, ISO 8601 with the UTC offset"),
    Field("from_status", "The case's status before, blank if the event did not change it"),
    Field("to_status", "The case's status after, blank if the event did not change it"),
    Field("case_status", "The case's status now"),
)


def event_records(
    cases: QuerySet[Case], *, date_from: dt.date, date_to: dt.date
) -> QuerySet[CaseEvent]:
    return (
        CaseEvent.objects.filter(
            case__in=cases.values("pk"), occurred_on__gte=date_from, occurred_on__lte=date_to
        )
        .exclude(type__in=sorted(PROVIDER_ONLY_EVENTS))
        .select_related("case__local_authority")
        .only(
            "id",
            "type",
            "occurred_on",
            "recorded_at",
            "from_status",
            "to_status",
            "case__reference",
            "case__kind",
            "case__status",
            "case__local_authority__dfe_code",
        )
        .order_by("occurred_on", "recorded_at", "id")
    )


def event_row(event: CaseEvent) -> dict[str, Any]:
    return {
        "reference": event.case.reference,
        "local_authority": event.case.local_authority.dfe_code,
        "case_kind": event.case.kind,
        "event_id": event.pk,
        "event_type": event.type,
        "event_title": event.get_type_display(),
        "occurred_on": event.occurred_on.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "case_status": event.case.status,
    }


def event_rows(events: QuerySet[CaseEvent]) -> Iterator[dict[str, Any]]:
    for event in events.iterator(chunk_size=CHUNK):
        yield event_row(event)
