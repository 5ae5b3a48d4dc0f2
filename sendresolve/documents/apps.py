from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sendresolve.documents"
    label = "documents"
    verbose_name = "Documents"
