from django.contrib import admin

from sendresolve.notifications.models import DocumentSending, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: in development it is the inbox where messages can be read."""

    list_display = ["created_at", "template", "channel", "status", "backend", "reference"]
    list_filter = ["status", "channel", "template", "backend"]
    search_fields = ["reference", "external_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentSending)
class DocumentSendingAdmin(admin.ModelAdmin):
    """Documents sent to families (issue 21), read-only: the messages are in the outbox."""

    list_display = ["created_at", "kind", "number", "channel", "state", "sent_at"]
    list_filter = ["state", "kind", "channel"]
    search_fields = ["number", "case__reference"]
    raw_id_fields = ["case"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
