from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "sendresolve.expenses"
    label = "expenses"
    verbose_name = "Travel expenses"
