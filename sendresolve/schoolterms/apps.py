from django.apps import AppConfig


class SchoolTermsConfig(AppConfig):
    name = "sendresolve.schoolterms"
    label = "schoolterms"
    verbose_name = "School term dates"
