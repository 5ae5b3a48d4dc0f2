"""Whether the staff layout shows the "Import cases" link (provider managers only)."""

from django.utils.functional import SimpleLazyObject

from sendresolve.imports.views import managed_providers


def import_navigation(request) -> dict:
    """Lazy: pages that never read it (family pages) cost nothing."""
    actor = getattr(request, "actor", None)
    return {
        "can_import_cases": SimpleLazyObject(
            lambda: actor is not None and bool(managed_providers(actor))
        )
    }
