from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "sendresolve.public"
    label = "public"
    verbose_name = "Family pages"
