from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "sendresolve.imports"
    label = "imports"
    verbose_name = "Case imports"
