"""Fixed-window counters per client IP in Django's cache, shared by every web process when the cache is
Redis (CACHE_URL): the public complaint limits, failed log-ins and failed API tokens count here.

With the embedded default (no CACHE_URL) the cache is the process's own memory: fine for one runserver
process, wrong for several gunicorn workers, which is why `check --deploy` warns about it
(tuoyu_portal.checks)."""
import hashlib
import time

from django.core.cache import cache


def client_ip(request) -> str:
    """REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client's address on (X-Forwarded-For is
    not trusted here, anyone can send it)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(bucket: str, ident: str, window_seconds: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]  # the cache holds no addresses
    window = int(time.time() // window_seconds)
    return f"rate:{bucket}:{digest}:{window_seconds}:{window}"


def hit(bucket: str, ident: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use; False when it goes over `limit` in the current window."""
    key = _key(bucket, ident, window_seconds)
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit


def used(bucket: str, ident: str, *, window_seconds: int) -> int:
    """How many uses the current window has counted (without counting one)."""
    return int(cache.get(_key(bucket, ident, window_seconds)) or 0)


def retry_after(window_seconds: int) -> int:
    """Seconds until the current window ends."""
    return window_seconds - int(time.time()) % window_seconds
