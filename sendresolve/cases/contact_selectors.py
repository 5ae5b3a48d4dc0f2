"""Reads for the contact log and tasks, scoped to the acting user.

The contact log and the tasks are the provider's own casework record: the provider's staff
(and administrators) see them; an LA or health body's officer, who sees a case only for what
their body must do and never the family's own words (``cases.privacy.sees_family_details``),
does not. Confidential contact entries are returned only to those who may read confidential
content (``cases.permissions.sees_confidential``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from sendresolve.cases.models import Case, CaseTask, ContactEntry
from sendresolve.cases.permissions import sees_confidential
from sendresolve.cases.privacy import sees_family_details
from sendresolve.cases.selectors import cases_for
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor

# The most tasks the work queue lists; the rest are on their cases.
QUEUE_TASKS = 50
# Ids beyond a 64-bit integer cannot exist (the database driver would overflow).
MAX_ID = 2**63 - 1


def contact_entries_for(who: Who, case: Case) -> QuerySet[ContactEntry]:
    """The case's contact log, newest first, as ``who`` may see it."""
    if not sees_family_details(who, case):
        return ContactEntry.objects.none()
    entries = case.contacts.select_related("author", "party").order_by("-occurred_at", "-id")
    if not sees_confidential(as_actor(who), case):
        entries = entries.filter(confidential=False)
    return entries


def case_tasks(case: Case) -> QuerySet[CaseTask]:
    """The case's tasks: open ones first by due date, then the done ones."""
    return case.tasks.select_related("owner").order_by("done_on", "due_on", "id")


def tasks_for(who: Who, case: Case) -> QuerySet[CaseTask]:
    """The case's tasks as ``who`` may see them: the provider's staff only."""
    if not sees_family_details(who, case):
        return CaseTask.objects.none()
    return case_tasks(case)


def task_get(case: Case, *, task_id: int) -> CaseTask:
    """One task on ``case`` (``NotFound`` otherwise)."""
    if not 0 < task_id <= MAX_ID:
        raise NotFound("No such task.")
    task = case.tasks.select_related("case", "owner").filter(pk=task_id).first()
    if task is None:
        raise NotFound("No such task.")
    return task


def open_tasks_for(who: Who) -> list[CaseTask]:
    """The open tasks the user owns on cases they may still see, the earliest due first."""
    actor = as_actor(who)
    if actor.user_id is None:
        return []
    return list(
        CaseTask.objects.filter(
            owner_id=actor.user_id,
            done_on__isnull=True,
            case__in=cases_for(actor).values("pk"),
        )
        .select_related("case")
        .only("description", "due_on", "done_on", "case__reference")
        .order_by("due_on", "id")[:QUEUE_TASKS]
    )
