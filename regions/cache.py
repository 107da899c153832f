"""The cascading picker's reads of regions, cached: region data changes only through `load_regions` and the
admin, while every list page reads it (three queries a page; issue 12, point 14).

Cached values are keyed by a version that every change of the table replaces: saves and deletes of a Region
(signals, connected in RegionsConfig.ready) and `regions_load` (bulk writes send no signals). The version is
replaced at once and again after the commit, so a reader between the change and its commit cannot keep the
old rows under the new version.
"""
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "regions:version"
CACHE_SECONDS = 3600


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or ""
    return current


def regions_changed(**kwargs) -> None:
    """Forget every cached read of regions (a receiver of post_save/post_delete, and called by regions_load)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def cached(name: str, args: tuple, compute):
    """compute() under a key made of name, args and the current version."""
    key = f"regions:{version()}:{name}:{'|'.join(','.join(a) if isinstance(a, list | tuple | set) else str(a) for a in args)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
