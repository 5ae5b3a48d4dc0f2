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
    """Requests for another format: staff mark them done once answered."""

    list_display = ["created_at", "format", "detail", "state", "provider", "local_authority"]
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
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
