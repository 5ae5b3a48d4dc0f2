from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "sendresolve.participation"
    label = "participation"
    verbose_name = "Taking part"
