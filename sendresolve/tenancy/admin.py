from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from sendresolve.core import clock
from sendresolve.tenancy.contacts import CONTACT_FIELDS
from sendresolve.tenancy.models import (
    Commission,
    CommissioningBody,
    LocalAuthority,
    Membership,
    Provider,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin[LocalAuthority]):
    list_display = ["name", "dfe_code", "gss_code", "region", "kind", "contacts_edited"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "dfe_code", "gss_code"]
    readonly_fields = ["contacts_edited_at"]
    fieldsets = [
        (None, {"fields": ["dfe_code", "gss_code", "name", "region", "kind"]}),
        (
            "SEND team and SENDIASS contacts",
            {
                "fields": list(CONTACT_FIELDS),
                "description": "Shown to families on the contacts, advice and request pages. "
                "Saving a change here keeps it when the contacts file is loaded again "
                "(until load_la_contacts --overwrite).",
            },
        ),
        (
            "Where the contacts came from",
            {"fields": ["contacts_source", "contacts_checked_on", "contacts_edited_at"]},
        ),
    ]

    @admin.display(boolean=True, description="contacts edited here")
    def contacts_edited(self, obj: LocalAuthority) -> bool:
        return obj.contacts_edited_at is not None

    def save_model(
        self,
        request: HttpRequest,
        obj: LocalAuthority,
        form: ModelForm[LocalAuthority],
        change: bool,
    ) -> None:
        # An administrator's edit outranks the file: record it so a later load keeps it.
        if set(form.changed_data) & set(CONTACT_FIELDS):
            obj.contacts_edited_at = clock.now()
        super().save_model(request, obj, form, change)


class CommissionInline(admin.TabularInline[Commission, Provider]):
    model = Commission
    extra = 0
    autocomplete_fields = ["local_authority"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ["name", "phone", "email"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CommissionInline]


@admin.register(CommissioningBody)
class CommissioningBodyAdmin(admin.ModelAdmin[CommissioningBody]):
    list_display = ["name", "ods_code"]
    search_fields = ["name", "ods_code"]
    filter_horizontal = ["local_authorities"]


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin[Commission]):
    list_display = ["provider", "local_authority", "starts_on", "ends_on"]
    list_filter = ["provider"]
    autocomplete_fields = ["provider", "local_authority"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = [
        "user",
        "role",
        "provider",
        "local_authority",
        "commissioning_body",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "provider", "local_authority", "commissioning_body"]
