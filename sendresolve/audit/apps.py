from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sendresolve.audit"
    label = "audit"
    verbose_name = "Audit"
