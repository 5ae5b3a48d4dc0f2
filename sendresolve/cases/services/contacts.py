"""The contact log and tasks: logging a call, email, letter, meeting or text about a case, and
the provider's own to-dos on it (``cases.contact_models``).

Each is a case step (``recorder.case_step_record``): the case event and audit event name the
entry or task by id only, never its summary or description, because LA and health users read
the timeline. Neither moves the case's status or any deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from sendresolve.cases.contact_models import ContactKind, Direction
from sendresolve.cases.models import Case, CaseTask, ContactEntry, Party
from sendresolve.cases.permissions import sees_confidential
from sendresolve.cases.recorder import Step, action_require, case_step_record
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.tenancy.actors import Who, author_of
from sendresolve.tenancy.selectors import providers_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User  # the user model (AUTH_USER_MODEL)

SUMMARY_MAX = 5000
WITH_WHOM_MAX = 150
DESCRIPTION_MAX = 300


def _text(value: str, field: str, *, missing: str, longest: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(missing, field=field)
    if len(value) > longest:
        raise ValidationError(f"{what} must be {longest} characters or fewer.", field=field)
    return value


@transaction.atomic
def contact_log(
    *,
    actor: Who,
    case: Case,
    kind: str,
    direction: str,
    with_whom: str = "",
    party: Party | None = None,
    occurred_at: dt.datetime,
    summary: str,
    confidential: bool = False,
) -> ContactEntry:
    """Log a contact about the case (provider staff). Confidential entries are seen only by
    those who may read confidential content; the rest by everyone who can see the case."""
    action_require(actor, case, "contact_log")
    if confidential and not sees_confidential(actor, case):
        raise NotFound("No such case.")
    if kind not in ContactKind.values:
        raise ValidationError("Choose how the contact was made.", field="kind")
    if direction not in Direction.values:
        raise ValidationError("Choose whether it was incoming or outgoing.", field="direction")
    if party is not None and party.case_id != case.pk:
        raise ValidationError("Choose someone taking part in this case.", field="party")
    if not (with_whom or "").strip() and party is not None:
        with_whom = party.name
    with_whom = _text(
        with_whom,
        "with_whom",
        missing="Enter who the contact was with.",
        longest=WITH_WHOM_MAX,
        what="Who it was with",
    )
    summary = _text(
        summary, "summary", missing="Enter a summary.", longest=SUMMARY_MAX, what="The summary"
    )
    if occurred_at is None:
        raise ValidationError("Enter when it happened.", field="occurred_at")
    if occurred_at.tzinfo is None:
        raise ValidationError("Give the time with its time zone.", field="occurred_at")
    if occurred_at > clock.now():
        raise ValidationError("The time cannot be in the future.", field="occurred_at")
    on = occurred_at.astimezone(clock.LONDON).date()

    def apply(step: Step) -> ContactEntry:
        entry = ContactEntry.objects.create(
            case=step.case,
            kind=kind,
            direction=direction,
            with_whom=with_whom,
            party=party,
            occurred_at=occurred_at,
            summary=summary,
            confidential=confidential,
            author=author_of(actor),
        )
        # ``confidential`` so the timeline leaves it out for those who may not see it
        # (``selectors.case_timeline``).
        step.detail = {
            "contact_id": entry.pk,
            "kind": kind,
            "direction": direction,
            "confidential": confidential,
        }
        return entry

    return case_step_record(
        actor=actor,
        case=case,
        action="contact_log",
        event_type=EventType.CONTACT_LOGGED,
        on=on,
        apply=apply,
        not_before=case.opened_on,
        before_label="the first contact",
        date_field="occurred_at",
    )


@transaction.atomic
def task_add(
    *,
    actor: Who,
    case: Case,
    description: str,
    owner: User | None,
    due_on: dt.date | None,
) -> CaseTask:
    """Add a task on the case for a member of the provider's staff, due on a date."""
    action_require(actor, case, "task_add")
    description = _text(
        description,
        "description",
        missing="Enter what needs doing.",
        longest=DESCRIPTION_MAX,
        what="The task",
    )
    if owner is None:
        raise ValidationError("Choose who will do it.", field="owner")
    if not providers_for(owner).filter(pk=case.provider_id).exists():
        raise ValidationError("Choose someone who works for this provider.", field="owner")
    if due_on is None:
        raise ValidationError("Enter the date it is due.", field="due_on")

    def apply(step: Step) -> CaseTask:
        task = CaseTask.objects.create(
            case=step.case,
            description=description,
            owner=owner,
            due_on=due_on,
            created_by=author_of(actor),
        )
        step.detail = {"task_id": task.pk, "owner_id": owner.pk, "due_on": due_on.isoformat()}
        return task

    return case_step_record(
        actor=actor,
        case=case,
        action="task_add",
        event_type=EventType.TASK_ADDED,
        on=clock.today(),
        apply=apply,
        not_before=None,
    )


@transaction.atomic
def task_done(*, actor: Who, task: CaseTask, on: dt.date | None = None) -> CaseTask:
    """Mark a task done (today, unless another day is given)."""
    on = clock.today() if on is None else on
    return _task_change(actor, task, "task_done", EventType.TASK_DONE, on)


@transaction.atomic
def task_reopen(*, actor: Who, task: CaseTask) -> CaseTask:
    """Reopen a task marked done by mistake."""
    return _task_change(actor, task, "task_reopen", EventType.TASK_REOPENED, clock.today())


def _task_change(actor: Who, task: CaseTask, action: str, event_type: str, on: dt.date) -> CaseTask:
    case = task.case
    action_require(actor, case, action)
    done = action == "task_done"
    if done and task.done_on is not None:
        raise NotAllowed("This task is already done.")
    if not done and task.done_on is None:
        raise NotAllowed("This task is not done.")

    def apply(step: Step) -> CaseTask:
        task.done_on = on if done else None
        task.save(update_fields=["done_on"])
        step.detail = {"task_id": task.pk}
        return task

    return case_step_record(
        actor=actor,
        case=case,
        action=action,
        event_type=event_type,
        on=on,
        apply=apply,
        not_before=task.created_at.astimezone(clock.LONDON).date(),
        before_label="the day the task was added",
    )
