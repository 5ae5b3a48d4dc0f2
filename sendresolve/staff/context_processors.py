"""Flags the staff page layout reads (``staff/base.html``), computed only if a page asks."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from sendresolve.audit.selectors import can_view_audit


def staff_navigation(request: HttpRequest) -> dict:
    """``can_view_audit``: show the "Audit trail" link (provider managers and administrators).

    Lazy, so family pages, which never read it, cost no query.
    """
    return {"can_view_audit": SimpleLazyObject(lambda: can_view_audit(request.user))}
