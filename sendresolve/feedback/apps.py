from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "sendresolve.feedback"
    label = "feedback"
    verbose_name = "Feedback and format requests"
