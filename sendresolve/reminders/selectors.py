"""Reads for the reminder job. The job acts for the system, not for a user, so these are not
scoped to an actor: they are never used to show anything to anyone."""

import datetime as dt

from django.db.models import Case as SqlCase
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value, When

from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.selectors import DUE_SOON_DAYS
from sendresolve.cases.states import OPEN
from sendresolve.reminders.models import Reminder

# Family-owed deadlines are not staff work; the family is reminded only of their own appeal
# deadline, and only before it passes.
FAMILY = "family"
FAMILY_REMINDED_DEADLINES = frozenset({"appeal_registration"})


def deadlines_due_reminders(*, today: dt.date) -> QuerySet[CaseDeadline]:
    """Return the open deadlines that need a reminder today, in one query.

    Each row is annotated with ``reminder_state``: ``overdue`` when it was due before ``today``,
    ``due_soon`` when it is due within ``DUE_SOON_DAYS`` days. Deadlines that already had that
    reminder for their current due date are left out.
    """
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    owed_by_staff = ~Q(responsible=FAMILY)
    family_due_soon = Q(
        responsible=FAMILY, deadline_id__in=sorted(FAMILY_REMINDED_DEADLINES), due_on__gte=today
    )
    already_sent = Reminder.objects.filter(
        deadline=OuterRef("pk"), state=OuterRef("reminder_state"), due_on=OuterRef("due_on")
    )
    return (
        CaseDeadline.objects.filter(
            owed_by_staff | family_due_soon,
            state=CaseDeadline.State.OPEN,
            case__status__in=sorted(OPEN),
            due_on__lte=soon,
        )
        .annotate(
            reminder_state=SqlCase(
                When(due_on__lt=today, then=Value(Reminder.State.OVERDUE)),
                default=Value(Reminder.State.DUE_SOON),
                output_field=CharField(),
            )
        )
        .filter(~Exists(already_sent))
        .select_related(
            "responsible_body",
            "case__provider",
            "case__local_authority",
            "case__commissioning_body",
            "case__assigned_to",
        )
        .order_by("due_on", "pk")
    )
