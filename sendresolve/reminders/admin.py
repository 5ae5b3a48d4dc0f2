from django.contrib import admin

from sendresolve.cases.admin import ReadOnlyAdmin
from sendresolve.reminders.models import MeetingReminder, Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """Reminders sent, read-only: the messages themselves are in the outbox."""

    list_display = ["sent_at", "state", "due_on", "recipient_kind", "deadline"]
    list_filter = ["state", "recipient_kind"]
    date_hierarchy = "sent_at"
    raw_id_fields = ["deadline"]


@admin.register(MeetingReminder)
class MeetingReminderAdmin(ReadOnlyAdmin):
    """Meeting reminders sent (issue 22), read-only: the messages are in the outbox."""

    list_display = ["sent_at", "kind", "participant", "session", "sequence"]
    list_filter = ["kind"]
    date_hierarchy = "sent_at"
    raw_id_fields = ["session"]
