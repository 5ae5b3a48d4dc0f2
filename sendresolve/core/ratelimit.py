"""Fixed-window rate limits counted in the database, so they hold across workers and servers.

Each ``hit`` adds one to the row for (key, window) and answers whether the count is still within
the limit. The increment is one ``UPDATE … SET count = count + 1`` (or the window's first
``INSERT``, retried as that update if another request inserted first), inside a transaction that
then reads the count back: the row stays locked until the transaction ends (PostgreSQL's row
lock; SQLite's database write lock), so each caller sees its own exact count and no two callers
both see the last allowed one. Django's cache cannot do this without Redis: the local-memory
cache is per process, and the database cache's ``incr`` is a read then a write.

Keys are stored as an HMAC (``salted_hmac`` with the site's secret key), so the table holds no
address or case reference. Rows whose window has ended are deleted whenever a new window's row
is created, so the table holds about one row per key active in the last window.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from sendresolve.core import clock
from sendresolve.core.models import RateLimitCount

SALT = "sendresolve.core.ratelimit"


def key_digest(key: str, window: int) -> str:
    """The stored form of ``key`` counted over windows of ``window`` seconds."""
    return salted_hmac(SALT, f"{window}|{key}", algorithm="sha256").hexdigest()


def window_of(now: dt.datetime, window: int) -> dt.datetime:
    """The start of the fixed ``window``-second window ``now`` falls in (UTC, from the epoch)."""
    seconds = int(now.timestamp())
    return dt.datetime.fromtimestamp(seconds - seconds % window, tz=dt.UTC)


def _increment(digest: str, start: dt.datetime, expires: dt.datetime) -> tuple[int, bool]:
    """Add one to (digest, start); return the new count and whether the row was created."""
    rows = RateLimitCount.objects.filter(key=digest, window_start=start)
    with transaction.atomic():
        created = False
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCount.objects.create(
                        key=digest, window_start=start, expires_at=expires, count=1
                    )
                created = True
            except IntegrityError:  # another request created it first: count on its row
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).get()
    return count, created


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under ``key``; True while this window's count is within ``limit``."""
    now = clock.now()
    start = window_of(now, window)
    count, created = _increment(
        key_digest(key, window), start, start + dt.timedelta(seconds=window)
    )
    if created:
        RateLimitCount.objects.filter(expires_at__lte=now).delete()
    return count <= limit
