"""System check: a bad ``SENDRESOLVE_RETENTION`` stops start-up (``manage.py check``,
``migrate``, ``runserver``) rather than the first retention run."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from sendresolve.retention.policy import retention_policy


@register()
def check_retention_settings(app_configs=None, **kwargs) -> list[Error]:
    try:
        retention_policy()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="retention.E001")]
    return []
