from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "sendresolve.drafts"
    label = "drafts"
    verbose_name = "Saved requests"
