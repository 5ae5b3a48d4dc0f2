from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sendresolve.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from sendresolve.notifications import checks  # noqa: F401  (registers the checks)
