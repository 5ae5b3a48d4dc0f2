"""Reminders sent about deadlines: one row per deadline, reminder state and due date.

The unique constraint is what makes the reminder job idempotent: a reminder row and its
messages are written in one transaction, so a deadline gets each reminder exactly once however
often the job runs or wherever it is stopped. A due date that is later recomputed (a new bank
holiday, say) is a new date, and gets its own reminders.
"""

from django.db import models

from sendresolve.core import clock


class Reminder(models.Model):
    """A due-soon or overdue reminder sent to whoever owes the action on a deadline."""

    class State(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    class RecipientKind(models.TextChoices):
        PROVIDER = "provider", "Mediation provider"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        COMMISSIONING_BODY = "commissioning_body", "Health commissioning body"
        FAMILY = "family", "Family"

    deadline = models.ForeignKey(
        "cases.CaseDeadline", on_delete=models.CASCADE, related_name="reminders"
    )
    state = models.CharField(max_length=10, choices=State)
    due_on = models.DateField(help_text="The due date the reminder was about.")
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind)
    sent_at = models.DateTimeField(default=clock.now, editable=False)
    messages = models.ManyToManyField(
        "notifications.OutboxMessage", related_name="+", editable=False
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "state", "due_on"],
                name="one_reminder_per_deadline_state_and_date",
            )
        ]

    def __str__(self):
        return (
            f"{self.get_state_display()} reminder for deadline {self.deadline_id} ({self.due_on})"
        )


class MeetingReminder(models.Model):
    """A reminder of an arranged meeting sent to one participant (issue 22).

    One row per meeting, its ``sequence`` (RFC 5545: raised each time it is rearranged), kind
    and participant: the unique constraint makes the job idempotent, as for deadlines, and a
    rearranged meeting gets new reminders for its new time. ``participant`` names who, not
    their address: ``family``, ``party:<id>`` or ``user:<id>`` (the mediator).
    """

    class Kind(models.TextChoices):
        TWO_WORKING_DAYS = "two_working_days", "2 working days before"
        ONE_DAY = "one_day", "1 day before"

    session = models.ForeignKey(
        "cases.Session", on_delete=models.CASCADE, related_name="meeting_reminders"
    )
    sequence = models.PositiveIntegerField(help_text="The meeting's sequence when reminded.")
    kind = models.CharField(max_length=20, choices=Kind)
    participant = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=clock.now, editable=False)
    messages = models.ManyToManyField(
        "notifications.OutboxMessage", related_name="+", editable=False
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "sequence", "kind", "participant"],
                name="one_meeting_reminder_per_participant",
            )
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} reminder of meeting {self.session_id} ({self.participant})"
        )
