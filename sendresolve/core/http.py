"""Small HTTP helpers and answers shared by the staff and family pages."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXIES`` proxies the address
    the outermost of them put in X-Forwarded-For.

    Each proxy appends the address it was called from, so with N trusted proxies the client's
    is the Nth from the right; everything to its left came from the client and may be forged.
    A header too short or not an address falls back to REMOTE_ADDR (the nearest proxy).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies or not hops[-proxies]:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


def client_address_key(request: HttpRequest) -> str:
    """The client's address as rate limits count it: an IPv4 address whole (also when written
    as IPv4-mapped IPv6), an IPv6 address's /64 (one household or host gets a whole /64)."""
    address = client_ip(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def certificate_removed() -> HttpResponse:
    """A certificate whose PDF the retention policy removed (it showed the child's details)."""
    return HttpResponse(
        "This certificate's PDF was removed under the retention policy. Its number, kind, date "
        "of issue and appeal deadline are still on the case.",
        status=410,
        content_type="text/plain; charset=utf-8",
    )
