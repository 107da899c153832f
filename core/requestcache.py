"""The shared-cache entries a signed-in user's request reads, fetched together in one round trip at its start.

Every page of a signed-in user reads its user and the authenticator that verified the session
(accounts.authcache), and the portal's pages the unread-notice count of the navbar (notifications): each a round
trip to the shared cache (Redis), 0.1–0.3 ms apiece on a list page at national scale (issue 12, point 14). Apps
say which keys a session will need (`register`); `core.middleware.PrefetchMiddleware` reads them all with one
`get_many` as the request starts, from the session alone; a reader `take`s its value from there (once: a second
read of the key in the same request goes to the cache), and a writer of such a key calls `forget`, so that a value
read before a change in this request is never handed out after it.
"""
import contextvars
from collections.abc import Callable, Iterable

from django.core.cache import cache

MISSING = object()  # not prefetched: read the cache
_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar("requestcache", default=None)
_key_sources: dict[str, Callable] = {}


def register(name: str, keys_of_session: Callable[[object], Iterable[str]]) -> None:
    """keys_of_session(session) -> the keys a request of that session will read (AppConfig.ready)."""
    _key_sources[name] = keys_of_session


def session_keys(session) -> list[str]:
    return [key for source in _key_sources.values() for key in source(session)]


def begin(keys: list[str]):
    """Read `keys` in one round trip for this request; returns the token `end` takes."""
    found = cache.get_many(keys) if keys else {}
    return _prefetched.set({key: found.get(key) for key in keys})


def end(token) -> None:
    _prefetched.reset(token)


def take(key: str):
    """The value prefetched for `key` (None: it was not in the cache), once; MISSING when there is none."""
    values = _prefetched.get()
    if not values or key not in values:
        return MISSING
    return values.pop(key)


def get(key: str):
    """cache.get(key), from the prefetched values when they have it."""
    value = take(key)
    return cache.get(key) if value is MISSING else value


def forget(keys: Iterable[str]) -> None:
    """A writer changed these keys: what was prefetched of them is not handed out any more."""
    values = _prefetched.get()
    if values:
        for key in keys:
            values.pop(key, None)
