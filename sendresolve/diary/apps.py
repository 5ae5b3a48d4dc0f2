from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "sendresolve.diary"
    label = "diary"
    verbose_name = "Mediators' diary"

    def ready(self) -> None:
        # A meeting cancelled or rearranged by ``cases.services.meetings`` frees or moves its
        # booked slots in the same transaction (``diary.signals``).
        from sendresolve.diary import signals  # noqa: F401
