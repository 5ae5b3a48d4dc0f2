"""Flags the staff page layout reads (``staff/base.html``), computed only if a page asks."""

import functools

from django.utils.functional import SimpleLazyObject

from sendresolve.audit.selectors import can_view_audit
from sendresolve.feedback.selectors import format_requests_open_count
from sendresolve.staff.middleware import is_half_signed_in
from sendresolve.staff.triage_context import triage_count
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.staffing import manages_any


def staff_navigation(request: ActorRequest) -> dict:
    """``can_view_audit``: show the "Audit trail" link (provider managers and administrators).
    ``fully_signed_in``: show the staff menu (not between the password and the code).
    ``triage_count()``: how many cases are new and unassigned, for provider staff (else None).

    Lazy, so family pages, which never read them, cost no query.
    """
    user = request.user

    @functools.cache
    def new_and_unassigned() -> int | None:
        return triage_count(request) if user.is_authenticated else None

    @functools.cache
    def format_requests_open() -> int | None:
        actor = request.actor
        if not (actor.is_global or actor.provider_ids):
            return None  # LA and health officers answer no format requests
        return format_requests_open_count(actor)

    return {
        # Called by the layout for "Format requests (n)": requests for another format to send,
        # for provider staff and administrators (else None).
        "format_requests_open": format_requests_open,
        # Called by the layout for the "New and unassigned (n)" link: one count, if any.
        "triage_count": new_and_unassigned,
        "can_view_audit": SimpleLazyObject(lambda: can_view_audit(request.actor)),
        # The "Staff" link: the provider's managers (issue 23, ``tenancy.staffing``).
        "can_manage_staff": SimpleLazyObject(lambda: manages_any(request.actor)),
        "fully_signed_in": SimpleLazyObject(
            lambda: user.is_authenticated and not is_half_signed_in(user)
        ),
    }
