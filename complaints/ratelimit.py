"""Per-IP limits on the anonymous complaint endpoints (the page and the API share the counters): a fixed window
per hour in the shared cache (core.ratelimit; Redis when CACHE_URL is set, so that every web process
counts together)."""
from django.conf import settings

from core import ratelimit

WINDOW_SECONDS = 3600
SUBMIT = "submit"
TRACK = "track"
# Per IP and hour; settings.COMPLAINT_RATE_LIMITS = {"submit": n, "track": n} overrides them.
DEFAULT_LIMITS = {SUBMIT: 5, TRACK: 30}

client_ip = ratelimit.client_ip


def limit_for(bucket: str) -> int:
    return {**DEFAULT_LIMITS, **getattr(settings, "COMPLAINT_RATE_LIMITS", {})}[bucket]


def hit(request, bucket: str) -> bool:
    """Count one use by the caller's IP; False when it goes over the hour's limit (then nothing is done)."""
    return ratelimit.hit(f"complaints-{bucket}", client_ip(request), limit=limit_for(bucket),
                         window_seconds=WINDOW_SECONDS)


def retry_after() -> int:
    """Seconds until the current window ends."""
    return ratelimit.retry_after(WINDOW_SECONDS)
