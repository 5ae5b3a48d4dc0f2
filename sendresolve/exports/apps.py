from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "sendresolve.exports"
    label = "exports"
    verbose_name = "Exports for local authorities"
