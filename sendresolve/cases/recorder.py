"""The one write path for a case: every service records its step here.

``case_step_record`` does what every step needs, so a service holds only its own rule: check
the actor may act (``cases.permissions``), lock the case, check and apply the transition
(``cases.states``), check the date against the case's history, run the service's own writes
(``apply``), write the case event and the audit event (the catalogue's audit verb) and any
further events the step records (``Step.also``), and recompute the stored deadlines through the
law adapter (``cases.deadlines``), all in one transaction. The case's projections (its next
deadline and its report facts, ``cases.projections``) are read models: the recorder queues their
refresh with ``transaction.on_commit``, so a step that rolls back leaves them as they were.
Messages are queued by the services with ``transaction.on_commit`` too.

``action_perform`` is how the staff pages and the API call a catalogue action: with a submission
key (a form's hidden key, the API's ``Idempotency-Key`` header, or a digest of an API body), a
double submission performs the action once and answers the second with the first's result.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils.module_loading import import_string

from sendresolve.audit.services import audit_record
from sendresolve.cases.actions import ACTIONS
from sendresolve.cases.deadlines import deadlines_store
from sendresolve.cases.models import ActionReceipt, Case, CaseEvent
from sendresolve.cases.permissions import can_act
from sendresolve.cases.privacy import sees_case
from sendresolve.cases.projections import case_projections_queue
from sendresolve.cases.signals import case_event_committed_queue
from sendresolve.cases.states import TERMINAL, next_status
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.law.dates import long_date
from sendresolve.tenancy.actors import FamilyActor, Who, as_actor, user_of

R = TypeVar("R")


class _Default(enum.Enum):
    LAST_STEP = "the case's latest change of status"


LAST_STEP = _Default.LAST_STEP  # ``not_before`` default: the case's latest change of status
# How long a submission key is remembered: a form's key for a day; a key derived from an API
# body for ten minutes, so the same body sent again later is a new request.
KEY_KEPT = dt.timedelta(days=1)
DIGEST_KEPT = dt.timedelta(minutes=10)


def date_check(
    value: dt.date | None, field: str, *, not_before: dt.date | None = None, before_label: str = ""
) -> dt.date:
    """The date of a step: given, not in the future, and not before ``not_before``."""
    if value is None:
        raise ValidationError("Enter the date.", field=field)
    if value > clock.today():
        raise ValidationError("The date cannot be in the future.", field=field)
    if not_before is not None and value < not_before:
        raise ValidationError(
            f"The date must be on or after {before_label} "
            f"({long_date(not_before, weekday=False)}).",
            field=field,
        )
    return value


def action_require(actor: Who, case: Case, action: str, *, owner: str | None = None) -> None:
    """Refuse an actor who may not perform ``action`` as if the case did not exist (nor on a
    case they may not see: privacy by stage, ``cases.privacy.sees_case``)."""
    if not can_act(actor, case, action, action_owner=owner) or not sees_case(actor, case):
        raise NotFound("No such case.")


def last_step_on(case: Case) -> dt.date:
    """The date of the case's latest change of status: the next step cannot be before it.

    An undo does not count: the step recorded in error is gone, and the right one may be
    recorded on an earlier date (``services.step_undo``)."""
    last = (
        case.events.exclude(from_status=F("to_status"))
        .exclude(type=EventType.STEP_UNDONE)
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return last or case.opened_on


def event_record(
    case: Case,
    *,
    actor: Who,
    event_type: str,
    on: dt.date,
    action: str,
    to_status: str | None = None,
    detail: dict[str, Any] | None = None,
    audit_detail: dict[str, Any] | None = None,
) -> CaseEvent:
    """Write one case event (moving the status to ``to_status``) and its audit event.

    ``audit_detail`` adds to the audit event's detail: identifiers and field names only, never
    personal data or free text (the audit trail is kept longer and read more widely)."""
    from_status = case.status
    if to_status is not None and to_status != case.status:
        case.status = to_status
        # Leaving a closed status (a tribunal decision reopens the case) clears the date.
        case.closed_on = on if to_status in TERMINAL else None
        case.save(update_fields=["status", "closed_on", "updated_at"])
    event = CaseEvent.objects.create(
        case=case,
        type=event_type,
        occurred_on=on,
        actor=user_of(actor),
        from_status=from_status,
        to_status=case.status,
        detail=detail or {},
    )
    entry = ACTIONS.get(action)
    audit_record(
        actor=actor,
        action=entry.audit if entry else f"case.{action}",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={
            **(audit_detail or {}),
            "event_id": event.pk,
            "type": event_type,
            "on": on.isoformat(),
        },
    )
    # Webhooks (issue 25) and anything else that follows case events, after the commit.
    case_event_committed_queue(event.pk)
    return event


@dataclass(frozen=True)
class FurtherEvent:
    """An event a step records after its own, on the same date (``Step.also``)."""

    event_type: str
    action: str  # names the audit verb (``case.<action>`` when not in the catalogue)
    detail: dict[str, Any]


@dataclass
class Step:
    """One step being recorded: the locked case, the checked date, and the event's detail.

    An action that is not a transition of ``states`` may still move the case back to a status
    it came from (``to_status``), e.g. cancelling the only arranged meeting.
    """

    case: Case
    on: dt.date
    detail: dict[str, Any] = field(default_factory=dict)
    to_status: str | None = None
    further: list[FurtherEvent] = field(default_factory=list)
    event: CaseEvent = field(init=False)  # set once the step is recorded

    def also(self, event_type: str, *, action: str, detail: dict[str, Any] | None = None) -> None:
        """Record another event after the step's own, on its date (e.g. the outcomes of a
        concluded mediation), with its own audit event."""
        self.further.append(FurtherEvent(event_type, action, dict(detail or {})))


def case_step_record(
    *,
    actor: Who,
    case: Case,
    action: str,
    event_type: str,
    on: dt.date | None,
    apply: Callable[[Step], R],
    detail: dict[str, Any] | None = None,
    owner: str | None = None,
    not_before: dt.date | None | Literal[_Default.LAST_STEP] = LAST_STEP,
    before_label: str = "the last step",
    date_field: str = "on",
    audit_detail: dict[str, Any] | None = None,
) -> R:
    """Record one step of ``action`` on ``case``; see the module docstring.

    Returns what ``apply`` (the service's own writes) returned. The caller's ``case`` is
    refreshed, so it shows the new status.
    """
    actor = as_actor(actor)
    action_require(actor, case, action, owner=owner)
    entry = ACTIONS.get(action)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        target = (
            next_status(locked.status, action, kind=locked.kind)
            if entry is not None and entry.transition
            else None
        )
        limit = last_step_on(locked) if not_before is LAST_STEP else not_before
        on = date_check(on, date_field, not_before=limit, before_label=before_label)
        step = Step(case=locked, on=on, detail=dict(detail or {}))
        result = apply(step)
        step.event = event_record(
            locked,
            actor=actor,
            event_type=event_type,
            on=step.on,
            action=action,
            to_status=target or step.to_status,
            detail=step.detail,
            audit_detail=audit_detail,
        )
        for further in step.further:
            event_record(
                locked,
                actor=actor,
                event_type=further.event_type,
                on=step.on,
                action=further.action,
                detail=further.detail,
            )
        deadlines_store(locked)
        case_projections_queue(locked.pk)
        case.refresh_from_db()
    return result


def case_event_record(**kwargs: Any) -> CaseEvent:
    """Record a step that has no writes of its own (a change of status on a date); return its
    case event. Takes ``case_step_record``'s arguments but ``apply``."""
    return case_step_record(apply=_no_writes, **kwargs).event


def _no_writes(step: Step) -> Step:
    return step


@dataclass(frozen=True)
class Replayed:
    """A repeated submission: the action was performed by the first; this is its result."""

    action: str
    result: Any


def action_perform(
    name: str,
    /,
    *,
    actor: Who,
    case: Case,
    submission_key: str = "",
    digest: bool = False,
    **kwargs: Any,
) -> Any:
    """Perform a catalogue action through its service, once per submission key.

    The service gets ``case`` when the action is on the case itself; an action on an item gets
    the item in ``kwargs``. ``name`` (the catalogue's) is positional only, so a service's own
    argument of any name (a party's ``name``, the agreed ``action``) passes through.

    Without a key the action is simply performed. With one, the case is locked first, so of
    several submissions with the same key one performs the action and the others wait for it
    and answer ``Replayed`` with its result.
    """
    actor = as_actor(actor)
    entry = ACTIONS[name]
    service = import_string(entry.service)
    if entry.target == "case":
        kwargs["case"] = case
    family = isinstance(actor, FamilyActor)
    if not submission_key or (actor.user_id is None and not family):
        return service(actor=actor, **kwargs)
    if family:
        # A family has no user: their keys are kept among the receipts without one, by case.
        submission_key = family_receipt_key(case, submission_key)
    kept = DIGEST_KEPT if digest else KEY_KEPT
    try:
        with transaction.atomic():
            Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
            receipt = _receipt(actor.user_id, submission_key, since=clock.now() - kept)
            if receipt is not None:
                return _replay(receipt, case, name)
            result = service(actor=actor, **kwargs)
            _receipts(actor.user_id, submission_key).delete()
            _receipts_expired(actor.user_id).delete()
            ActionReceipt.objects.create(
                user_id=actor.user_id,
                key=submission_key,
                case=case,
                action=name,
                result_type=result._meta.label_lower if hasattr(result, "_meta") else "",
                result_id=str(result.pk) if hasattr(result, "_meta") else "",
            )
            return result
    except IntegrityError:
        # Another submission with this key committed between our read and our write.
        receipt = _receipt(actor.user_id, submission_key, since=clock.now() - kept)
        if receipt is None:
            raise
        return _replay(receipt, case, name)


def _receipt(user_id: int | None, key: str, *, since: dt.datetime) -> ActionReceipt | None:
    return _receipts(user_id, key).filter(created_at__gte=since).first()


def family_receipt_key(case: Case, submission_key: str) -> str:
    """The receipt key of a family's submission on their case (``ActionReceipt.key``)."""
    return f"family:{case.pk}:{submission_key}"[:80]


def family_submission_performed(
    case: Case, name: str, submission_key: str, *, within: dt.timedelta
) -> bool:
    """Whether a family's submission of ``name`` on ``case`` was performed ``within`` the time
    before now: a repeat sent with a link the first made stale (``public.family.status_views``)."""
    receipt = _receipt(None, family_receipt_key(case, submission_key), since=clock.now() - within)
    return receipt is not None and receipt.case_id == case.pk and receipt.action == name


def _replay(receipt: ActionReceipt, case: Case, action: str) -> Replayed:
    if receipt.case_id != case.pk or receipt.action != action:
        raise ValidationError(
            "This form was already used for something else. Go back to the case and try again.",
            field="submission_key",
        )
    result = None
    if receipt.result_type:
        model = apps.get_model(receipt.result_type)
        result = model.objects.filter(pk=receipt.result_id).first()
    return Replayed(action=action, result=result)


def case_create_once(
    *,
    user_id: int | None,
    submission_key: str,
    action: str,
    create: Callable[[], Case],
    digest: bool = False,
) -> tuple[Case, bool]:
    """Open a case once per submission key: ``(case, True)`` for the first submission, and
    ``(the first's case, False)`` for a repeat, even one racing it from another worker or server.

    There is no case to lock yet, so the receipt is written first, with no case, in the same
    transaction as the case: a parallel duplicate's insert waits on the unique key until the
    first commits, then fails and finds the first's receipt. If the first rolls back (a broken
    rule), its receipt goes with it and a retry may go on. ``user_id`` is None for a family's
    online request (its key is unique among the receipts without a user).
    """
    since = clock.now() - (DIGEST_KEPT if digest else KEY_KEPT)
    receipt = _creation_receipt(user_id, submission_key, since=since)
    if receipt is not None:
        return _created(receipt, action), False
    try:
        with transaction.atomic():
            # A receipt older than the keys are kept frees its key for a new submission.
            _receipts(user_id, submission_key).filter(created_at__lt=since).delete()
            _receipts_expired(user_id).delete()
            receipt = ActionReceipt.objects.create(
                user_id=user_id, key=submission_key, action=action, result_type="cases.case"
            )
            case = create()
            receipt.case = case
            receipt.result_id = str(case.pk)
            receipt.save(update_fields=["case", "result_id"])
        return case, True
    except IntegrityError:
        # Another submission with this key committed first.
        receipt = _creation_receipt(user_id, submission_key, since=since)
        if receipt is None:
            raise
        return _created(receipt, action), False


def _creation_receipt(user_id: int | None, key: str, *, since: dt.datetime) -> ActionReceipt | None:
    receipts = _receipts(user_id, key).select_related("case")
    return receipts.filter(created_at__gte=since, case__isnull=False).first()


def _receipts_expired(user_id: int | None) -> QuerySet[ActionReceipt]:
    """The user's (or the families') receipts older than any key is kept: each new receipt
    clears them, so the table holds about a day's submissions and never grows with time."""
    old = ActionReceipt.objects.filter(created_at__lt=clock.now() - KEY_KEPT)
    return old.filter(user__isnull=True) if user_id is None else old.filter(user_id=user_id)


def _receipts(user_id: int | None, key: str) -> QuerySet[ActionReceipt]:
    """The receipts of ``key``: the user's, or without a user (a family's) for None."""
    if user_id is None:
        return ActionReceipt.objects.filter(user__isnull=True, key=key)
    return ActionReceipt.objects.filter(user_id=user_id, key=key)


def _created(receipt: ActionReceipt, action: str) -> Case:
    if receipt.action != action or receipt.case is None:
        raise ValidationError(
            "This form was already used for something else. Go back and try again.",
            field="submission_key",
        )
    return receipt.case
