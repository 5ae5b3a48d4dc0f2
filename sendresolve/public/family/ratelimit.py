"""Rate limits on asking for a new status link, which a stranger cannot turn against a family.

Counted in the database (``sendresolve.core.ratelimit``), so they hold across workers and servers
without a shared cache, and keyed on the client's address as the trusted proxies report it
(``sendresolve.core.http.client_ip``, ``TRUSTED_PROXIES``), never on what the client says.

- Per address: ``ADDRESS_LIMIT`` asks an hour from one address, for any cases (an IPv6 address
  counts as its /64, which one household or device usually has whole).
- Per case and address: ``CASE_ADDRESS_LIMIT`` asks an hour for one case from one address.

Both count every ask, whether or not the details matched, so the 429 page says nothing about
whether a guess was right. Nothing is limited by case reference alone: wrong guesses from other
addresses never stop the family from getting a link.

What protects the family's inbox instead is a quiet cap on links *sent*: at most
``SENDS_PER_HOUR`` an hour and ``SENDS_PER_DAY`` a day for one case, counted only when the
details matched (a day counts only the links the hourly cap let through). Past it the page is
the usual one ("if the details match a case, we have sent a link"), no new message goes, and
the links already sent (each works for ``SENDRESOLVE_STATUS_LINK_DAYS`` days) still work; the
page says so, for everyone who asks, so it tells no one whether their details matched.
"""

import logging

from django.http import HttpRequest

from sendresolve.cases.models import Case
from sendresolve.core import ratelimit
from sendresolve.core.http import client_address_key

HOUR = 60 * 60
DAY = 24 * HOUR
ADDRESS_LIMIT = 20
CASE_ADDRESS_LIMIT = 5
SENDS_PER_HOUR = 3
SENDS_PER_DAY = 10
CHANGES_PER_DAY = 5

logger = logging.getLogger(__name__)


address_key = client_address_key  # an IPv4 address whole, an IPv6 address's /64


def ask_allowed(request: HttpRequest, reference: str) -> bool:
    """Count one ask for a link for ``reference``; False once the address is over a limit."""
    address = address_key(request)
    by_address = ratelimit.hit(f"new-link:ip:{address}", limit=ADDRESS_LIMIT, window=HOUR)
    by_case = ratelimit.hit(
        f"new-link:case-ip:{reference}|{address}", limit=CASE_ADDRESS_LIMIT, window=HOUR
    )
    return by_address and by_case


def send_allowed(case: Case) -> bool:
    """Count one link about to be sent for ``case``; False once it has had its share."""
    key = f"new-link:sent:{case.pk}"
    # The day's count only counts links the hour's cap let through.
    if ratelimit.hit(key, limit=SENDS_PER_HOUR, window=HOUR) and ratelimit.hit(
        key, limit=SENDS_PER_DAY, window=DAY
    ):
        return True
    logger.info("Status link for case %s not sent: it has had its links for now", case.pk)
    return False


def change_allowed(case: Case) -> bool:
    """Count one change of contact details from the family's status page; False past
    ``CHANGES_PER_DAY`` for the case (each change sends messages)."""
    return ratelimit.hit(f"contact-change:{case.pk}", limit=CHANGES_PER_DAY, window=DAY)
