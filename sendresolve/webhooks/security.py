"""Where a webhook may be sent, and its signing secret.

A webhook is a request this server makes to an address someone typed: without a guard it
could reach the server's own network (server-side request forgery). ``url_check`` allows only
``https://`` to a host whose every address is public; ``SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK``
(development and tests only) also allows ``http://`` to 127.0.0.1, ::1 and localhost. The host
is resolved again just before each attempt (``addresses_check``), so a name that later points
inside is refused then too. Redirects are never followed.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from django.conf import settings

from sendresolve.core.errors import ValidationError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix)


def secret_new() -> str:
    """A Standard Webhooks signing secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK", False))


def url_check(url: str, *, resolve: bool = True) -> str:
    """``url`` if a webhook may be sent there, else ``ValidationError`` (field ``url``)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(
            "Enter a web address, like https://example.org/hooks", field="url"
        ) from None
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in {"https", "http"}:
        raise ValidationError("Enter a web address, like https://example.org/hooks", field="url")
    if parts.username or parts.password:
        raise ValidationError("The address must not contain a user name or password", field="url")
    loopback = host in LOOPBACK_NAMES and _loopback_allowed()
    if parts.scheme != "https" and not loopback:
        raise ValidationError("The address must start with https://", field="url")
    if resolve and not loopback:
        addresses_check(host, port or 443)
    return url


def addresses_check(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, if every one is public; else ``ValidationError``."""
    if host in LOOPBACK_NAMES and _loopback_allowed():
        return ["127.0.0.1"]
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise ValidationError("The address's server name could not be found", field="url") from None
    addresses = sorted({str(info[4][0]) for info in infos})
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise ValidationError(
                "The address must be on the public internet, not a private network", field="url"
            )
    return addresses
