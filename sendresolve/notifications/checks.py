"""System checks: a production server with the Notify backend but no key or template ids
stops at start-up (``manage.py check``, ``migrate``, ``runserver``) rather than at first send."""

import uuid

from django.conf import settings
from django.core.checks import Error, register

from sendresolve.notifications.backends import BACKENDS, notify_template_ids
from sendresolve.notifications.models import Channel
from sendresolve.notifications.templates import TEMPLATES


@register()
def check_notifications_settings(app_configs=None, **kwargs) -> list[Error]:
    backend = getattr(settings, "NOTIFICATIONS_BACKEND", "outbox")
    if backend not in BACKENDS:
        return [
            Error(
                f"NOTIFICATIONS_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.",
                id="notifications.E001",
            )
        ]
    if backend != "notify":
        return []
    errors = []
    if not getattr(settings, "NOTIFY_API_KEY", ""):
        errors.append(Error("Set NOTIFY_API_KEY for the notify backend.", id="notifications.E002"))
    ids = notify_template_ids()
    if not isinstance(ids, dict):
        return [
            *errors,
            Error("NOTIFY_TEMPLATE_IDS must be a JSON object.", id="notifications.E003"),
        ]
    needed = sorted(
        template.notify_key(channel)
        for template in TEMPLATES.values()
        for channel in template.channels
        if channel != Channel.LETTER
    )
    missing = [key for key in needed if not ids.get(key)]
    if missing:
        errors.append(
            Error(
                f"NOTIFY_TEMPLATE_IDS has no GOV.UK Notify template id for: {', '.join(missing)}.",
                id="notifications.E004",
            )
        )
    not_ids = sorted(key for key in needed if ids.get(key) and not _is_uuid(ids[key]))
    if not_ids:
        errors.append(
            Error(
                f"NOTIFY_TEMPLATE_IDS values must be GOV.UK Notify template ids (UUIDs): "
                f"{', '.join(not_ids)}.",
                id="notifications.E005",
            )
        )
    return errors


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
