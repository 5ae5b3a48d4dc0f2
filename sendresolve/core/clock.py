"""The one clock seam.

Everything that needs "now" or "today" asks this module, so tests can pin time (``time_machine``)
and the law core can stay a pure function of the dates it is given. Statutory deadlines are
counted on dates in Europe/London, so ``today()`` is the London date, not the UTC one.

This module imports nothing from Django, so the command line can use it without settings.
"""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    """Return the current time as an aware datetime in UTC."""
    return dt.datetime.now(tz=dt.UTC)


def today() -> dt.date:
    """Return today's date in England (Europe/London)."""
    return now().astimezone(LONDON).date()
