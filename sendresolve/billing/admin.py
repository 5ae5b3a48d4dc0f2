from django.contrib import admin

from sendresolve.billing.models import BillingProfile


@admin.register(BillingProfile)
class BillingProfileAdmin(admin.ModelAdmin):
    """The address, VAT number and payment details a provider prints on its invoices. Contract
    terms and invoices are kept on the billing pages, where their history is enforced."""

    list_display = ["provider", "vat_number", "payment_terms_days"]
