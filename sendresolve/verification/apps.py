from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "sendresolve.verification"
    label = "verification"
    verbose_name = "Verification"

    def ready(self) -> None:
        from sendresolve.verification import checks  # noqa: F401  (registers the system check)
