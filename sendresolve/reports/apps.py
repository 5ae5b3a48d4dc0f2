from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sendresolve.reports"
    label = "reports"
    verbose_name = "Reports"
