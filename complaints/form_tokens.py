"""One-time tokens of the public complaint form: a double-clicked or re-sent form creates one complaint.

The form page carries a random token. The first POST with it claims it in the shared cache (an atomic `add`);
once its complaint exists the token maps to the tracking number. A second POST with the same token creates
nothing: it waits a moment for the first to finish and shows the same receipt. A refused first POST (invalid
input, rate limit) gives the token back, so the corrected form goes through."""
import secrets
import time

from django.core.cache import cache

TTL_SECONDS = 2 * 3600
PENDING = "pending"
WAIT_SECONDS = 5.0


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _key(token: str) -> str:
    return f"complaint-form:{token}"


def claim(token: str) -> str | None:
    """None when this request is the first to use the token (it now holds it); otherwise the tracking number
    of the complaint the token already produced (after waiting for a first request still at work), or PENDING
    if that never came."""
    if not token or len(token) > 64:
        return None
    if cache.add(_key(token), PENDING, TTL_SECONDS):
        return None
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        value = cache.get(_key(token))
        if value is None:  # the first request gave it back: this one may go ahead
            return None if cache.add(_key(token), PENDING, TTL_SECONDS) else PENDING
        if value != PENDING or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def fulfil(token: str, tracking_number: str) -> None:
    if token and len(token) <= 64:
        cache.set(_key(token), tracking_number, TTL_SECONDS)


def release(token: str) -> None:
    if token and len(token) <= 64:
        cache.delete(_key(token))
