"""Whether the staff layout shows the "Exports" link (LA officers, provider managers and
administrators)."""

from django.utils.functional import SimpleLazyObject

from sendresolve.exports.selectors import may_export


def export_navigation(request) -> dict:
    """Lazy: pages that never read it (family pages) cost nothing."""
    return {"can_export": SimpleLazyObject(lambda: may_export(request.actor))}
