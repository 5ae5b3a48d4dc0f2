from django.apps import AppConfig


class TribunalConfig(AppConfig):
    name = "sendresolve.tribunal"
    label = "tribunal"
    verbose_name = "After the tribunal"
