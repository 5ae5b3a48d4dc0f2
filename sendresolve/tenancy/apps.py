from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "sendresolve.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"
