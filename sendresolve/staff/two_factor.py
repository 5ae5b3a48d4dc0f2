"""The second step of staff sign-in (django-otp): an authenticator app, or a backup code.

A user signs in with their password first (``django.contrib.auth.login``), then with a code
from a confirmed TOTP device (an authenticator app) or one of their one-time backup codes (a
static device); ``django_otp.login`` then marks the session verified, and only a verified
session reaches a staff page (``staff.middleware``). A user with no confirmed device sets one
up at that second step, and is shown ten backup codes once.

Every device throttles its own checks (django-otp's ``ThrottlingMixin``): after a wrong code
the next is not even checked for 1, 2, 4, 8… seconds. Wrong codes also count towards the
username's lockout (django-axes), which the views record.
"""

import base64
import math
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from markupsafe import Markup

from sendresolve.audit.services import audit_record
from sendresolve.core import clock

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10

# The demo users' authenticator key, published in the README so a reviewer can add it to an app.
# It is in base32, as authenticator apps take it. Only the demo seeds it (development only), and
# only a device with this key ever shows its current code on the page (``demo_code``).
DEMO_SECRET = "SENDRESOLVEDEMOONLYNOTASECRET234"  # noqa: S105 - published on purpose
DEMO_KEY = base64.b32decode(DEMO_SECRET).hex()


@dataclass(frozen=True)
class CodeCheck:
    """What came of checking a code.

    ``device`` is the device that accepted it (None: refused). ``wait_seconds`` above 0 means the
    code was not checked at all: a wrong code came too recently. ``backup_codes`` are the new
    backup codes, after setting up an authenticator app.
    """

    device: Device | None = None
    wait_seconds: int = 0
    backup_codes: tuple[str, ...] = ()


def authenticator_for(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def authenticator_start(*, user) -> TOTPDevice:
    """The authenticator app the user is setting up: a new key, kept until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> Markup:
    """The device's ``otpauth://`` link as an inline SVG QR code (no image request, no style)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10
    )
    svg = image.to_string(encoding="unicode")
    label = 'role="img" aria-label="QR code to scan with your authenticator app" '
    return Markup(svg.replace("<svg ", f"<svg {label}", 1))  # noqa: S704 - made here, no input


def _wait_seconds(device: Device) -> int:
    allowed, detail = device.verify_is_allowed()
    if allowed:
        return 0
    until = (detail or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, math.ceil((until - clock.now()).total_seconds()))


def code_verify(*, user, code: str) -> CodeCheck:
    """Check a code: 6 digits against the user's authenticator app, anything else against their
    backup codes (each works once). A wrong code slows the next check down (throttling)."""
    if code.isdigit():
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update().order_by("pk"):
            wait = _wait_seconds(device)
            if wait:
                return CodeCheck(wait_seconds=wait)
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    audit_record(
                        actor=user,
                        action="sign_in.backup_code.use",
                        target=device,
                        detail={"user_id": user.pk, "left": device.token_set.count()},
                    )
                return CodeCheck(device=device)
    return CodeCheck()


def authenticator_confirm(*, user, device: TOTPDevice, code: str) -> CodeCheck:
    """Confirm the authenticator app being set up with its first code; on success replace any
    backup codes with ten new ones, returned once (only their use is stored)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        wait = _wait_seconds(device)
        if wait:
            return CodeCheck(wait_seconds=wait)
        if not device.verify_token(code):
            return CodeCheck()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = backup_codes_replace(user=user)
        audit_record(
            actor=user,
            action="sign_in.two_factor.set_up",
            target=device,
            detail={"user_id": user.pk, "backup_codes": len(codes)},
        )
    return CodeCheck(device=device, backup_codes=codes)


def backup_codes_replace(*, user) -> tuple[str, ...]:
    """Give the user ten new one-time backup codes in place of any they had."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    codes = tuple(StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT))
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def next_code(device: TOTPDevice) -> str:
    """The code the device accepts now: the current one, or the next if that one has been used
    (a code works only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now().timestamp()
    counter = max(totp.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, counter, digits=device.digits):0{device.digits}d}"


def demo_code(device: TOTPDevice | None) -> str | None:
    """In demo mode only, the current code of a device with the published demo key."""
    if not settings.DEMO_MODE or device is None or device.key != DEMO_KEY:
        return None
    return next_code(device)


def demo_authenticator_set(*, user) -> TOTPDevice:
    """Give a demo user a confirmed authenticator app with the published demo key."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="Demo authenticator", defaults={"key": DEMO_KEY, "confirmed": True}
    )
    return device
