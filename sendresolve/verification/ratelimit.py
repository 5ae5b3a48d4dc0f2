"""How often one client may check codes: ``LIMIT`` checks an hour from one address, found or
not, counted in the database (``core.ratelimit``) so it holds across workers. With about 60 random
bits a code, guessing one is hopeless at this rate; the limit keeps the page from being a free
oracle and the audit log from being flooded.

The address is the client's as the trusted proxies report it (``core.http.client_address_key``),
an IPv6 address counted as its /64.
"""

from django.http import HttpRequest

from sendresolve.core import ratelimit
from sendresolve.core.http import client_address_key

HOUR = 60 * 60
LIMIT = 30


def check_allowed(request: HttpRequest) -> bool:
    """Count one check from the request's address; False once it is over the limit."""
    return ratelimit.hit(f"verify:ip:{client_address_key(request)}", limit=LIMIT, window=HOUR)
