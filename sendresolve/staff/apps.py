from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "sendresolve.staff"
    label = "staff"
    verbose_name = "Staff pages"
