"""Admin for administrators: venues (providers manage their own in the staff pages, issue 22);
case records are read-only (they change only through the services, which audit every step).
Confidential notes are not registered."""

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate, Venue

M = TypeVar("M", bound=Model)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin[Venue]):
    list_display = ["name", "local_authority", "mode", "accessible", "is_active"]
    list_filter = ["mode", "is_active"]
    search_fields = ["name", "local_authority__name"]
    autocomplete_fields = ["local_authority"]
    # Issue 22: providers manage their venues in the staff pages; here an administrator gives
    # a venue from before that a provider, and sees which LAs each serves.
    list_display += ["provider"]
    list_filter += ["provider"]
    autocomplete_fields += ["provider", "serves"]


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


EVENT_FIELDS = ("occurred_on", "type", "from_status", "to_status", "actor")


class EventInline(admin.TabularInline[CaseEvent, Case]):
    model = CaseEvent
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin[Case]):
    list_display = ["reference", "provider", "local_authority", "kind", "status", "opened_on"]
    list_filter = ["status", "kind", "provider"]
    search_fields = ["reference"]
    exclude = ["child_name", "child_date_of_birth", "requester_name", "email", "phone", "address"]
    inlines = [EventInline]


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(ReadOnlyAdmin[CaseDeadline]):
    list_display = ["case", "title", "due_on", "responsible", "state"]
    list_filter = ["state", "responsible", "deadline_id"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin[Certificate]):
    list_display = ["number", "case", "kind", "issued_on", "appeal_deadline"]
    exclude = ["pdf"]
