"""Reads of institutions for list pages, detail pages and the API."""
import datetime

from django.utils import timezone

from .models import Institution

REGION_PATH = ("region", "region__parent", "region__parent__parent", "region__parent__parent__parent")


def today() -> datetime.date:
    return timezone.localdate()


def institution_list(*, base, on: datetime.date | None = None):
    """The list queryset: region path joined in, current slots/enrolled annotated (constant queries)."""
    return base.select_related(*REGION_PATH).with_capacity_at(on or today())


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
