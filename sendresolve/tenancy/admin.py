from django.contrib import admin

from sendresolve.tenancy.models import (
    Commission,
    CommissioningBody,
    LocalAuthority,
    Membership,
    Provider,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin[LocalAuthority]):
    list_display = ["name", "dfe_code", "gss_code", "region", "kind"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "dfe_code", "gss_code"]


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
