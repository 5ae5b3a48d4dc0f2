from django.apps import AppConfig


class CaseFilesConfig(AppConfig):
    name = "sendresolve.casefiles"
    label = "casefiles"
    verbose_name = "Case documents"
