from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sendresolve.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from sendresolve.core import converters

        converters.register()
