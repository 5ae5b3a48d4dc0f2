from django.contrib import admin

from sendresolve.cases.admin import ReadOnlyAdmin
from sendresolve.notifications.models import DocumentSending, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """The outbox, read-only: in development it is the inbox where messages can be read."""

    list_display = ["created_at", "template", "channel", "status", "backend", "reference"]
    list_filter = ["status", "channel", "template", "backend"]
    search_fields = ["reference", "external_id"]
    date_hierarchy = "created_at"


@admin.register(DocumentSending)
class DocumentSendingAdmin(ReadOnlyAdmin):
    """Documents sent to families (issue 21), read-only: the messages are in the outbox."""

    list_display = ["created_at", "kind", "number", "channel", "state", "sent_at"]
    list_filter = ["state", "kind", "channel"]
    search_fields = ["number", "case__reference"]
    raw_id_fields = ["case"]
