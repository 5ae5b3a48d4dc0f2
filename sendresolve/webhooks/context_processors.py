"""Whether the staff layout shows the "Webhooks" link (those who manage an organisation's
endpoints: provider managers, LA officers, health commissioners, administrators)."""

from django.utils.functional import SimpleLazyObject

from sendresolve.webhooks.selectors import managed_by


def webhooks_navigation(request) -> dict:
    """Lazy: pages that never read it (family pages) cost nothing."""
    actor = getattr(request, "actor", None)
    return {
        "can_manage_webhooks": SimpleLazyObject(
            lambda: actor is not None and managed_by(actor).anything
        )
    }
