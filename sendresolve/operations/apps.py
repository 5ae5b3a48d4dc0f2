from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "sendresolve.operations"
    label = "operations"
    verbose_name = "Operations"
