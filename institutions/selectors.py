"""Reads of institutions for list pages, detail pages and the API."""
import datetime

from django.db.models import F
from django.utils import timezone

from .models import CapacityRecord, Institution

REGION_PATH = ("region", "region__parent", "region__parent__parent", "region__parent__parent__parent")
# The list pages' sort orders (?sort=...), each ending on a unique key so that pages and exports are stable.
SORTS = {
    "name": ("name", "id"),
    "-slots": ("-slots", "name", "id"),
    "-star": ("-star_rating", "name", "id"),
    "-filed_on": ("-filed_on", "name", "id"),
    "region": ("region_id", "name", "id"),
}


def today() -> datetime.date:
    return timezone.localdate()


def institution_list(*, base, on: datetime.date | None = None, capacity: bool = True):
    """The list queryset: region path joined in, and slots/enrolled on `on` annotated unless capacity=False.

    A paginated list passes capacity=False (unless it sorts by slots) and calls capacity_attach on its page:
    PostgreSQL evaluates an annotated subquery for every row it skips with OFFSET too, so page 50 of a list
    computed 1,000 rows' capacity to show 20 (issue 12, point 14).
    """
    queryset = base.select_related(*REGION_PATH)
    return queryset.with_capacity_at(on or today()) if capacity else queryset


def capacity_attach(object_list, on: datetime.date | None = None) -> list:
    """The page's institutions with `slots` and `enrolled` on `on` (None without a record), in one query;
    rows already annotated with them (a list sorted by slots) are returned as they are."""
    rows = list(object_list)
    if rows and "slots" in rows[0].__dict__:
        return rows
    found: dict[int, tuple[int, int]] = {}
    if rows:
        records = (CapacityRecord.objects.effective_at(on or today())
                   .filter(institution_id__in=[row.pk for row in rows])
                   .order_by("institution_id", "effective_from")
                   .values_list("institution_id", "slots", "enrolled"))
        for institution_id, slots, enrolled in records:
            found.setdefault(institution_id, (slots, enrolled))  # the first in force, as the annotation takes
    for row in rows:
        row.slots, row.enrolled = found.get(row.pk, (None, None))
    return rows


def institution_sorted(queryset, sort: str | None):
    """Order a list queryset by a SORTS key (unknown keys sort by region); missing figures sort last."""
    order = SORTS.get(sort or "region", SORTS["region"])
    if order[0] in ("-slots", "-star_rating"):
        return queryset.order_by(F(order[0][1:]).desc(nulls_last=True), *order[1:])
    return queryset.order_by(*order)


def region_path(region) -> list:
    """Ancestors first, the region itself last (uses the select_related path, no queries)."""
    path = []
    while region is not None:
        path.append(region)
        region = region.parent
    return list(reversed(path))


def public_institution(pk: int) -> Institution:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(institution_list(base=Institution.objects.public()), pk=pk)
