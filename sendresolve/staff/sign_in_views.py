"""The second step of staff sign-in: the code page, setting up an authenticator app, the backup
codes shown once, and the lockout page.

The password step is ``views._sign_in``. Wrong codes on the code page count towards the
username's lockout like wrong passwords (django-axes, through ``user_login_failed``); at the
limit the half-way session is signed out.
"""

from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_credentials
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.core.forms import Form
from sendresolve.staff import two_factor

BACKUP_CODES_SESSION_KEY = "sendresolve_backup_codes"
CODE_REQUIRED = "Enter the 6-digit code from your authenticator app"
CODE_WRONG = "The code is not correct or has expired. Enter the code your app shows now"


class CodeForm(Form):
    """One code: 6 digits from the app or, where allowed, an 8-character backup code. Spaces
    and dashes are ignored, and backup codes are not case-sensitive."""

    code = forms.CharField(max_length=40, error_messages={"required": CODE_REQUIRED})

    def __init__(self, *args, backup_codes: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup_codes = backup_codes

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if len(code) == 6 and code.isdigit():
            return code
        if self.backup_codes and len(code) == 8 and code.isalnum():
            return code
        if self.backup_codes:
            raise forms.ValidationError(
                "Enter the 6-digit code from your authenticator app, or a backup code of 8 "
                "letters and numbers"
            )
        raise forms.ValidationError("Enter the code as 6 digits")


def safe_next(request: HttpRequest) -> str:
    """Where to go after signing in: ``next`` if it is on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def step_url(name: str, next_url: str) -> str:
    """A sign-in step's address, passing on where to go afterwards."""
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _signed_in_fully(request: HttpRequest) -> bool:
    # django_otp's middleware gives request.user is_verified(); the stubs cannot know.
    return not settings.SENDRESOLVE_REQUIRE_2FA or request.user.is_verified()  # type: ignore[union-attr]


def _credentials(request: HttpRequest) -> dict:
    return get_credentials(request.user.get_username())


def _finish(request: HttpRequest, device, next_url: str) -> HttpResponse:
    django_otp.login(request, device)
    # A new session id for the more powerful session (ASVS V3.2.1), as at the password step.
    request.session.cycle_key()
    return redirect(next_url or "staff:home")


def _locked_out_now(request: HttpRequest) -> HttpResponse:
    """Sign the half-way session out and show the lockout page."""
    logout(request)
    return locked_out(request)


def _render_step(request, template, form, status_ok=200, **context) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "next": safe_next(request), "page_has_errors": bool(form.errors), **context},
        status=status_ok if not form.errors else 400,
    )


def _wait_message(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"You entered a wrong code. Wait {seconds} {unit}, then enter the code again"


@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """Enter the 6-digit code from the authenticator app (or a backup code)."""
    if not request.user.is_authenticated:
        return redirect("staff:sign-in")
    next_url = safe_next(request)
    if _signed_in_fully(request):
        return redirect(next_url or "staff:home")
    if AxesProxyHandler.is_locked(request, _credentials(request)):
        return _locked_out_now(request)
    device = two_factor.authenticator_for(request.user)
    if device is None:
        return redirect(step_url("staff:sign-in-set-up", next_url))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = two_factor.code_verify(user=request.user, code=form.cleaned_data["code"])
        if check.device is not None:
            return _finish(request, check.device, next_url)
        if check.wait_seconds:
            form.add_error("code", _wait_message(check.wait_seconds))
        else:
            user_login_failed.send(
                sender=__name__, credentials=_credentials(request), request=request
            )
            if getattr(request, "axes_locked_out", False):
                return _locked_out_now(request)
            form.add_error("code", CODE_WRONG)
    return _render_step(
        request, "staff/sign_in_code.html", form, demo_code=two_factor.demo_code(device)
    )


@never_cache
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its key (and QR code), then its first code to confirm."""
    if not request.user.is_authenticated:
        return redirect("staff:sign-in")
    next_url = safe_next(request)
    if _signed_in_fully(request):
        return redirect(next_url or "staff:home")
    # Someone who knows only the password never sees a new key for an account that has an app.
    if two_factor.authenticator_for(request.user) is not None:
        return redirect(step_url("staff:sign-in-code", next_url))
    if AxesProxyHandler.is_locked(request, _credentials(request)):
        return _locked_out_now(request)
    device = two_factor.authenticator_start(user=request.user)
    form = CodeForm(request.POST if request.method == "POST" else None, backup_codes=False)
    if request.method == "POST" and form.is_valid():
        check = two_factor.authenticator_confirm(
            user=request.user, device=device, code=form.cleaned_data["code"]
        )
        if check.device is not None:
            request.session[BACKUP_CODES_SESSION_KEY] = list(check.backup_codes)
            django_otp.login(request, check.device)
            request.session.cycle_key()
            return redirect(step_url("staff:sign-in-backup-codes", next_url))
        form.add_error(
            "code", _wait_message(check.wait_seconds) if check.wait_seconds else CODE_WRONG
        )
    return _render_step(
        request,
        "staff/sign_in_set_up.html",
        form,
        secret=two_factor.secret_text(device),
        qr_code=two_factor.qr_code_svg(device),
    )


@never_cache
@require_GET
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The new backup codes, shown once, straight after setting up the app."""
    next_url = safe_next(request)
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not request.user.is_authenticated or not codes:
        return redirect(next_url or "staff:home")
    return render(
        request,
        "staff/sign_in_backup_codes.html",
        {"codes": codes, "continue_url": next_url or reverse("staff:home")},
    )


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The lockout page (django-axes' ``AXES_LOCKOUT_CALLABLE``): 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(
        request,
        "staff/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
