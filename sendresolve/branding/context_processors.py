"""Whether the staff layout shows the "Messages and branding" link (provider managers only)."""

from django.utils.functional import SimpleLazyObject

from sendresolve.branding.selectors import manages_a_provider


def branding_navigation(request) -> dict:
    """Lazy: pages that never read it (family pages) cost nothing."""
    return {"can_manage_branding": SimpleLazyObject(lambda: manages_a_provider(request.actor))}
