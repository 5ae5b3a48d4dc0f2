from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "sendresolve.retention"
    label = "retention"
    verbose_name = "Retention and subject access"

    def ready(self):
        from sendresolve.retention import checks  # noqa: F401  (registers the checks)
