"""Reopening a closed or withdrawn case, and undoing the last step recorded in error
(issue 18).

Both go back to an earlier status, with a reason, through the recorder (so the audit event and
the deadline recompute happen as for any step). Reopening keeps the closing step in the
timeline: the case was closed and is open again. Undoing removes the step recorded in error:
its event is kept, whole, in the undo's own event (``detail["undone"]``) and in the audit trail,
and the step's own writes are put back. Which steps may be undone is the transition table's
(``states.UNDOABLE``); a certificate issue never is.
"""

from __future__ import annotations

from django.db import transaction

from sendresolve.cases.models import Case, CaseEvent, Session
from sendresolve.cases.recorder import Step, action_require, case_step_record
from sendresolve.cases.states import Status
from sendresolve.cases.steps import last_step, status_before_closing, step_undoable
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, ValidationError
from sendresolve.tenancy.actors import Who

REASON_LENGTH = 300


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(message, field="reason")
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            f"The reason must be {REASON_LENGTH} characters or fewer.", field="reason"
        )
    return reason


@transaction.atomic
def case_reopen(*, actor: Who, case: Case, reason: str) -> CaseEvent:
    """Reopen a closed or withdrawn case: it goes back to the status it had before."""
    action_require(actor, case, "case_reopen")
    reason = _reason(reason, "Enter why the case is being reopened.")

    def apply(step: Step) -> Step:
        before = status_before_closing(step.case, last_step(step.case))
        if before is None:
            raise NotAllowed("Only a closed or withdrawn case can be reopened.")
        step.to_status = before
        step.detail.update(reason=reason, status=before)
        return step

    return case_step_record(
        actor=actor,
        case=case,
        action="case_reopen",
        event_type=EventType.CASE_REOPENED,
        on=clock.today(),
        not_before=None,
        apply=apply,
    ).event


@transaction.atomic
def step_undo(*, actor: Who, event: CaseEvent, reason: str) -> CaseEvent:
    """Undo ``event``, the case's last step, recorded in error: the case goes back to the
    status it came from, the step's own writes are put back, and the deadlines follow."""
    case = event.case
    action_require(actor, case, "step_undo")
    reason = _reason(reason, "Enter why the step is being undone.")

    def apply(step: Step) -> Step:
        last = last_step(step.case)
        if last is None or last.pk != event.pk:
            raise NotAllowed("Only the last step recorded on the case can be undone.")
        if last.type == EventType.CERTIFICATE_ISSUED:
            raise NotAllowed("A certificate that has been issued cannot be undone.")
        if not step_undoable(last):
            raise NotAllowed(f"“{last.get_type_display()}” cannot be undone.")
        if last.type == EventType.SESSION_HELD:
            _meeting_back_to_arranged(step.case, last)
        step.to_status = last.from_status
        step.detail.update(
            reason=reason,
            undone={
                "event_id": last.pk,
                "type": last.type,
                "occurred_on": last.occurred_on.isoformat(),
                "recorded_at": last.recorded_at.isoformat(),
                "actor_id": last.actor_id,
                "from_status": last.from_status,
                "to_status": last.to_status,
                "detail": last.detail,
            },
        )
        last.delete()
        return step

    return case_step_record(
        actor=actor,
        case=case,
        action="step_undo",
        event_type=EventType.STEP_UNDONE,
        on=clock.today(),
        not_before=None,
        apply=apply,
    ).event


def _meeting_back_to_arranged(case: Case, held: CaseEvent) -> None:
    """Undoing "meeting held": the meeting it recorded is arranged again."""
    updated = case.sessions.filter(
        pk=held.detail.get("session_id"), state=Session.State.HELD
    ).update(state=Session.State.SCHEDULED, updated_at=clock.now())
    if updated != 1 or case.status != Status.HELD:
        raise NotAllowed("The meeting recorded as held has changed since: it cannot be undone.")
