from django.apps import AppConfig


class BrandingConfig(AppConfig):
    name = "sendresolve.branding"
    label = "branding"
    verbose_name = "Provider branding and messages"
