"""Reads of institutions for list pages, detail pages and the API."""
import datetime

from django.db.models import F
from django.utils import timezone

from .models import Institution

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


def institution_list(*, base, on: datetime.date | None = None):
    """The list queryset: region path joined in, current slots/enrolled annotated (constant queries)."""
    return base.select_related(*REGION_PATH).with_capacity_at(on or today())


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
