"""Reads of regions for every list page, cached: region data changes only through `load_regions` and the
admin, while each list page read it three times (the picker) plus four joins per row (the region path).

A `core.tablecache.TableCache` (shared cache, then this process's memory, under a version that any change of the
table replaces): saves and deletes of a Region are watched (RegionsConfig.ready); `regions_load`, whose bulk
writes send no signals, calls `regions_changed`.
"""
from core.tablecache import TableCache

REGIONS = TableCache("regions")
VERSION_KEY = REGIONS.version_key

version = REGIONS.version
forget_local = REGIONS.forget_local
cached = REGIONS.cached
cached_many = REGIONS.cached_many


def regions_changed(**kwargs) -> None:
    """Forget every cached read of regions (called by regions_load after its bulk writes)."""
    REGIONS.changed(**kwargs)
