from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "sendresolve.reminders"
    label = "reminders"
    verbose_name = "Reminders"
