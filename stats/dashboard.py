"""Reads behind the statistics dashboard: a region's stored figures for a period, its trend, its children
ranked, and the map data. Every query reads stored rollups (a bounded number of queries, whatever the
number of child regions); scoping is the caller's (stats.selectors.figures_get raises 404 out of scope)."""
import dataclasses
from decimal import Decimal

from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from inspections.models import InspectionType
from institutions.models import OperatingModel, PilotLevel
from regions.models import Region, RegionLevel

from .models import COUNTRY_CODE, YEAR_QUARTER, RegionFigures
from .periods import expected_progress_pct
from .selectors import MSG_NO_FIGURES, figures_queryset

# The ranking table's sort keys (?sort=key or -key): the column each one orders by.
SORT_FIELDS = {
    "rank": "rank",
    "code": "region_code",
    "institutions": "institutions",
    "slots": "slots",
    "population": "population",
    "per1000": "slots_per_1000",
    "new": "new_slots",
    "target": "target",
    "completion": "target_completion_pct",
    "inclusive": "inclusive_share_pct",
    "utilization": "utilization_pct",
}
DEFAULT_SORT = "rank"  # by slots per 1,000, best first (unranked regions last)
# Keys whose first click sorts ascending (the others start with the largest figure).
ASCENDING_FIRST = {"rank", "code"}


def is_below_target(row: RegionFigures) -> bool:
    """A region with a target whose completion is below the 时序进度 of its period at its as_of date."""
    return row.target_completion_pct is not None and row.target_completion_pct < expected_progress_pct(
        row.year, row.quarter, row.as_of)


@dataclasses.dataclass
class Dashboard:
    figures: RegionFigures
    region: Region | None  # None for the country
    path: list[tuple[str, str]]  # (code, name) from the user's scope root down to the region
    periods: list[tuple[int, int]]  # (year, quarter) stored for the region, newest first
    previous: RegionFigures | None  # the same period of the previous year
    trend: list[RegionFigures]  # the year rows, oldest first
    children: list[RegionFigures]
    sort: str
    map_name: str | None  # the boundary file of the children, or None (no map below a city)

    @property
    def child_level(self) -> str | None:
        return self.children[0].level if self.children else None

    @property
    def below_target(self) -> list[RegionFigures]:
        return [row for row in self.children if row.below_target]

    @property
    def expected_progress(self) -> Decimal:
        return expected_progress_pct(self.figures.year, self.figures.quarter, self.figures.as_of)

    @property
    def model_rows(self) -> list[dict]:
        shares = self.figures.model_shares
        kinds = self.figures.pilot_kinds
        return [{"key": key, "label": label, **shares[key], "pilots": kinds[key]}
                for key, label in OperatingModel.choices]

    @property
    def unrated(self) -> int:
        """Institutions counted without a star rating (the star table's last row)."""
        return self.figures.institutions - sum(self.figures.star_counts.values())

    @property
    def visit_type_rows(self) -> list[tuple[str, int]]:
        counts = self.figures.visit_types
        return [(label, counts[key]) for key, label in InspectionType.choices]

    @property
    def pilot_level_rows(self) -> list[dict]:
        levels = self.figures.pilot_levels
        return [{"key": key, "label": label, **levels[key]} for key, label in PilotLevel.choices if key in levels]

    def chart_data(self) -> dict:
        """Everything the charts draw (the page shows the same numbers in tables without JavaScript)."""
        def num(value):
            return None if value is None else float(value)

        return {
            "trend": [{"year": row.year, "slots": row.slots, "enrolled": row.enrolled,
                       "per1000": num(row.slots_per_1000)} for row in self.trend],
            "models": [{"label": str(row["label"]), "slots": row["slots"]} for row in self.model_rows],
            "pilots": [{"label": str(row["label"]), "pilots": row["pilots"]["pilots"]} for row in self.model_rows],
            "children": [{"code": row.region_code, "name": row.region_name, "per1000": num(row.slots_per_1000),
                          "slots": row.slots, "completion": num(row.target_completion_pct)}
                         for row in self.children],
            "map": self.map_name,
        }


def _sort_order(sort: str) -> tuple[str, list]:
    key = sort.removeprefix("-")
    if key not in SORT_FIELDS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT.removeprefix("-")
    field = F(SORT_FIELDS[key])
    ordered = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return sort, [ordered, "region_code"]


def _path(user, region: Region | None) -> list[tuple[str, str]]:
    """The breadcrumb: the country (for national users), then each ancestor within the user's scope."""
    scope = user.scope_code or ""
    codes = [] if region is None else [region.code[:n] for n in (2, 4, 6, 9) if n <= len(region.code)]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    path = [(COUNTRY_CODE, str(_("全国")))] if scope == COUNTRY_CODE else []
    path += [(code, names.get(code, code)) for code in codes if code.startswith(scope)]
    return path


def _map_name(region_code: str, level: str) -> str | None:
    if region_code == COUNTRY_CODE:
        return "country"
    if level in (RegionLevel.PROVINCE, RegionLevel.CITY):
        return region_code
    return None


def dashboard_get(*, user, region_code: str, year: int | None, quarter: int = YEAR_QUARTER,
                  sort: str = DEFAULT_SORT) -> Dashboard:
    """The dashboard of a region in the user's scope; 404 out of scope, or when nothing is stored for it.

    `year` None is the latest year stored for the region. Seven queries, whatever the number of children.
    """
    if not user.in_scope(region_code):
        raise Http404(MSG_NO_FIGURES)
    stored = list(RegionFigures.objects.filter(region_code=region_code).order_by("-year", "-quarter")
                  .values_list("year", "quarter"))
    if not stored:
        raise Http404(MSG_NO_FIGURES)
    if year is None:
        year = stored[0][0]
    rows = {(row.year, row.quarter): row for row in figures_queryset().filter(
        region_code=region_code, year__in=[year, year - 1]).filter(quarter__in=[quarter, YEAR_QUARTER])}
    figures = rows.get((year, quarter))
    if figures is None:
        raise Http404(MSG_NO_FIGURES)
    region = None if region_code == COUNTRY_CODE else Region.objects.filter(code=region_code).first()
    trend = list(RegionFigures.objects.filter(region_code=region_code, quarter=YEAR_QUARTER).order_by("year"))
    sort, order = _sort_order(sort)
    children = list(figures_queryset().filter(parent_code=region_code, year=year, quarter=quarter).order_by(*order))
    for row in children:
        row.below_target = is_below_target(row)
    return Dashboard(
        figures=figures, region=region, path=_path(user, region), periods=stored,
        previous=rows.get((year - 1, quarter)), trend=trend, children=children, sort=sort,
        map_name=_map_name(region_code, figures.level),
    )
