from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sendresolve.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self):
        # Registers the token scheme with drf-spectacular.
        from sendresolve.api import schema  # noqa: F401
