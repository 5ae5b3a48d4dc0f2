from django.apps import AppConfig


class TribunalConfig(AppConfig):
    name = "sendresolve.tribunal"
    label = "tribunal"
    verbose_name = "After the tribunal"

    def ready(self):
        from sendresolve.cases.deadlines import register_deadline_source
        from sendresolve.tribunal.deadlines import tribunal_deadlines

        register_deadline_source(tribunal_deadlines)
