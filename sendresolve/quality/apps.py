from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "sendresolve.quality"
    label = "quality"
    verbose_name = "Targets and quality"

    def ready(self) -> None:
        # A concluded mediation sends its satisfaction survey after the step commits
        # (``quality.signals``): ``cases`` knows nothing of this app.
        from sendresolve.quality import signals  # noqa: F401
