from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "sendresolve.billing"
    label = "billing"
    verbose_name = "Contracts and invoices"
