"""How often one client may check codes: ``LIMIT`` checks an hour from one address, found or
not, counted in the database (``core.ratelimit``) so it holds across workers. With about 60 random
bits a code, guessing one is hopeless at this rate; the limit keeps the page from being a free
oracle and the audit log from being flooded.

The address is the client's as the trusted proxies report it (``core.http.client_ip``), an IPv6
address counted as its /64 (the way ``public.family.ratelimit`` counts it).
"""

import ipaddress

from django.http import HttpRequest

from sendresolve.core import ratelimit
from sendresolve.core.http import client_ip

HOUR = 60 * 60
LIMIT = 30


def _address(request: HttpRequest) -> str:
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


def check_allowed(request: HttpRequest) -> bool:
    """Count one check from the request's address; False once it is over the limit."""
    return ratelimit.hit(f"verify:ip:{_address(request)}", limit=LIMIT, window=HOUR)
