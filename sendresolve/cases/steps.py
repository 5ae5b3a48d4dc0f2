"""A case's last step: what reopening and undoing start from (issue 18).

The last step is the most recently recorded change of status, leaving out the undos
themselves (undoing two steps in a row undoes the one before). Which event records which
step of the transition tables is ``STEP_ACTIONS``; whether that step may be undone is the
transition table's (``states.UNDOABLE``).
"""

from __future__ import annotations

from django.db.models import F

from sendresolve.cases.models import Case, CaseEvent
from sendresolve.cases.states import REOPENABLE, TERMINAL, Status, undoable
from sendresolve.cases.vocabulary import EventType

# The event each step of the transition tables records.
STEP_ACTIONS: dict[str, str] = {
    EventType.ADVICE_GIVEN: "advice_give",
    EventType.MEDIATION_DECLINED: "mediation_decline",
    EventType.MEDIATION_REQUESTED: "mediation_request",
    EventType.LA_INFORMED: "la_inform",
    EventType.SESSION_SCHEDULED: "session_schedule",
    EventType.SESSION_HELD: "session_hold",
    EventType.MEDIATION_CONCLUDED: "mediation_conclude",
    EventType.LA_CANNOT_ARRANGE: "la_cannot_arrange",
    EventType.CERTIFICATE_ISSUED: "certificate_issue",
    EventType.FOLLOW_UP_STARTED: "follow_up_start",
    EventType.TRIBUNAL_DECISION: "tribunal_decision_record",
    EventType.UNOPPOSED_APPEAL: "tribunal_decision_record",
    EventType.CASE_CLOSED: "case_close",
    EventType.CASE_WITHDRAWN: "case_withdraw",
    EventType.ALL_PARTIES_AGREED: "dr_all_agreed",
    EventType.NOT_TAKEN_FORWARD: "dr_not_taken_forward",
}


def last_step(case: Case) -> CaseEvent | None:
    """The case's most recently recorded change of status (not an undo), if it still is the
    one that led to the case's status now."""
    event = (
        case.events.exclude(from_status=F("to_status"))
        .exclude(type=EventType.STEP_UNDONE)
        .order_by("-pk")
        .select_related("actor")
        .first()
    )
    if event is None or event.to_status != case.status or not event.from_status:
        return None
    return event


def step_undoable(event: CaseEvent | None) -> bool:
    """Whether ``event`` (a case's last step) may be undone."""
    if event is None or event.type == EventType.CERTIFICATE_ISSUED:
        return False
    action = STEP_ACTIONS.get(event.type)
    return action is not None and undoable(action)


def status_before_closing(case: Case, event: CaseEvent | None) -> str | None:
    """The status a closed or withdrawn case goes back to when reopened (``event`` is its last
    step), or None if it cannot be reopened."""
    if case.status not in REOPENABLE or event is None:
        return None
    before = event.from_status
    if before not in Status.values or before in TERMINAL:
        return None
    return before
