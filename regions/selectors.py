"""Reads of regions for the API and the cascading picker, each in a fixed number of queries."""
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from . import cache as region_cache
from .models import CODE_LENGTH, LEVEL_BY_LENGTH, Region, RegionLevel

LEVELS: list[str] = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP]
LEVEL_INDEX = {level: index for index, level in enumerate(LEVELS)}
MAX_TREE_DEPTH = 3
ANCESTORS = "parent__parent__parent"  # a township has three ancestors


def region_list():
    """All regions, each annotated with `has_children` (one subquery, no extra queries)."""
    return Region.objects.annotate(has_children=Exists(Region.objects.filter(parent=OuterRef("pk"))))


def region_detail(code: str) -> Region:
    """One region with its ancestors joined in and its direct children prefetched (2 queries), or 404."""
    children = Prefetch("children", queryset=region_list().order_by("code"))
    return get_object_or_404(Region.objects.select_related(ANCESTORS).prefetch_related(children), code=code)


def region_ancestors(region: Region) -> list[Region]:
    """Province first, the region's parent last (uses the joined parents, no queries)."""
    path = []
    parent = region.parent
    while parent is not None:
        path.append(parent)
        parent = parent.parent
    return list(reversed(path))


def region_tree(*, root: Region | None, depth: int) -> list[dict]:
    """Nested nodes `depth` levels below `root` (below the whole country when None), in one query.

    A node whose level is the last one fetched has `children: None` (not expanded); above that,
    `children` is the (possibly empty) list of its children.
    """
    start = LEVEL_INDEX[root.level] + 1 if root else 0
    levels = LEVELS[start:start + depth]
    if not levels:
        return []
    queryset = Region.objects.filter(level__in=levels)
    if root:
        queryset = queryset.in_scope(root.code)
    nodes: dict[str, dict] = {}
    top: list[dict] = []
    last_level = levels[-1]
    # Ordered by code, so a parent (shorter code, same prefix) always comes before its children.
    for code, name, level, parent_id in queryset.order_by("code").values_list("code", "name", "level", "parent_id"):
        node = {"code": code, "name": name, "level": level, "children": None if level == last_level else []}
        nodes[code] = node
        if level == levels[0]:
            top.append(node)
        elif parent_id in nodes:
            nodes[parent_id]["children"].append(node)
    return top


def level_of_code(code: str) -> str | None:
    return LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() else None


def code_prefixes(code: str) -> list[str]:
    """The codes of a code's ancestors and itself, by the national code structure (2/4/6/9 digits)."""
    return [code[:length] for length in CODE_LENGTH.values() if length <= len(code)]


def cascade_regions(*, codes: set[str], parents: list[str]) -> tuple[dict[str, Region], dict[str, list]]:
    """What the cascading picker shows, in at most two queries.

    Returns the regions among `codes` by code, and the children `(code, name)` of each code in
    `parents` ("" meaning the provinces) by parent code.
    """
    codes = sorted({code for code in codes if code})
    return region_cache.cached("cascade", (codes, list(parents)), lambda: _cascade_regions(codes, parents))


def _cascade_regions(codes: list[str], parents: list[str]) -> tuple[dict[str, Region], dict[str, list]]:
    chain = {region.code: region for region in Region.objects.filter(code__in=codes)} if codes else {}
    children: dict[str, list] = {parent: [] for parent in parents}
    if parents:
        condition = Q(parent_id__in=[parent for parent in parents if parent])
        if "" in parents:
            condition |= Q(parent__isnull=True)
        rows = Region.objects.filter(condition).order_by("code").values_list("code", "name", "parent_id")
        for code, name, parent_id in rows:
            children[parent_id or ""].append((code, name))
    return chain, children


def region_paths(codes) -> dict[str, str]:
    """"河北省 石家庄市 长安区" for each region code (cached, see regions/cache.py; one query for whatever a page
    needs that is not cached yet): a list row's region column without joining four region tables per row."""
    codes = sorted({code for code in codes if code})

    def compute(missing: list[tuple]) -> list[str]:
        wanted = {prefix for (code,) in missing for prefix in code_prefixes(code)}
        names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
        return [" ".join(names[prefix] for prefix in code_prefixes(code) if prefix in names) for (code,) in missing]

    return dict(zip(codes, region_cache.cached_many("path", [(code,) for code in codes], compute), strict=True))


def regions_by_code(codes) -> dict[str, Region]:
    """The regions of these codes that exist, by code (cached as region_by_code's; one query for those not cached
    yet)."""
    codes = sorted({code for code in codes if code})

    def compute(missing: list[tuple]) -> list:
        found = Region.objects.in_bulk([code for (code,) in missing])
        return [found.get(code) or False for (code,) in missing]

    regions = region_cache.cached_many("region", [(code,) for code in codes], compute)
    return {code: region for code, region in zip(codes, regions, strict=True) if region}


def region_by_code(code: str) -> Region | None:
    """The region of `code`, or None (cached, see regions/cache.py)."""
    found = region_cache.cached("region", (code,), lambda: Region.objects.filter(code=code).first() or False)
    return found or None
