from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sendresolve.demo"
    label = "demo"
    verbose_name = "Demo data"
