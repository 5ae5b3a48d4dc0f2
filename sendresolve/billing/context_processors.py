"""Whether the staff layout shows the "Billing" link (provider managers and finance only)."""

from django.utils.functional import SimpleLazyObject

from sendresolve.billing.selectors import can_bill


def billing_navigation(request) -> dict:
    """Lazy: pages that never read it (family pages) cost nothing."""
    return {"can_view_billing": SimpleLazyObject(lambda: can_bill(request.actor))}
