"""A small fixed-window rate limit on Django's cache (shared when the cache is shared).

With several app servers, configure a shared cache (Redis, Memcached or the database cache) so
the limits hold across them; the default local-memory cache limits each process on its own.
"""

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
LIMIT = 5


def client_ip(request) -> str:
    """The visitor's address as Django sees it (set by the proxy in front of the app)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(key: str, *, limit: int = LIMIT, window: int = WINDOW_SECONDS) -> bool:
    """Count one attempt under ``key``; return True while the count is within ``limit``."""
    cache_key = f"sendresolve:ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit
