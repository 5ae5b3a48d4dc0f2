"""Whether the staff layout shows the "Quality" link (provider managers only)."""

from django.utils.functional import SimpleLazyObject

from sendresolve.quality.targets import manager_provider_ids


def quality_navigation(request) -> dict:
    """Lazy: pages that never read it (family pages) cost nothing."""
    return {
        "can_manage_quality": SimpleLazyObject(lambda: bool(manager_provider_ids(request.actor)))
    }
