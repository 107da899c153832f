"""Reads of regions for every list page, cached: region data changes only through `load_regions` and the
admin, while each list page read it three times (the picker) plus four joins per row (the region path).

Two layers, both keyed by a version that every change of the table replaces (saves and deletes of a Region:
signals connected in RegionsConfig.ready; `regions_load`, whose bulk writes send no signals):
- the shared cache (Redis with CACHE_URL), so that one process's read serves the others;
- this process's memory, which re-reads the shared version at most every LOCAL_SECONDS: another process's
  change of the regions shows here within that time (this process's own change at once).
The version is replaced at once and again after the commit, so a reader between the change and its commit
cannot keep the old rows under the new version.
"""
import threading
import time
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "regions:version"
CACHE_SECONDS = 3600
LOCAL_SECONDS = 2.0
LOCAL_MAX_ENTRIES = 20_000

_lock = threading.Lock()
_local: dict = {"version": None, "checked": 0.0, "values": {}}


def version() -> str:
    now = time.monotonic()
    if _local["version"] is not None and now - _local["checked"] < LOCAL_SECONDS:
        return _local["version"]
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or ""
    with _lock:
        if current != _local["version"]:
            _local["values"] = {}
        _local["version"], _local["checked"] = current, now
    return current


def forget_local() -> None:
    """Drop this process's copies (tests call it between tests; regions_changed calls it)."""
    with _lock:
        _local.update(version=None, checked=0.0, values={})


def regions_changed(**kwargs) -> None:
    """Forget every cached read of regions (a receiver of post_save/post_delete, and called by regions_load)."""
    forget_local()
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    def after_commit():
        forget_local()
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    transaction.on_commit(after_commit)


def _key(name: str, args: tuple) -> str:
    return f"{name}:" + "|".join(",".join(a) if isinstance(a, list | tuple | set) else str(a) for a in args)


def cached(name: str, args: tuple, compute):
    """compute() under a key made of name, args and the current version (memory, then the shared cache)."""
    return cached_many(name, [args], lambda missing: [compute() for _ in missing])[0]


def cached_many(name: str, many: list[tuple], compute_missing) -> list:
    """The values of `many` argument tuples; compute_missing(list of args) -> values for those not cached,
    called once at most (one shared-cache round trip and one computation for a whole page)."""
    current = version()
    values = _local["values"]
    keys = [_key(name, args) for args in many]
    found = {key: values[key] for key in keys if key in values}
    wanted = [key for key in dict.fromkeys(keys) if key not in found]
    if wanted:
        shared = cache.get_many([f"regions:{current}:{key}" for key in wanted])
        for key in wanted:
            value = shared.get(f"regions:{current}:{key}")
            if value is not None:
                found[key] = value
        missing = [key for key in wanted if key not in found]
        if missing:
            args_of = dict(zip(keys, many, strict=True))
            computed = compute_missing([args_of[key] for key in missing])
            fresh = dict(zip(missing, computed, strict=True))
            cache.set_many({f"regions:{current}:{key}": value for key, value in fresh.items()}, CACHE_SECONDS)
            found.update(fresh)
        with _lock:
            if _local["version"] == current:
                if len(values) > LOCAL_MAX_ENTRIES:
                    values.clear()
                values.update({key: found[key] for key in wanted})
    return [found[key] for key in keys]
