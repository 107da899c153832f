"""Reads of small, rarely changed tables (regions, holidays, standards), cached for every page that asks them.

Each `TableCache` keeps its values under a version that any change of its tables replaces (post_save and
post_delete of the models it watches; a bulk write calls `changed()` itself, as `regions_load` does). Two layers:
- the shared cache (Redis with CACHE_URL), so that one process's read serves the others;
- this process's memory, which re-reads the shared version at most every `local_seconds`: another process's
  change shows here within that time (this process's own change at once).
The version is replaced at once and again after the commit, so a reader between the change and its commit cannot
keep the old rows under the new version; and what is read in the transaction that made the change (rows that a
rollback may still undo) is never stored.
"""
import threading
import time
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

CACHE_SECONDS = 3600
LOCAL_MAX_ENTRIES = 20_000

_ALL: dict[str, "TableCache"] = {}


def _in_transaction() -> bool:
    """In an atomic block of the portal's code (a test case's own block around each test is not one: there the
    test's database stands for the committed one)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class TableCache:
    def __init__(self, namespace: str, *, local_seconds: float = 2.0):
        self.namespace = namespace
        self.version_key = f"{namespace}:version"
        self.local_seconds = local_seconds
        self._lock = threading.Lock()
        self._local: dict = {"version": None, "checked": 0.0, "values": {}}
        self._uncommitted = threading.local()  # .changed: this thread's open transaction changed the table
        _ALL[namespace] = self

    def watch(self, *models) -> None:
        """Forget every cached read when a row of `models` is saved or deleted (called from AppConfig.ready)."""
        for model in models:
            uid = f"tablecache-{self.namespace}-{model._meta.label_lower}"
            post_save.connect(self.changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
            post_delete.connect(self.changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)

    def version(self) -> str:
        now = time.monotonic()
        local = self._local
        if local["version"] is not None and now - local["checked"] < self.local_seconds:
            return local["version"]
        current = cache.get(self.version_key)
        if current is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            current = cache.get(self.version_key) or ""
        with self._lock:
            if current != local["version"]:
                local["values"] = {}
            local["version"], local["checked"] = current, now
        return current

    def forget_local(self) -> None:
        """Drop this process's copies (tests call it between tests; `changed` calls it)."""
        with self._lock:
            self._local.update(version=None, checked=0.0, values={})
        self._uncommitted.changed = False

    def changed(self, **kwargs) -> None:
        """Forget every cached read (a receiver of post_save/post_delete; called after bulk writes)."""
        self.forget_local()
        cache.set(self.version_key, uuid.uuid4().hex, None)
        self._uncommitted.changed = _in_transaction()

        def after_commit():
            self.forget_local()
            cache.set(self.version_key, uuid.uuid4().hex, None)

        transaction.on_commit(after_commit)

    @staticmethod
    def _key(name: str, args: tuple) -> str:
        return f"{name}:" + "|".join(",".join(a) if isinstance(a, list | tuple | set) else str(a) for a in args)

    def cached(self, name: str, args: tuple, compute):
        """compute() under a key made of name, args and the current version (memory, then the shared cache)."""
        return self.cached_many(name, [args], lambda missing: [compute() for _ in missing])[0]

    def cached_many(self, name: str, many: list[tuple], compute_missing) -> list:
        """The values of `many` argument tuples; compute_missing(list of args) -> values for those not cached,
        called once at most (one shared-cache round trip and one computation for a whole page)."""
        if getattr(self._uncommitted, "changed", False):
            if _in_transaction():  # rows of this transaction, not yet committed: read, never stored
                return compute_missing(list(many))
            self._uncommitted.changed = False  # rolled back (a commit clears it in after_commit)
        current = self.version()
        values = self._local["values"]
        keys = [self._key(name, args) for args in many]
        found = {key: values[key] for key in keys if key in values}
        wanted = [key for key in dict.fromkeys(keys) if key not in found]
        if wanted:
            prefix = f"{self.namespace}:{current}:"
            shared = cache.get_many([prefix + key for key in wanted])
            for key in wanted:
                value = shared.get(prefix + key)
                if value is not None:
                    found[key] = value
            missing = [key for key in wanted if key not in found]
            if missing:
                args_of = dict(zip(keys, many, strict=True))
                computed = compute_missing([args_of[key] for key in missing])
                fresh = dict(zip(missing, computed, strict=True))
                cache.set_many({prefix + key: value for key, value in fresh.items()}, CACHE_SECONDS)
                found.update(fresh)
            with self._lock:
                if self._local["version"] == current:
                    if len(values) > LOCAL_MAX_ENTRIES:
                        values.clear()
                    values.update({key: found[key] for key in wanted})
        return [found[key] for key in keys]


def forget_all_local() -> None:
    """Every table cache's copies in this process (the tests' fixture, between tests)."""
    for table_cache in _ALL.values():
        table_cache.forget_local()
