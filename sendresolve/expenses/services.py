"""Claiming travel expenses (the family) and deciding a claim (the LA): two catalogue actions.

``expense_claim`` is the family's own action through their status link (``cases.actions``:
``family=True``), performed through ``recorder.action_perform`` with the form's submission key,
so a double submission sends one claim. Its receipts are checked (size, type by content,
ClamAV) before the case is locked and stored as case documents the provider and the LA's
officers see (``casefiles``); a receipt that fails refuses the whole claim and stores nothing.

``expense_decide`` is the LA's (``owned``: only the case's LA's officers, or an
administrator; the provider cannot): paid on a date, or refused with a reason. Both are
recorded steps of the case (``recorder.case_step_record``): a case event, an audit event with
ids and amounts only, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from sendresolve.casefiles import services as casefiles
from sendresolve.casefiles.models import CaseFile, Kind, Visibility
from sendresolve.cases.models import Case, Session
from sendresolve.cases.privacy import LA_OWNER
from sendresolve.cases.recorder import Step, case_step_record
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, ValidationError
from sendresolve.core.text import text_clean
from sendresolve.expenses.models import (
    ClaimState,
    ExpenseClaim,
    ExpenseLine,
    MileageRate,
    TravelMode,
)
from sendresolve.tenancy.actors import Who, user_of

MAX_LINES = 10
MAX_RECEIPTS = 5
MAX_MILES = Decimal("500")
DESCRIPTION_MAX = 200
REASON_MAX = 500
# Costs that need a receipt or ticket (a car journey is paid by the mile).
NEEDS_RECEIPT = frozenset({TravelMode.PUBLIC_TRANSPORT, TravelMode.PARKING, TravelMode.OTHER})


@dataclass(frozen=True)
class LineInput:
    """One line as typed: a car journey gives ``miles``, anything else ``amount_pence``."""

    travelled_on: dt.date | None
    mode: str
    description: str
    miles: Decimal | str | None = None
    amount_pence: int | None = None


def line_max_pence() -> int:
    return int(settings.SENDRESOLVE_EXPENSE_LINE_MAX_PENCE)


def pounds(pence: int) -> str:
    """``1234`` → ``£12.34``."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def mileage_pence(local_authority_id: int) -> int:
    """What the LA pays a mile: its own rate, else the default (``SENDRESOLVE_MILEAGE_PENCE``)."""
    rate = (
        MileageRate.objects.filter(local_authority_id=local_authority_id)
        .values_list("pence_per_mile", flat=True)
        .first()
    )
    return int(rate or settings.SENDRESOLVE_MILEAGE_PENCE)


def claimable_sessions(case: Case) -> QuerySet[Session]:
    """The meetings a family can claim travel for: held, or arranged and already started (the
    provider may not have recorded it yet); never a cancelled one. Latest first."""
    return (
        case.sessions.filter(starts_at__lte=clock.now())
        .exclude(state=Session.State.CANCELLED)
        .order_by("-starts_at", "-id")
    )


def _miles(value: Decimal | str | None, field: str) -> Decimal:
    try:
        miles = Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        miles = None
    if miles is None or not miles.is_finite():
        raise ValidationError("Enter the miles as a number, like 12.5.", field=field)
    if miles <= 0:
        raise ValidationError("The miles must be more than 0.", field=field)
    if miles > MAX_MILES:
        raise ValidationError(f"The miles must be {MAX_MILES} or fewer.", field=field)
    if miles != miles.quantize(Decimal("0.1")):
        raise ValidationError("Enter the miles to one decimal place, like 12.5.", field=field)
    return miles


def _line(case: Case, number: int, line: LineInput, rate: int) -> ExpenseLine:
    """Check one line and price it (server-side: a car journey is miles × the LA's rate)."""
    prefix = f"line-{number}-"
    if line.travelled_on is None:
        raise ValidationError("Enter the date of the journey.", field=prefix + "travelled_on")
    if line.travelled_on > clock.today():
        raise ValidationError("The date cannot be in the future.", field=prefix + "travelled_on")
    if line.travelled_on < case.opened_on:
        raise ValidationError(
            "The date must be after you first contacted the mediation service.",
            field=prefix + "travelled_on",
        )
    if line.mode not in TravelMode.values:
        raise ValidationError("Choose what the cost was for.", field=prefix + "mode")
    description = text_clean(line.description or "").strip()
    if not description:
        raise ValidationError(
            "Enter where you travelled from and to, or what the cost was for.",
            field=prefix + "description",
        )
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            f"The description must be {DESCRIPTION_MAX} characters or fewer.",
            field=prefix + "description",
        )
    miles: Decimal | None = None
    per_mile: int | None = None
    if line.mode == TravelMode.CAR:
        miles = _miles(line.miles, prefix + "miles")
        per_mile = rate
        amount = int((miles * rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        field = prefix + "miles"
    else:
        amount = line.amount_pence if isinstance(line.amount_pence, int) else 0
        field = prefix + "amount"
        if isinstance(line.amount_pence, bool) or amount <= 0:
            raise ValidationError("Enter an amount more than £0.", field=field)
    if amount > line_max_pence():
        raise ValidationError(
            f"Each line must be {pounds(line_max_pence())} or less. Contact the mediation "
            "service about a larger cost.",
            field=field,
        )
    return ExpenseLine(
        travelled_on=line.travelled_on,
        mode=line.mode,
        description=description,
        miles=miles,
        pence_per_mile=per_mile,
        amount_pence=amount,
    )


def expense_claim(
    *,
    actor: Who,
    case: Case,
    lines: Sequence[LineInput],
    receipts: Sequence[UploadedFile] = (),
    session: Session | None = None,
) -> ExpenseClaim:
    """The family claims travel expenses for attending mediation; the claim goes to the LA."""
    sessions = list(claimable_sessions(case))
    if not sessions:
        raise ValidationError(
            "You can claim travel expenses once you have been to a mediation meeting.",
            field="session",
        )
    if session is None:
        session = sessions[0]
    elif session.pk not in {s.pk for s in sessions}:
        raise ValidationError("Choose a meeting you went to.", field="session")
    if not lines:
        raise ValidationError("Add at least one journey or cost.", field="line-1-mode")
    if len(lines) > MAX_LINES:
        raise ValidationError(f"You can claim up to {MAX_LINES} costs at once.", field="lines")
    if len(receipts) > MAX_RECEIPTS:
        raise ValidationError(f"Upload up to {MAX_RECEIPTS} receipts.", field="receipts")
    rate = mileage_pence(case.local_authority_id)
    priced = [_line(case, number, line, rate) for number, line in enumerate(lines, start=1)]
    if not receipts and any(line.mode in NEEDS_RECEIPT for line in priced):
        raise ValidationError(
            "Upload a receipt or ticket for fares, parking and other costs.", field="receipts"
        )
    try:
        checked = casefiles.uploads_check(receipts)
    except ValidationError as error:
        raise type(error)(str(error), field="receipts") from None
    stored: list[CaseFile] = []
    total = sum(line.amount_pence for line in priced)

    def apply(step: Step) -> ExpenseClaim:
        claim = ExpenseClaim.objects.create(
            case=step.case,
            session=session,
            submitted_on=step.on,
            total_pence=total,
        )
        for line in priced:
            line.claim = claim
        ExpenseLine.objects.bulk_create(priced)
        documents = [
            casefiles.checked_store_by_family(
                step.case, one, kind=Kind.RECEIPT, visibility=Visibility.PARTIES, stored=stored
            )
            for one in checked
        ]
        claim.receipts.set(documents)
        step.detail = {
            "claim_id": claim.pk,
            "total_pence": total,
            "lines": len(priced),
            "receipts": len(documents),
        }
        return claim

    try:
        return case_step_record(
            actor=actor,
            case=case,
            action="expense_claim",
            event_type=EventType.EXPENSES_CLAIMED,
            on=clock.today(),
            apply=apply,
            not_before=None,
            audit_detail={"total_pence": total, "by": "family"},
        )
    except BaseException:
        casefiles.stored_files_remove(stored)
        raise


def expense_decide(
    *,
    actor: Who,
    claim: ExpenseClaim,
    decision: str,
    on: dt.date | None,
    reason: str = "",
) -> ExpenseClaim:
    """The LA records a claim paid (on a date) or refused (with a reason the family reads)."""
    if decision not in (ClaimState.PAID, ClaimState.REFUSED):
        raise ValidationError("Choose whether the claim was paid or refused.", field="decision")
    reason = text_clean(reason or "", multiline=True).strip()
    if decision == ClaimState.REFUSED and not reason:
        raise ValidationError("Enter why the claim was refused.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(
            f"The reason must be {REASON_MAX} characters or fewer.", field="reason"
        )
    if decision == ClaimState.PAID:
        reason = ""
    case = claim.case

    def apply(step: Step) -> ExpenseClaim:
        locked = ExpenseClaim.objects.select_for_update().get(pk=claim.pk, case=step.case)
        if locked.state != ClaimState.SUBMITTED:
            raise NotAllowed("This claim has already been decided.")
        locked.state = decision
        locked.decided_on = step.on
        locked.decided_by = user_of(actor)
        locked.reason = reason
        locked.save(update_fields=["state", "decided_on", "decided_by", "reason"])
        step.detail = {
            "claim_id": locked.pk,
            "decision": decision,
            "total_pence": locked.total_pence,
        }
        return locked

    result: Any = case_step_record(
        actor=actor,
        case=case,
        action="expense_decide",
        event_type=EventType.EXPENSES_DECIDED,
        on=on,
        apply=apply,
        owner=LA_OWNER,
        not_before=claim.submitted_on,
        before_label="the day the claim was sent",
        audit_detail={"claim_id": claim.pk, "decision": decision},
    )
    return result
