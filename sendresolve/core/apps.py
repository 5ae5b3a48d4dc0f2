from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sendresolve.core"
    label = "core"
    verbose_name = "Core"
