from django.contrib import admin

from sendresolve.feedback.models import Feedback, FormatRequest


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Feedback from families, read-only."""

    list_display = ["created_at", "satisfaction", "page", "provider", "local_authority"]
    list_filter = ["satisfaction", "provider", "local_authority"]
    search_fields = ["improvement", "page"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FormatRequest)
class FormatRequestAdmin(admin.ModelAdmin):
    """Requests for another format, read-only: staff mark them sent on their own page
    (``staff:format-requests``), which records who and when and audits it."""

    list_display = [
        "created_at",
        "format",
        "detail",
        "state",
        "due_on",
        "provider",
        "local_authority",
    ]
    list_filter = ["state", "format", "provider"]
    readonly_fields = [
        "created_at",
        "format",
        "detail",
        "name",
        "email",
        "phone",
        "page",
        "local_authority",
        "provider",
        "state",
        "due_on",
        "sent_at",
        "sent_by",
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
