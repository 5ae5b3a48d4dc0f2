"""Apply the retention policy: what is due (``retention_plan``) and doing it (``retention_apply``).

This module is the one place that removes personal data for age, across the apps that hold it
(cases, notifications, feedback, saved requests, survey answers and invitations, complaints
about the provider, webhook deliveries, unconfirmed caseload imports and, through
``audit.services.audit_purge_before``, the audit trail): a deliberate exception to "each app
writes its own models", so the whole policy can be read, tested and audited in one place. Each
kind is applied in its own transaction with one audit event (``retention.<kind>.<action>``)
giving the count and the cutoff.

Cases are never deleted: their statutory facts feed the reports and annual returns of past
years. They are anonymised instead (``_anonymise_cases``): the child's and family's names and
contact details, the child's date of birth, free text that may name them, the certificate
documents (their metadata stays), the messages sent about them, any confidential notes left,
the case's contact log and tasks, and the documents uploaded to it with their stored files
(deleted).
Dates, statuses, deadlines, outcomes, agreed actions' owners and dates stay as they were.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import Q, QuerySet, Value, When

from sendresolve.agreements.services import agreement_documents_anonymise
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_purge_before, audit_record
from sendresolve.casefiles.services import case_files_remove
from sendresolve.cases.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseEvent,
    CaseTask,
    Certificate,
    ConfidentialNote,
    ContactEntry,
    Issue,
    Party,
    RelatedProceeding,
)
from sendresolve.cases.states import OPEN, TERMINAL
from sendresolve.cases.vocabulary import EventType, PartyRole
from sendresolve.core import clock
from sendresolve.drafts.models import SavedRequest
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.imports.models import CaseImport
from sendresolve.notifications.models import OutboxMessage, Status
from sendresolve.quality.models import ProviderComplaint, SurveyInvitation, SurveyResponse
from sendresolve.retention.models import Anonymisation
from sendresolve.retention.policy import Rule, retention_policy, years_before
from sendresolve.tribunal.models import Recommendation, TribunalDecision
from sendresolve.webhooks.models import Delivery

ANONYMISED = "Anonymised"
BATCH = 500
REMOVED = "[Removed under the retention policy]"

LABELS = {
    "cases": "closed cases",
    "confidential_notes": "confidential notes",
    "outbox_messages": "messages",
    "feedback": "feedback answers",
    "format_requests": "requests for another format",
    "audit_events": "audit events",
    "saved_requests": "saved requests",
    "survey_comments": "survey answers' comments",
    "survey_invitations": "unanswered survey invitations",
    "provider_complaints": "complaint summaries",
    "webhook_deliveries": "webhook deliveries",
    "unconfirmed_imports": "unconfirmed import files",
}
DATED = {
    "cases": "closed on or before",
    "confidential_notes": "on cases closed on or before",
    "outbox_messages": "sent on or before",
    "feedback": "given on or before",
    "format_requests": "made on or before",
    "audit_events": "recorded on or before",
    "saved_requests": "whose link expired on or before",
    "survey_comments": "given on or before",
    "survey_invitations": "expired on or before",
    "provider_complaints": "answered on or before",
    "webhook_deliveries": "made on or before",
    "unconfirmed_imports": "uploaded on or before",
}
PAST_TENSE = {"anonymise": "anonymised", "delete": "deleted", "redact": "redacted"}


@dataclass(frozen=True)
class PlanLine:
    """What the policy would do (or did) to one kind of record."""

    kind: str
    action: str
    count: int
    cutoff: dt.date
    rule: Rule

    def describe(self, *, done: bool = False) -> str:
        """One line, e.g. ``cases: 2 closed cases to anonymise (closed on or before …)``."""
        years = f"{self.rule.years} year{'s' if self.rule.years != 1 else ''}"
        if self.rule.days is not None:
            years = f"{self.rule.days} day{'s' if self.rule.days != 1 else ''}"
        when = f"{DATED[self.kind]} {self.cutoff.isoformat()}: {years}"
        if self.rule.until_age:
            when += f", and the child {self.rule.until_age} or over"
        what = PAST_TENSE[self.action] if done else f"to {self.action}"
        return f"{self.kind}: {self.count} {LABELS[self.kind]} {what} ({when})"


def _midnight_after(day: dt.date) -> dt.datetime:
    """The first instant after the London day ``day``: times before it are on or before it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=clock.LONDON)


def cases_due(rule: Rule, today: dt.date) -> QuerySet[Case]:
    """Closed (or withdrawn, or not taken forward) cases due for anonymisation, not yet done."""
    queryset = Case.objects.filter(
        status__in=TERMINAL, closed_on__lte=rule.cutoff(today), anonymisation__isnull=True
    )
    if rule.until_age:
        queryset = queryset.filter(
            Q(child_date_of_birth__isnull=True)
            | Q(child_date_of_birth__lte=years_before(today, rule.until_age))
        )
    return queryset


def confidential_notes_due(rule: Rule, today: dt.date) -> QuerySet[ConfidentialNote]:
    """Notes on cases that closed at least the period ago (and are still closed)."""
    return ConfidentialNote.objects.filter(
        case__status__in=TERMINAL, case__closed_on__lte=rule.cutoff(today)
    )


def _unredacted(queryset: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
    return queryset.filter(~Q(to="") | ~Q(body="") | ~Q(subject=""))


def outbox_messages_due(rule: Rule, today: dt.date) -> QuerySet[OutboxMessage]:
    return _unredacted(
        OutboxMessage.objects.filter(created_at__lt=_midnight_after(rule.cutoff(today)))
    )


def feedback_due(rule: Rule, today: dt.date) -> QuerySet[Feedback]:
    return Feedback.objects.filter(created_at__lt=_midnight_after(rule.cutoff(today)))


def format_requests_due(rule: Rule, today: dt.date) -> QuerySet[FormatRequest]:
    return FormatRequest.objects.filter(created_at__lt=_midnight_after(rule.cutoff(today)))


def audit_events_due(rule: Rule, today: dt.date) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(occurred_at__lt=_midnight_after(rule.cutoff(today)))


def saved_requests_due(rule: Rule, today: dt.date) -> QuerySet[SavedRequest]:
    """Saved requests whose link expired on or before the cutoff (their ``expires_at``, set
    from the rule's days when they were saved)."""
    return SavedRequest.objects.filter(expires_at__lt=_midnight_after(rule.cutoff(today)))


def survey_comments_due(rule: Rule, today: dt.date) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(answered_on__lte=rule.cutoff(today)).exclude(comments="")


def survey_invitations_due(rule: Rule, today: dt.date) -> QuerySet[SurveyInvitation]:
    """Invitations never answered that expired ``days`` ago (an answered one carries its
    answer, which holds no name, and stays)."""
    return SurveyInvitation.objects.filter(
        answered_at__isnull=True, expires_at__lt=_midnight_after(rule.cutoff(today))
    )


def provider_complaints_due(rule: Rule, today: dt.date) -> QuerySet[ProviderComplaint]:
    """Complaints answered at least the period ago whose summary is still there."""
    return ProviderComplaint.objects.filter(response_sent_on__lte=rule.cutoff(today)).exclude(
        summary=REMOVED
    )


def webhook_deliveries_due(rule: Rule, today: dt.date) -> QuerySet[Delivery]:
    """Deliveries delivered or given up on, made ``days`` ago (their attempts go with them).

    A deadline's delivery on a case still open stays: it is what stops the daily job queueing
    "deadline missed" again for a deadline still open (``deadline_deliveries_queue`` sends once
    per deadline, kind and due date, and reads the deliveries to know)."""
    return Delivery.objects.filter(
        created_at__lt=_midnight_after(rule.cutoff(today)),
        state__in=[Delivery.State.DELIVERED, Delivery.State.FAILED],
    ).exclude(dedup_key__startswith="deadline:", case__status__in=sorted(OPEN))


def unconfirmed_imports_due(rule: Rule, today: dt.date) -> QuerySet[CaseImport]:
    """Imports checked and never imported (or failed) that still hold their file."""
    return CaseImport.objects.filter(
        created_at__lt=_midnight_after(rule.cutoff(today)),
        state__in=[CaseImport.State.VALIDATED, CaseImport.State.FAILED],
    ).filter(~Q(content=b"") | ~Q(events_content=b""))


DUE = {
    "cases": cases_due,
    "confidential_notes": confidential_notes_due,
    "outbox_messages": outbox_messages_due,
    "feedback": feedback_due,
    "format_requests": format_requests_due,
    "audit_events": audit_events_due,
    "saved_requests": saved_requests_due,
    "survey_comments": survey_comments_due,
    "survey_invitations": survey_invitations_due,
    "provider_complaints": provider_complaints_due,
    "webhook_deliveries": webhook_deliveries_due,
    "unconfirmed_imports": unconfirmed_imports_due,
}


def retention_plan(today: dt.date, *, policy: dict[str, Rule] | None = None) -> list[PlanLine]:
    """What applying the policy on ``today`` would do: one line per kind, counted in the
    database. Changes nothing."""
    policy = policy or retention_policy()
    return [
        PlanLine(
            kind=kind,
            action=rule.action,
            count=DUE[kind](rule, today).count(),
            cutoff=rule.cutoff(today),
            rule=rule,
        )
        for kind, rule in policy.items()
    ]


def retention_apply(
    today: dt.date, *, actor: Any = None, policy: dict[str, Rule] | None = None
) -> list[PlanLine]:
    """Apply the policy on ``today``: each kind in its own transaction, with one audit event.

    ``actor`` is the user who asked, or None for the system (the command, a scheduled job).
    Returns what was done, one line per kind. Running it again the same day does nothing more.
    ``today`` may not be later than the clock's today: nothing is removed early.
    """
    if today > clock.today():
        raise ValueError("Retention cannot be applied as of a future date.")
    policy = policy or retention_policy()
    done = []
    for kind, rule in policy.items():
        cutoff = rule.cutoff(today)
        detail = {"rule": rule.as_dict(), "cutoff": cutoff.isoformat()}
        with transaction.atomic():
            if kind == "audit_events":
                # The audit app deletes its own rows, and records that it did.
                count = audit_purge_before(
                    actor=actor,
                    before=cutoff + dt.timedelta(days=1),
                    action="retention.audit_events.delete",
                    detail=detail,
                )
            else:
                count, extra = APPLY[kind](rule, today)
                audit_record(
                    actor=actor,
                    action=f"retention.{kind}.{rule.action}",
                    detail={**detail, "count": count, **extra},
                )
        done.append(PlanLine(kind=kind, action=rule.action, count=count, cutoff=cutoff, rule=rule))
    return done


def _anonymise_cases(rule: Rule, today: dt.date) -> tuple[int, dict]:
    cases = list(cases_due(rule, today).order_by("pk").values_list("pk", "reference", "closed_on"))
    if not cases:
        return 0, {}
    notes = messages = 0
    # In batches: databases limit the parameters of one statement (SQLite to 32,766).
    for start in range(0, len(cases), BATCH):
        batch_notes, batch_messages = _anonymise_batch(cases[start : start + BATCH], rule, today)
        notes += batch_notes
        messages += batch_messages
    ids = [pk for pk, _, _ in cases]
    return len(cases), {"case_ids": ids, "confidential_notes": notes, "messages": messages}


def _anonymise_batch(cases: list[tuple], rule: Rule, today: dt.date) -> tuple[int, int]:
    ids = [pk for pk, _, _ in cases]
    references = [reference for _, reference, _ in cases]
    now = clock.now()
    Case.objects.filter(pk__in=ids).update(
        child_name=ANONYMISED,
        child_date_of_birth=None,
        requester_name=ANONYMISED,
        email="",
        phone="",
        address="",
        updated_at=now,
    )
    # Each party keeps its role, organisation and answer (DR figures count them); the person
    # becomes their role.
    Party.objects.filter(case_id__in=ids).update(
        name=SqlCase(
            *[When(role=value, then=Value(label)) for value, label in PartyRole.choices],
            default=Value(ANONYMISED),
        ),
        email="",
        phone="",
        views_gathered_how="",
        updated_at=now,
    )
    # Free text that may name the child or the family.
    Issue.objects.filter(case_id__in=ids).update(description="", updated_at=now)
    Agreement.objects.filter(case_id__in=ids).update(text=REMOVED, updated_at=now)
    AgreedAction.objects.filter(case_id__in=ids).update(description=REMOVED, updated_at=now)
    RelatedProceeding.objects.filter(case_id__in=ids).update(
        reference="", detail="", updated_at=now
    )
    TribunalDecision.objects.filter(case_id__in=ids).update(tribunal_reference="", updated_at=now)
    Recommendation.objects.filter(case_id__in=ids).update(
        text=REMOVED, response_detail="", updated_at=now
    )
    CaseEvent.objects.filter(case_id__in=ids, type=EventType.CASE_WITHDRAWN).update(detail={})
    # The certificate documents carry the child's name and date of birth; the certificates'
    # numbers, kinds, dates and appeal deadlines stay.
    Certificate.objects.filter(case_id__in=ids).update(pdf=b"", updated_at=now)
    notes, _ = ConfidentialNote.objects.filter(case_id__in=ids).delete()
    # The contact log and tasks are casework notes about the family: they go with the case's
    # personal details (nothing in the reports reads them).
    ContactEntry.objects.filter(case_id__in=ids).delete()
    CaseTask.objects.filter(case_id__in=ids).delete()
    # Documents uploaded to the case (letters, plans, reports) name the child: they go, and
    # their stored files once this commits (``casefiles.services.case_files_remove``).
    case_files_remove(ids)
    # The agreement documents and the summary of issues in dispute (issue 21): their wording and
    # PDFs go; numbers, versions, dates and receipts stay.
    agreement_documents_anonymise(ids)
    # Travel expense claims (issue 22): where the family travelled from and the refusal's
    # words go; the amounts, dates and decisions stay (the LA's accounts).
    ExpenseLine.objects.filter(claim__case_id__in=ids).update(description=REMOVED)
    ExpenseClaim.objects.filter(case_id__in=ids).exclude(reason="").update(
        reason=REMOVED, updated_at=now
    )
    messages = _redact(_unredacted(OutboxMessage.objects.filter(reference__in=references)))
    Anonymisation.objects.bulk_create(
        Anonymisation(case_id=pk, anonymised_on=today, closed_on=closed_on, rule=rule.as_dict())
        for pk, _, closed_on in cases
    )
    return notes, messages


def _delete_confidential_notes(rule: Rule, today: dt.date) -> tuple[int, dict]:
    deleted, _ = confidential_notes_due(rule, today).delete()
    return deleted, {}


def _redact(queryset: QuerySet[OutboxMessage]) -> int:
    # A message still queued after all this time will never go: mark it failed, so
    # send_queued_messages does not try to send an empty message.
    queryset.filter(status=Status.QUEUED).update(
        status=Status.FAILED, failure_reason="Removed under the retention policy"
    )
    return queryset.update(to="", subject="", body="", personalisation={})


def _redact_outbox_messages(rule: Rule, today: dt.date) -> tuple[int, dict]:
    return _redact(outbox_messages_due(rule, today)), {}


def _delete_feedback(rule: Rule, today: dt.date) -> tuple[int, dict]:
    deleted, _ = feedback_due(rule, today).delete()
    return deleted, {}


def _delete_format_requests(rule: Rule, today: dt.date) -> tuple[int, dict]:
    deleted, _ = format_requests_due(rule, today).delete()
    return deleted, {}


def _delete_saved_requests(rule: Rule, today: dt.date) -> tuple[int, dict]:
    deleted, _ = saved_requests_due(rule, today).delete()
    return deleted, {}


def _redact_survey_comments(rule: Rule, today: dt.date) -> tuple[int, dict]:
    return survey_comments_due(rule, today).update(comments=""), {}


def _delete_survey_invitations(rule: Rule, today: dt.date) -> tuple[int, dict]:
    _, by_model = survey_invitations_due(rule, today).delete()
    return by_model.get("quality.SurveyInvitation", 0), {}


def _redact_provider_complaints(rule: Rule, today: dt.date) -> tuple[int, dict]:
    count = provider_complaints_due(rule, today).update(summary=REMOVED, updated_at=clock.now())
    return count, {}


def _delete_webhook_deliveries(rule: Rule, today: dt.date) -> tuple[int, dict]:
    due = webhook_deliveries_due(rule, today)
    count = due.count()
    _, by_model = due.delete()  # their attempts go with them (cascade)
    return count, {"attempts": by_model.get("webhooks.Attempt", 0)}


def _delete_unconfirmed_imports(rule: Rule, today: dt.date) -> tuple[int, dict]:
    due = unconfirmed_imports_due(rule, today)
    count = due.update(content=b"", events_content=b"")
    CaseImport.objects.filter(
        state=CaseImport.State.VALIDATED, created_at__lt=_midnight_after(rule.cutoff(today))
    ).update(state=CaseImport.State.EXPIRED)
    return count, {}


APPLY = {
    "cases": _anonymise_cases,
    "confidential_notes": _delete_confidential_notes,
    "outbox_messages": _redact_outbox_messages,
    "feedback": _delete_feedback,
    "format_requests": _delete_format_requests,
    "saved_requests": _delete_saved_requests,
    "survey_comments": _redact_survey_comments,
    "survey_invitations": _delete_survey_invitations,
    "provider_complaints": _redact_provider_complaints,
    "webhook_deliveries": _delete_webhook_deliveries,
    "unconfirmed_imports": _delete_unconfirmed_imports,
}
