"""Reads of the stored rollups: one region's figures and its children's, scoped to the user's region."""
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region

from .models import YEAR_QUARTER, RegionFigures

MSG_NO_FIGURES = gettext_lazy("没有该区划该期间的统计数据")


def figures_queryset():
    """Stored figures with the region's name (the country's is 全国), in one query."""
    name = Region.objects.filter(code=OuterRef("region_code")).values("name")[:1]
    return RegionFigures.objects.annotate(region_name=Coalesce(Subquery(name), Value(_("全国"))))


def figures_find(*, region_code: str, year: int, quarter: int = YEAR_QUARTER) -> RegionFigures | None:
    """The stored figures of a region and period, or None (no scope check: for commands and services)."""
    return figures_queryset().filter(region_code=region_code, year=year, quarter=quarter).first()


def figures_get(*, user, region_code: str, year: int, quarter: int = YEAR_QUARTER) -> RegionFigures:
    """The figures of a region in the user's scope; 404 when out of scope or not computed (alike)."""
    if not user.in_scope(region_code):
        raise Http404(MSG_NO_FIGURES)
    row = figures_find(region_code=region_code, year=year, quarter=quarter)
    if row is None:
        raise Http404(MSG_NO_FIGURES)
    return row


def figures_children(*, user, region_code: str, year: int, quarter: int = YEAR_QUARTER) -> list[RegionFigures]:
    """The stored figures of the region's children (townships only where they have institutions)."""
    figures_get(user=user, region_code=region_code, year=year, quarter=quarter)
    return list(figures_queryset().filter(parent_code=region_code, year=year, quarter=quarter)
                .order_by("region_code"))
