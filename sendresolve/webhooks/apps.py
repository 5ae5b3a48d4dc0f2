from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "sendresolve.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Case events reach webhooks through the recorder's after-commit signal (issue 25).
        from sendresolve.cases.signals import case_event_committed
        from sendresolve.webhooks.receivers import case_event_deliveries

        case_event_committed.connect(case_event_deliveries, dispatch_uid="webhooks.case_event")
