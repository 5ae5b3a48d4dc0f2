from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sendresolve.cases"
    label = "cases"
    verbose_name = "Cases"
