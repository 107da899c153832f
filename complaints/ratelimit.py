"""Per-IP limits on the anonymous complaint endpoints (the page and the API share the counters), kept in
Django's cache: a fixed window per hour. Configure a shared cache (Redis) in production so that every
worker process counts together; with the default local-memory cache each process counts on its own."""
import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600
SUBMIT = "submit"
TRACK = "track"
# Per IP and hour; settings.COMPLAINT_RATE_LIMITS = {"submit": n, "track": n} overrides them.
DEFAULT_LIMITS = {SUBMIT: 5, TRACK: 30}


def client_ip(request) -> str:
    """REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client's address on (X-Forwarded-For is
    not trusted here, anyone can send it)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def limit_for(bucket: str) -> int:
    return {**DEFAULT_LIMITS, **getattr(settings, "COMPLAINT_RATE_LIMITS", {})}[bucket]


def _key(bucket: str, ip: str, window: int) -> str:
    digest = hashlib.sha256(ip.encode()).hexdigest()[:32]  # the cache holds no addresses
    return f"complaints:rate:{bucket}:{digest}:{window}"


def hit(request, bucket: str) -> bool:
    """Count one use by the caller's IP; False when it goes over the hour's limit (then nothing is done)."""
    window = int(time.time() // WINDOW_SECONDS)
    key = _key(bucket, client_ip(request), window)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit_for(bucket)


def retry_after() -> int:
    """Seconds until the current window ends."""
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
