"""Admin: the mileage rate each LA pays. Claims change only through the services (audited)."""

from django.contrib import admin

from sendresolve.expenses.models import MileageRate


@admin.register(MileageRate)
class MileageRateAdmin(admin.ModelAdmin[MileageRate]):
    list_display = ["local_authority", "pence_per_mile"]
    search_fields = ["local_authority__name"]
    autocomplete_fields = ["local_authority"]
