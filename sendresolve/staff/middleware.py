"""No staff page for a user who has given only their password (``SENDRESOLVE_REQUIRE_2FA``).

One rule in one place rather than on every view: a session signed in with a password but not yet
with a second factor (``request.user.is_verified()``, django-otp's ``OTPMiddleware``) is sent to
the code step from every staff, report and admin page and the API reference, whatever the
method; the code and set-up steps themselves and signing out are the only exceptions. On family
pages, the health check and the token API such a session counts as nobody signed in.

On those open pages the user stays lazy (as ``AuthenticationMiddleware`` leaves it): a family
page that never asks who is signed in reads no session at all.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

# The second step itself, and the way out of it.
SECOND_STEP_VIEWS = {"staff:sign-in-code", "staff:sign-in-set-up", "staff:sign-out"}
# Pages for everyone: a half-signed-in session is anonymous there. Everything else, including any
# namespace added later, needs the second factor.
OPEN_NAMESPACES = {"public", "api"}
OPEN_VIEWS = {"healthz", "staff:help-privacy", "staff:help-accessibility", "staff:help-cookies"}
# Session pages inside an open namespace: the API reference and schema, read by signed-in staff.
STAFF_VIEWS = {"api:docs", "api:schema"}


def is_half_signed_in(user) -> bool:
    """Signed in with a password, and the second factor still to come."""
    if not settings.SENDRESOLVE_REQUIRE_2FA or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


class TwoFactorRequiredMiddleware:
    """Send half-signed-in sessions to the code step (after ``OTPMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.view_name in SECOND_STEP_VIEWS:
            return None
        if match.view_name not in STAFF_VIEWS and (
            match.namespace in OPEN_NAMESPACES or match.view_name in OPEN_VIEWS
        ):
            user = request.user
            request.user = SimpleLazyObject(lambda: _unless_half_signed_in(user))
            return None
        if not is_half_signed_in(request.user):
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse("staff:sign-in-code"))


def _unless_half_signed_in(user):
    """The user, or nobody if they have given only their password."""
    return AnonymousUser() if is_half_signed_in(user) else user
