"""Test helpers for the second sign-in step: a test authenticator, its codes, and a test client
whose ``force_login`` and ``login`` pass the second step too (``conftest.client``)."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendresolve.core import clock
from sendresolve.staff.two_factor import next_code

TEST_AUTHENTICATOR = "Test authenticator"


def authenticator(user) -> TOTPDevice:
    """The user's confirmed test authenticator app, created on first use."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=TEST_AUTHENTICATOR, defaults={"confirmed": True}
    )
    return device


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now (the next one if the current one was used)."""
    device.refresh_from_db()
    return next_code(device)


def wrong_code_for(device: TOTPDevice) -> str:
    """A 6-digit code the device refuses now (none of the codes within its tolerance)."""
    device.refresh_from_db()
    now = int(clock.now().timestamp())
    t = (now - device.t0) // device.step + device.drift
    accepted = {
        f"{hotp(device.bin_key, t + d, digits=device.digits):06d}"
        for d in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def verify_session(client: Client, user) -> None:
    """Mark the client's session as signed in with the user's test authenticator."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def sign_in_request() -> HttpRequest:
    """A request for ``authenticate``: django-axes refuses to check a sign-in without one."""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return request


class StaffClient(Client):
    """The test client. ``force_login`` and ``login`` sign in with both steps, unless
    ``verified=False`` (a session that has given only the password)."""

    def force_login(self, user, backend=None, *, verified: bool = True):
        super().force_login(user, backend)
        if verified:
            verify_session(self, user)

    def login(self, *, verified: bool = True, **credentials) -> bool:
        credentials.setdefault("request", sign_in_request())
        signed_in = super().login(**credentials)
        if signed_in and verified:
            user = get_user_model().objects.get(pk=self.session["_auth_user_id"])
            verify_session(self, user)
        return signed_in
