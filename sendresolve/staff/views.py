"""Staff pages: sign-in, the home page, and tenant-scoped organisation pages.

Every object a staff page shows comes from a selector that takes the signed-in user, and
another tenant's object answers 404.
"""

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sendresolve.cases.venues import managed_providers
from sendresolve.core import clock
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.sign_in_views import safe_next, step_url
from sendresolve.tenancy import selectors
from sendresolve.tenancy.actors import ActorRequest


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username:
            self.add_error("username", "Enter your username")
        if not password:
            self.add_error("password", "Enter your password")
        if username and password:
            return super().clean()
        return self.cleaned_data


@login_required
@require_GET
def organisations(request: ActorRequest) -> HttpResponse:
    """The user's roles and the local authorities they work with."""
    today = clock.today()
    memberships = selectors.memberships_of(request.actor)
    local_authorities = selectors.local_authorities_for(request.actor, on=today).order_by("name")
    return render(
        request,
        "staff/home.html",
        {
            "memberships": list(memberships),
            "local_authorities": list(local_authorities),
            "is_global": selectors.is_global(request.actor),
            "today": today,
            # Issue 22: the venue pages (provider managers and coordinators) and the travel
            # expense claims (provider staff and LA officers).
            "manages_venues": managed_providers(request.actor).exists(),
            "sees_expenses": bool(
                request.actor.is_global
                or request.actor.provider_ids
                or request.actor.local_authority_ids
            ),
        },
    )


def sign_in_page(request: ActorRequest) -> HttpResponse:
    """The password step; then, unless SENDRESOLVE_REQUIRE_2FA is off, the code step
    (``sign_in_views``), which sets up an authenticator app first if the user has none."""
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        target = safe_next(request)
        if settings.SENDRESOLVE_REQUIRE_2FA:
            return redirect(step_url("staff:sign-in-code", target))
        return redirect(target or "staff:home")
    return render(
        request,
        "staff/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "page_has_errors": bool(form.errors)},
        status=200 if not form.errors else 400,
    )


@require_POST
def sign_out(request: ActorRequest) -> HttpResponse:
    logout(request)
    return redirect("staff:home")


@login_required
@tenant_404
def local_authority_detail(request: ActorRequest, dfe_code: str) -> HttpResponse:
    today = clock.today()
    local_authority = selectors.local_authority_get(request.actor, dfe_code=dfe_code, on=today)
    commissions = selectors.commissions_for_local_authority(local_authority, on=today)
    from sendresolve.schoolterms.selectors import term_date_authorities
    from sendresolve.staff.letter_views import can_write_decision_letters

    return render(
        request,
        "staff/local_authority.html",
        {
            "local_authority": local_authority,
            "commissions": list(commissions),
            "can_write_decision_letters": can_write_decision_letters(
                request.actor, local_authority, on=today
            ),
            "can_set_term_dates": term_date_authorities(request.actor, on=today)
            .filter(pk=local_authority.pk)
            .exists(),
        },
    )


@login_required
@tenant_404
def provider_detail(request: ActorRequest, slug: str) -> HttpResponse:
    today = clock.today()
    provider = selectors.provider_get(request.actor, slug=slug)
    commissions = selectors.commissions_for_provider(provider, on=today)
    return render(
        request, "staff/provider.html", {"provider": provider, "commissions": list(commissions)}
    )


@login_required
@require_GET
def feedback(request: ActorRequest) -> HttpResponse:
    """Feedback and requests for other formats from families, for the user's organisations."""
    from sendresolve.feedback.selectors import feedback_for, format_requests_for

    return render(
        request,
        "staff/feedback.html",
        {
            "feedback": list(feedback_for(request.actor).select_related("local_authority")[:100]),
            "format_requests": list(
                format_requests_for(request.actor).select_related("local_authority")[:100]
            ),
        },
    )
