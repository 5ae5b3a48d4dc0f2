"""Meetings once arranged: rearranging and cancelling them (issue 18).

Both change the arranged meeting in place, so its calendar invitation keeps its UID: the
meeting's ``sequence`` goes up by one each time (RFC 5545), and everyone invited is told, by a
message and by the updated invitation the staff page serves (``cases.documents``).
Rearranging re-checks the 30-day and notice rules (``cases.meeting_rules``) and warns rather
than refuses; cancelling records who called the meeting off and why.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendresolve.cases import messages
from sendresolve.cases.meeting_rules import meeting_warnings
from sendresolve.cases.models import Case, Session, Venue
from sendresolve.cases.recorder import Step, action_require, case_step_record
from sendresolve.cases.states import TERMINAL, Status
from sendresolve.cases.venues import venue_serves
from sendresolve.cases.vocabulary import CancelledBy, EventType
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.law.dates import long_date
from sendresolve.law.working_days import MAX_YEAR as CALENDAR_MAX_YEAR
from sendresolve.tenancy.actors import Who

REASON_LENGTH = 300


def meeting_check(
    case: Case, *, starts_at: dt.datetime, ends_at: dt.datetime, mode: str, venue: Venue | None
) -> None:
    """The rules every meeting's time and place must meet (arranging and rearranging)."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValidationError("Times must include a time zone.", field="starts_at")
    if ends_at <= starts_at:
        raise ValidationError("The meeting must end after it starts.", field="ends_at")
    # The notice and certificate clocks count working days from the meeting: keep it (and a
    # year after it) inside the working-day calendar.
    if ends_at.astimezone(clock.LONDON).year >= CALENDAR_MAX_YEAR:
        raise ValidationError(f"The meeting must be before {CALENDAR_MAX_YEAR}.", field="ends_at")
    if mode not in Venue.Mode.values:
        raise ValidationError("Choose how the meeting will be held.", field="mode")
    if mode == Venue.Mode.IN_PERSON and venue is None:
        raise ValidationError("Choose a venue for a meeting in person.", field="venue")
    if venue is not None and not venue_serves(
        venue, local_authority_id=case.local_authority_id, provider_id=case.provider_id
    ):
        raise ValidationError("Choose a venue for this local authority.", field="venue")


def meeting_not_before_first_contact(case: Case, starts_at: dt.datetime) -> None:
    if starts_at.astimezone(clock.LONDON).date() < case.opened_on:
        raise ValidationError(
            "The meeting cannot be before the first contact "
            f"({long_date(case.opened_on, weekday=False)}).",
            field="starts_at",
        )


def _arranged(step: Step, session: Session) -> Session:
    """The meeting, read again under the case's lock: still arranged on an open case."""
    current = Session.objects.select_related("venue").get(pk=session.pk, case=step.case)
    if current.state != Session.State.SCHEDULED:
        raise ValidationError("This meeting is not arranged any more.", field="session")
    if step.case.status in TERMINAL:
        raise ValidationError("The case is closed.", field="session")
    return current


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
def session_rearrange(
    *,
    actor: Who,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str,
    reason: str,
    venue: Venue | None = None,
    shorter_notice_agreed: bool = False,
    on: dt.date | None = None,
) -> Session:
    """Move an arranged meeting to a new date, time or place, with the reason.

    The family must be told the new date and place (the notice is due again, MED-06); breaking
    the 30-day or notice rule is recorded in the event (``warnings``), not refused. ``on`` is
    the day it was rearranged (today unless recorded later).
    """
    case = session.case
    action_require(actor, case, "session_rearrange")
    meeting_check(case, starts_at=starts_at, ends_at=ends_at, mode=mode, venue=venue)
    reason = _reason(reason, "Enter why the meeting is being rearranged.")
    today = clock.today()
    was: dict[str, dt.datetime] = {}

    def apply(step: Step) -> Session:
        current = _arranged(step, session)
        was["starts_at"] = current.starts_at
        meeting_not_before_first_contact(step.case, starts_at)
        if (current.starts_at, current.ends_at, current.mode, current.venue_id) == (
            starts_at,
            ends_at,
            mode,
            venue.pk if venue else None,
        ):
            raise ValidationError(
                "Change the date, the time or the place to rearrange the meeting.",
                field="starts_at",
            )
        warnings = meeting_warnings(
            step.case, starts_at=starts_at, shorter_notice_agreed=shorter_notice_agreed, today=today
        )
        step.detail.update(
            session_id=current.pk,
            from_starts_at=current.starts_at.isoformat(),
            starts_at=starts_at.isoformat(),
            reason=reason,
            warnings=[warning.code for warning in warnings],
        )
        current.starts_at, current.ends_at = starts_at, ends_at
        current.mode, current.venue = mode, venue
        current.shorter_notice_agreed = shorter_notice_agreed
        current.notice_sent_on = None  # the new date and place must be sent
        current.sequence += 1
        current.save()
        return current

    rearranged = case_step_record(
        actor=actor,
        case=case,
        action="session_rearrange",
        event_type=EventType.SESSION_REARRANGED,
        on=on or today,
        not_before=None,
        apply=apply,
    )
    messages.session_rearranged_message(rearranged, was=was["starts_at"])
    return rearranged


@transaction.atomic
def session_cancel(
    *,
    actor: Who,
    session: Session,
    on: dt.date,
    reason: str = "",
    cancelled_by: str = "",
) -> Session:
    """Cancel an arranged meeting, recording who called it off (``CancelledBy``) and why.

    Another can be arranged; the 30-day clock for holding the mediation keeps running. With no
    other meeting arranged, the case goes back to where it was before meetings were arranged
    (e.g. "local authority informed", or "meeting held" when an earlier meeting took place).
    """
    if cancelled_by and cancelled_by not in CancelledBy.values:
        raise ValidationError("Choose who cancelled the meeting.", field="cancelled_by")

    def apply(step: Step) -> Session:
        current = _arranged(step, session)
        current.state = Session.State.CANCELLED
        current.cancelled_by = cancelled_by
        current.sequence += 1
        current.save(update_fields=["state", "cancelled_by", "sequence", "updated_at"])
        step.detail.update(
            session_id=current.pk,
            reason=(reason or "").strip()[:REASON_LENGTH],
            cancelled_by=cancelled_by,
        )
        others = step.case.sessions.filter(state=Session.State.SCHEDULED).exists()
        if step.case.status == Status.ARRANGED and not others:
            step.to_status = _status_before_arranging(step.case)
        return current

    cancelled = case_step_record(
        actor=actor,
        case=session.case,
        action="session_cancel",
        event_type=EventType.SESSION_CANCELLED,
        on=on,
        not_before=None,
        apply=apply,
    )
    messages.session_cancelled_message(cancelled)
    return cancelled


def _status_before_arranging(case: Case) -> str:
    """The status the case had when its current run of arranged meetings began."""
    arranged = (
        case.events.filter(type=EventType.SESSION_SCHEDULED, to_status=Status.ARRANGED)
        .exclude(from_status=Status.ARRANGED)
        .order_by("-occurred_on", "-pk")
        .values_list("from_status", flat=True)
        .first()
    )
    return arranged or Status.ARRANGED
