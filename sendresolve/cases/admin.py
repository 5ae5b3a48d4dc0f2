"""Admin for administrators: venues are managed here; case records are read-only (they change
only through the services, which audit every step). Confidential notes are not registered."""

from django.contrib import admin

from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "local_authority", "mode", "accessible", "is_active"]
    list_filter = ["mode", "is_active"]
    search_fields = ["name", "local_authority__name"]
    autocomplete_fields = ["local_authority"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


EVENT_FIELDS = ("occurred_on", "type", "from_status", "to_status", "actor")


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "provider", "local_authority", "kind", "status", "opened_on"]
    list_filter = ["status", "kind", "provider"]
    search_fields = ["reference"]
    exclude = ["child_name", "child_date_of_birth", "requester_name", "email", "phone", "address"]
    inlines = [EventInline]


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(ReadOnlyAdmin):
    list_display = ["case", "title", "due_on", "responsible", "state"]
    list_filter = ["state", "responsible", "deadline_id"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "kind", "issued_on", "appeal_deadline"]
    exclude = ["pdf"]
