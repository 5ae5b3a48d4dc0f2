"""Complaints about the provider itself, tracked to a response date.

**The provider's standard** (not law): a full response within ``RESPONSE_WORKING_DAYS`` (20)
working days of receiving the complaint, counted in the law core's England and Wales working
days (``law.working_days``: weekends, Christmas Day, Good Friday and bank holidays do not
count; the day received does not count). A complaint received on Thursday 17 April 2025 is due
on Tuesday 20 May 2025: Good Friday, Easter Monday and the early May bank holiday do not count.

Only a provider's managers record and read them (``manager_provider_ids``); everyone else, and
another provider's manager, finds nothing (404). A linked case must be the provider's own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.law.working_days import ENG_WD
from sendresolve.quality.models import ProviderComplaint
from sendresolve.quality.targets import manager_provider_ids
from sendresolve.tenancy.actors import Who, user_of

RESPONSE_WORKING_DAYS = 20


def response_due(received_on: dt.date) -> dt.date:
    """The provider's standard: 20 working days after the day received."""
    return ENG_WD.add_working_days(received_on, RESPONSE_WORKING_DAYS)


def days_overdue(complaint: ProviderComplaint, *, today: dt.date) -> int:
    """Working days past the due date without a response (0 if answered or not yet due).
    Answered late: the working days it was late by."""
    end = complaint.response_sent_on or today
    return ENG_WD.working_days_between(complaint.response_due_on, end)


def complaints_for(who: Who) -> QuerySet[ProviderComplaint]:
    return ProviderComplaint.objects.filter(
        provider_id__in=sorted(manager_provider_ids(who))
    ).select_related("provider", "case")


def complaints_listed(who: Who, *, today: dt.date) -> list[tuple[ProviderComplaint, int]]:
    """Open complaints first, overdue ones at the top (most overdue first), then the rest by
    due date; each with its working days overdue."""
    rows = [(c, days_overdue(c, today=today)) for c in complaints_for(who)]

    def order(pair: tuple[ProviderComplaint, int]):
        complaint, late = pair
        is_open = complaint.response_sent_on is None
        return (not (is_open and late > 0), not is_open, -late, complaint.response_due_on)

    return sorted(rows, key=order)


def complaint_get(who: Who, *, complaint_id: int) -> ProviderComplaint:
    try:
        return complaints_for(who).get(pk=complaint_id)
    except ProviderComplaint.DoesNotExist:
        raise NotFound("No such complaint for this user.") from None


def _case(provider_id: int, reference: str) -> Case | None:
    reference = reference.strip().upper()
    if not reference:
        return None
    case = Case.objects.filter(provider_id=provider_id, reference=reference).first()
    if case is None:
        raise ValidationError(
            "Enter the reference of one of your cases, or leave it blank.", field="case_reference"
        )
    return case


def _received(received_on: dt.date) -> dt.date:
    if received_on > clock.today():
        raise ValidationError("The date received cannot be in the future.", field="received_on")
    return received_on


def complaint_record(
    *,
    actor: Who,
    provider_id: int,
    complainant: str,
    received_on: dt.date,
    summary: str,
    case_reference: str = "",
    submission_key: str = "",
) -> tuple[ProviderComplaint, bool]:
    """Record a complaint; returns it and whether this call recorded it (the same form sent
    twice answers with the first's)."""
    if provider_id not in manager_provider_ids(actor):
        raise NotFound("No such provider for this user.")
    user = user_of(actor)
    if submission_key and user is not None:
        earlier = ProviderComplaint.objects.filter(
            created_by=user, submission_key=submission_key
        ).first()
        if earlier is not None:
            return earlier, False
    if complainant not in ProviderComplaint.From.values:
        raise ValidationError("Select who complained.", field="complainant")
    summary = summary.strip()
    if not summary:
        raise ValidationError("Enter a summary of the complaint.", field="summary")
    received_on = _received(received_on)
    case = _case(provider_id, case_reference)
    try:
        with transaction.atomic():
            complaint = ProviderComplaint.objects.create(
                provider_id=provider_id,
                complainant=complainant,
                received_on=received_on,
                summary=summary,
                case=case,
                response_due_on=response_due(received_on),
                created_by=user,
                submission_key=submission_key if user is not None else "",
            )
            audit_record(
                actor=actor,
                action="quality.complaint.record",
                target=complaint,
                local_authority=case.local_authority if case else None,
                provider=complaint.provider,
                detail={
                    "received_on": received_on.isoformat(),
                    "case_id": case.pk if case else None,
                },
            )
    except IntegrityError:
        first = ProviderComplaint.objects.filter(
            created_by=user, submission_key=submission_key
        ).first()
        if first is None:
            raise
        return first, False
    return complaint, True


@transaction.atomic
def complaint_respond(
    *, actor: Who, complaint_id: int, response_sent_on: dt.date, outcome: str
) -> ProviderComplaint:
    """Record the response: the day it was sent and the outcome (recording it again with the
    same values changes nothing; different values correct it, audited)."""
    complaint_get(actor, complaint_id=complaint_id)  # NotFound for anyone else's
    complaint = ProviderComplaint.objects.select_for_update().get(pk=complaint_id)
    if outcome not in ProviderComplaint.Outcome.values:
        raise ValidationError("Select the outcome.", field="outcome")
    if response_sent_on > clock.today():
        raise ValidationError("The date sent cannot be in the future.", field="response_sent_on")
    if response_sent_on < complaint.received_on:
        raise ValidationError(
            "The response cannot be sent before the complaint was received.",
            field="response_sent_on",
        )
    if (complaint.response_sent_on, complaint.outcome) == (response_sent_on, outcome):
        return complaint
    complaint.response_sent_on = response_sent_on
    complaint.outcome = outcome
    complaint.save(update_fields=["response_sent_on", "outcome"])
    audit_record(
        actor=actor,
        action="quality.complaint.respond",
        target=complaint,
        provider=complaint.provider,
        detail={"response_sent_on": response_sent_on.isoformat(), "outcome": outcome},
    )
    return complaint


def complaints_of_case(case: Case) -> list[dict[str, Any]]:
    """Complaints about the provider linked to ``case``, for its subject access export: who
    complained, when, the summary (or the retention policy's removal note), the response and
    its outcome."""
    complaints = ProviderComplaint.objects.filter(case=case).order_by("received_on", "pk")
    return [
        {
            "from": complaint.get_complainant_display(),
            "received_on": complaint.received_on,
            "summary": complaint.summary,
            "response_due_on": complaint.response_due_on,
            "response_sent_on": complaint.response_sent_on,
            "outcome": complaint.get_outcome_display() if complaint.outcome else "",
        }
        for complaint in complaints
    ]
