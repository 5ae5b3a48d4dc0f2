"""Flags the staff page layout reads (``staff/base.html``), computed only if a page asks."""

from django.utils.functional import SimpleLazyObject

from sendresolve.audit.selectors import can_view_audit
from sendresolve.staff.middleware import is_half_signed_in
from sendresolve.tenancy.actors import ActorRequest


def staff_navigation(request: ActorRequest) -> dict:
    """``can_view_audit``: show the "Audit trail" link (provider managers and administrators).
    ``fully_signed_in``: show the staff menu (not between the password and the code).

    Lazy, so family pages, which never read them, cost no query.
    """
    user = request.user
    return {
        "can_view_audit": SimpleLazyObject(lambda: can_view_audit(request.actor)),
        "fully_signed_in": SimpleLazyObject(
            lambda: user.is_authenticated and not is_half_signed_in(user)
        ),
    }
