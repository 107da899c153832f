"""The figures of the rollups (DOMAIN.md §7 and the supervision figures), each declared once.

A declaration says what a figure is called (its stored field and its label), how it is summed and how it is
rated. Everything else is generated from `FIGURES`:

- the flat integer vectors the rollup adds up the region tree (`CAPACITY` and `SUPERVISION` layouts: where
  each sum sits, what a stored row holds, and a stored row's vector back for the country's sum);
- the per-date aggregates of the rollup's SQL (the `measure` a sum adds, for the institutions it keeps);
- the stored RegionFigures columns (`model_fields()`), the rates (`Rate`) and the ranks (`Rank`);
- the API fields (stats.serializers) and the export columns (stats.exports).

`counted_on` is the one definition of "counts on day D", as a Q and as SQL.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.models import IncidentKind
from inspections.models import Grade, InspectionType
from institutions.models import FilingState, OperatingModel, OwnershipType, PilotLevel

from .numbers import ratio

MODELS = list(OperatingModel.values)
OWNERSHIPS = list(OwnershipType.values)
PILOT_LEVELS = [level for level in PilotLevel.values if level != PilotLevel.NONE]
TYPES = list(InspectionType.values)
GRADES = list(Grade.values)
STARS = ["1", "2", "3", "4", "5"]  # as stored (JSON keys)
PCT = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


# --- which institutions count on a day ---------------------------------------------------------------

class counted_on:  # noqa: N801 (read like a function: counted_on.q(date))
    """Institutions that count on day D: filed on or before D and not deregistered on or before it.

    Deregistration on D ends the capacity record on D (its effective_to is exclusive), so on D itself the
    institution no longer counts: the same boundary for the institution and its slots. An institution marked
    deregistered without a date never counts again. The Q, the SQL and the SQL that selects the institutions
    of a span of days say the same (tests/stats/test_figures.py runs them side by side on edge cases).
    """

    @staticmethod
    def q(date: datetime.date, prefix: str = "") -> Q:
        return Q(**{f"{prefix}filed_on__lte": date}) & (
            Q(**{f"{prefix}deregistered_on__gt": date})
            | Q(**{f"{prefix}deregistered_on__isnull": True, f"{prefix}filing_state": FilingState.FILED})
        )

    @staticmethod
    def sql(alias: str = "i") -> str:
        """The condition on the institution table aliased `alias`, with the parameters of `params(date)`."""
        return (f"{alias}.filed_on <= %s AND ({alias}.deregistered_on > %s "
                f"OR ({alias}.deregistered_on IS NULL AND {alias}.filing_state = %s))")

    @staticmethod
    def params(date: datetime.date) -> list:
        return [date, date, FilingState.FILED]

    @staticmethod
    def sql_between(alias: str = "i") -> str:
        """Institutions that may count on some day of [first, last] (what a per-day FILTER then splits)."""
        return (f"{alias}.filing_state IN (%s, %s) AND {alias}.filed_on <= %s "
                f"AND ({alias}.deregistered_on IS NULL OR {alias}.deregistered_on > %s)")

    @staticmethod
    def params_between(first: datetime.date, last: datetime.date) -> list:
        return [FilingState.FILED, FilingState.DEREGISTERED, last, first]


# --- the institutions a group row of the rollup's SQL describes ----------------------------------------

@dataclasses.dataclass(frozen=True)
class Group:
    """Institutions of one region with the same operating model, inclusive flag, pilot level and ownership."""

    operating_model: str
    inclusive: bool
    pilot_level: str
    ownership_type: str = ""

    @property
    def pilot(self) -> bool:
        return self.pilot_level in PILOT_LEVELS


def _pilot(group: Group) -> bool:
    return group.pilot


def _public(group: Group) -> bool:
    """公办 institutions (the 公办比例 and the township coverage count these only; docs/statistics.md)."""
    return group.ownership_type == OwnershipType.PUBLIC


# --- declarations ------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Figure:
    name: str  # the stored field, the API key
    label: object  # lazy, Chinese source text
    help: str = ""  # the API's description
    api: bool = True
    export: bool = True

    def model_field(self) -> models.Field:
        raise NotImplementedError

    def api_field(self):
        from rest_framework import serializers

        return serializers.IntegerField(label=self.label, help_text=self.help or None, allow_null=self.nullable)

    nullable = False


@dataclasses.dataclass(frozen=True)
class Count(Figure):
    """An integer summed over institutions and up the region tree.

    `measure` is the per-date SQL aggregate it adds (stats.rollup.MEASURES) for the groups `where` keeps;
    `per_county` is set on each county-level unit instead ("all": 1, else the name of a sum: 1 when the
    county has some of it); `per_township` likewise on each township (1 when it has some of the named sum);
    supervision counts (none of these) are filled by stats.inspection_figures.
    """

    measure: str | None = None
    where: Callable[[Group], bool] | None = None
    per_county: str | None = None
    per_township: str | None = None
    big: bool = False
    default: int | None = None

    def model_field(self) -> models.Field:
        extra = {} if self.default is None else {"default": self.default}
        return (models.BigIntegerField if self.big else models.PositiveIntegerField)(self.label, **extra)

    width = 1


@dataclasses.dataclass(frozen=True)
class Breakdown(Figure):
    """Sums per key (an operating model, a pilot level, an inspection type, a grade, a star), stored compactly
    (non-zero keys only: {key: n} for one part, {key: [parts...]} for several) and shown in full (`full`, the
    RegionFigures attribute the API reads: every key, parts by name, and `share_pct` of `share_of`)."""

    keys: tuple = ()
    parts: tuple[str, ...] = ("n",)  # the names of the numbers per key
    by: str | None = None  # the Group attribute that picks the key (sums from the rollup's SQL)
    measures: tuple[str, ...] = ()  # with `by`: the measure each part adds (default: the part's name)
    where: Callable[[Group], bool] | None = None
    full: str = ""
    share_of: str | None = None

    @property
    def width(self) -> int:
        return len(self.keys) * len(self.parts)

    @property
    def part_measures(self) -> tuple[str, ...]:
        return self.measures or self.parts

    def model_field(self) -> models.Field:
        return models.JSONField(self.label, default=dict)

    def compact(self, values: list[int]) -> dict:
        if not any(values):
            return {}
        size = len(self.parts)
        if size == 1:
            return {key: value for key, value in zip(self.keys, values, strict=True) if value}
        return {key: values[i * size:i * size + size] for i, key in enumerate(self.keys) if values[i * size]}

    def flat(self, stored: dict) -> list[int]:
        size = len(self.parts)
        if size == 1:
            return [stored.get(key, 0) for key in self.keys]
        return [n for key in self.keys for n in stored.get(key, [0] * size)]

    def expand(self, row) -> dict:
        stored = getattr(row, self.name)
        if len(self.parts) == 1 and not self.share_of:
            return {key: stored.get(key, 0) for key in self.keys}
        full = {}
        for key in self.keys:
            if len(self.parts) == 1:
                entry = {self.parts[0]: stored.get(key, 0)}
            else:
                entry = dict(zip(self.parts, stored.get(key, [0] * len(self.parts)), strict=True))
            if self.share_of:
                entry["share_pct"] = ratio(entry[self.parts[0]], getattr(row, self.share_of))
            full[key] = entry
        return full

    def api_field(self):
        from rest_framework import serializers

        if len(self.parts) == 1 and not self.share_of:
            child = serializers.IntegerField()
        else:
            fields = {part: serializers.IntegerField() for part in self.parts}
            if self.share_of:
                fields["share_pct"] = serializers.DecimalField(
                    max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True,
                    help_text=f"{self.parts[0]} / {self.share_of} × 100, 2 dp")
            name = "".join(word.title() for word in self.name.split("_")) + "Entry"
            child = type(name, (serializers.Serializer,), fields)()
        return serializers.DictField(child=child, source=self.full, label=self.label, help_text=self.help or None)


@dataclasses.dataclass(frozen=True)
class Given(Figure):
    """A value not summed from institutions: the region's population and target (resolved up the tree), the new
    slots (slots less the baseline's) and how many county-level units the population and target cover."""

    big: bool = True
    nullable: bool = False
    default: int | None = None

    def model_field(self) -> models.Field:
        extra = {"null": True, "blank": True} if self.nullable else {}
        if self.default is not None:
            extra["default"] = self.default
        return (models.BigIntegerField if self.big else models.PositiveIntegerField)(self.label, **extra)


@dataclasses.dataclass(frozen=True)
class Rate(Figure):
    """numerator / denominator × scale, rounded half up to 2 places; None without a denominator."""

    numerator: str = ""
    denominator: str = ""
    scale: int = 100

    def model_field(self) -> models.Field:
        return models.DecimalField(self.label, **PCT)

    def api_field(self):
        from rest_framework import serializers

        # A JSON number (not a string); null when the denominator is missing or 0.
        return serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True,
                                        label=self.label, help_text=self.help or None)

    def of(self, values: dict) -> Decimal | None:
        return ratio(values[self.numerator], values[self.denominator], self.scale)


@dataclasses.dataclass(frozen=True)
class Rank(Figure):
    """Competition rank (1, 2, 2, 4) of a rate, descending, among the regions with the same parent."""

    by: str = ""
    nullable = True

    def model_field(self) -> models.Field:
        return models.PositiveIntegerField(self.label, null=True, blank=True)


PILOT_PARTS, PILOT_MEASURES = ("pilots", "slots", "enrolled"), ("count", "slots", "enrolled")
# In the order of the API and the export.
FIGURES: tuple[Figure, ...] = (
    Count("institutions", _("机构数"), measure="count"),
    Count("slots", _("托位数"), measure="slots", big=True),
    Count("enrolled", _("在托人数"), measure="enrolled", big=True),
    Given("population", _("常住人口"), nullable=True),
    Given("population_counties", _("有常住人口数据的县级区划数"), big=False, default=0, api=False, export=False),
    Given("target_counties", _("有新增托位目标的县级区划数"), big=False, default=0, api=False, export=False),
    Rate("slots_per_1000", _("每千人口托位数"), numerator="slots", denominator="population", scale=1000),
    Rate("utilization_pct", _("托位使用率（%）"), numerator="enrolled", denominator="slots"),
    # Inclusive on the day: a recognition in force, else the undated flag (stats.rollup.INCLUSIVE_ON).
    Count("inclusive_slots", _("普惠托位数"), measure="inclusive_slots", big=True),
    Rate("inclusive_share_pct", _("普惠托位占比（%）"), numerator="inclusive_slots", denominator="slots"),
    Breakdown("slots_by_model", _("各办托模式托位"), keys=tuple(MODELS), parts=("slots",), by="operating_model",
              full="model_shares", share_of="slots", help="Per operating model", export=False),
    # Ownership (举办性质, issue 17): 公办比例 = slots of 公办 institutions / all slots; institutions whose ownership is
    # not recorded count in the denominator only. Townships (乡镇街道, from the region table) with a 公办 institution
    # located in them.
    Count("public_institutions", _("公办机构数"), measure="count", where=_public, default=0),
    Count("public_slots", _("公办托位数"), measure="slots", where=_public, big=True, default=0),
    Rate("public_share_pct", _("公办托位占比（%）"), numerator="public_slots", denominator="slots"),
    Breakdown("slots_by_ownership", _("各举办性质托位"), keys=tuple(OWNERSHIPS), parts=("slots",), by="ownership_type",
              full="ownership_shares", share_of="slots", export=False,
              help="Per ownership type; institutions without one are left out (share_pct of all slots)"),
    Given("townships", _("乡镇（街道）数"), big=False, default=0),
    Count("public_townships", _("有公办托育机构的乡镇（街道）数"), per_township="public_institutions", default=0),
    Rate("public_township_coverage_pct", _("公办托育乡镇（街道）覆盖率（%）"), numerator="public_townships",
         denominator="townships"),
    # 入托率 = children enrolled / children under 3 resident (given like the population: a region's own latest figure
    # of a year <= Y, else the sum of its children's).
    Given("under3_population", _("3岁以下常住人口"), nullable=True),
    Given("under3_counties", _("有3岁以下人口数据的县级区划数"), big=False, default=0, api=False, export=False),
    Rate("enrolment_rate_pct", _("入托率（%）"), numerator="enrolled", denominator="under3_population"),
    Count("pilots", _("试点机构数"), measure="count", where=_pilot),
    Count("pilot_slots", _("试点托位数"), measure="slots", where=_pilot, big=True),
    Count("pilot_enrolled", _("试点在托人数"), measure="enrolled", where=_pilot, big=True, export=False),
    Breakdown("pilots_by_level", _("各级试点"), keys=tuple(PILOT_LEVELS), parts=PILOT_PARTS, measures=PILOT_MEASURES,
              by="pilot_level", full="pilot_levels", help="county, city, province", export=False),
    Breakdown("pilots_by_kind", _("各类试点"), keys=tuple(MODELS), parts=PILOT_PARTS, measures=PILOT_MEASURES,
              by="operating_model", where=_pilot, full="pilot_kinds", help="Per operating model", export=False),
    # Dated by the designations in force on the day (docs/programme.md): accepted (验收通过) pilots, demonstration
    # institutions (示范性托育机构).
    Count("accepted_pilots", _("验收通过的试点机构数"), measure="accepted_pilots", default=0),
    Count("demonstrations", _("示范性托育机构数"), measure="demonstrations", default=0),
    # Pilot targets of the year (targets import), given like the new-slot target, and their completion.
    Given("pilots_target", _("试点机构目标数"), nullable=True, big=False),
    Given("pilot_slots_target", _("试点托位目标数"), nullable=True),
    Rate("pilots_target_completion_pct", _("试点机构目标完成率（%）"), numerator="pilots", denominator="pilots_target"),
    Rate("pilot_slots_target_completion_pct", _("试点托位目标完成率（%）"), numerator="pilot_slots",
         denominator="pilot_slots_target"),
    Count("counties", _("县级区划数"), per_county="all", api=False, export=False),
    Count("pilot_counties", _("有试点的县级区划数"), per_county="pilots", api=False, export=False),
    Rate("pilot_county_coverage_pct", _("试点县覆盖率（%）"), numerator="pilot_counties", denominator="counties"),
    Given("new_slots", _("新增托位数")),
    Given("target", _("新增托位目标"), nullable=True),
    Rate("target_completion_pct", _("目标完成率（%）"), numerator="new_slots", denominator="target"),
    Count("staff", _("工作人员数"), measure="staff", api=False, export=False),
    Count("certified_staff", _("持证人员数"), measure="certified", api=False, export=False),
    Rate("certified_staff_pct", _("持证上岗率（%）"), numerator="certified_staff", denominator="staff"),
    Rank("rank", _("每千人口托位数排名"), by="slots_per_1000",
         help="By slots_per_1000 among the siblings (1, 2, 2, 4)"),
    Rank("rank_target", _("目标完成率排名"), by="target_completion_pct",
         help="By target_completion_pct among the siblings"),
    # Supervision (stats/inspection_figures.py): visits in the period, orders and distributions at as_of.
    Count("visits", _("完成检查次数"), default=0, help="Finished inspection visits in the period"),
    Breakdown("visits_by_type", _("各类型检查次数"), keys=tuple(TYPES), full="visit_types",
              help="Per inspection type", export=False),
    Count("inspected_institutions", _("受检机构数"), default=0,
          help="Institutions counted at as_of with a finished visit in the period"),
    Rate("inspected_share_pct", _("受检机构占比（%）"), numerator="inspected_institutions", denominator="institutions"),
    Count("open_orders", _("未完成整改通知数"), default=0,
          help="Rectification orders issued and not accepted at as_of"),
    Count("overdue_orders", _("逾期整改通知数"), default=0, help="Open orders whose deadline is before as_of"),
    Breakdown("grades", _("质量评估等级分布"), keys=tuple(GRADES), full="grade_counts",
              help="Institutions by the grade of their latest quality assessment", export=False),
    Breakdown("stars", _("星级分布"), keys=tuple(STARS), full="star_counts",
              help="Institutions by their star rating (1-5)", export=False),
    # Safety incidents (issue 17, incidents/): those that occurred in the period, per kind, per 1,000 children
    # enrolled at as_of.
    Count("incidents", _("安全事件数"), default=0, help="Safety incidents that occurred in the period"),
    Breakdown("incidents_by_kind", _("各类安全事件数"), keys=tuple(IncidentKind.values), full="incident_kinds",
              help="Per incident kind", export=False),
    Rate("incidents_per_1000", _("每千名在托婴幼儿安全事件数"), numerator="incidents", denominator="enrolled",
         scale=1000),
)
BY_NAME: dict[str, Figure] = {figure.name: figure for figure in FIGURES}
RATES: tuple[Rate, ...] = tuple(f for f in FIGURES if isinstance(f, Rate))
RANKS: tuple[Rank, ...] = tuple(f for f in FIGURES if isinstance(f, Rank))
SUPERVISION_NAMES = ("visits", "visits_by_type", "inspected_institutions", "open_orders", "overdue_orders",
                     "grades", "stars", "incidents", "incidents_by_kind")


def label(name: str):
    return BY_NAME[name].label


def model_fields() -> dict[str, models.Field]:
    """The stored columns of every figure (RegionFigures inherits them)."""
    return {figure.name: figure.model_field() for figure in FIGURES}


def api_fields() -> dict:
    """The API fields of the figures the API shows, in order."""
    return {figure.name: figure.api_field() for figure in FIGURES if figure.api}


# --- vectors: the sums of one region at one date, as one flat list of integers ------------------------

class Layout:
    """Where each sum of `figures` sits in a region's vector (fast to add up the tree), and the way between a
    vector and the stored fields."""

    def __init__(self, figures: Iterable[Count | Breakdown]):
        self.figures = tuple(figures)
        self.offset: dict[str, int] = {}
        width = 0
        for figure in self.figures:
            self.offset[figure.name] = width
            width += figure.width
        self.width = width
        self.counts = tuple((f.name, self.offset[f.name]) for f in self.figures if isinstance(f, Count))
        self.breakdowns = tuple((f, self.offset[f.name], self.offset[f.name] + f.width)
                                for f in self.figures if isinstance(f, Breakdown))
        self.per_county = tuple((self.offset[f.name], None if f.per_county == "all" else self.offset[f.per_county])
                                for f in self.figures if isinstance(f, Count) and f.per_county)
        self.per_township = tuple((self.offset[f.name], self.offset[f.per_township])
                                  for f in self.figures if isinstance(f, Count) and f.per_township)
        self._contributions: dict[tuple, tuple[tuple[int, int], ...]] = {}

    def zeros(self) -> list[int]:
        return [0] * self.width

    def index(self, name: str) -> int:
        return self.offset[name]

    def slot(self, name: str, key, part: int = 0) -> int:
        figure = BY_NAME[name]
        return self.offset[name] + figure.keys.index(key) * len(figure.parts) + part

    def measures(self) -> list[str]:
        """The SQL measures the sums add, in a fixed order (the rollup's per-date columns)."""
        used: list[str] = []
        for figure in self.figures:
            for measure in ([figure.measure] if isinstance(figure, Count) else
                            figure.part_measures if figure.by else []):
                if measure and measure not in used:
                    used.append(measure)
        return used

    def contributions(self, key: tuple, measures: list[str]) -> tuple[tuple[int, int], ...]:
        """(vector index, measure position) of each sum the measures of a group row add to, the group being
        (operating model, inclusive, pilot level, ownership); cached per group."""
        known = self._contributions.get(key)
        if known is not None:
            return known
        group = Group(key[0], bool(key[1]), key[2], key[3] or "")
        pairs = []
        for figure in self.figures:
            if figure.where is not None and not figure.where(group):
                continue
            if isinstance(figure, Count):
                if figure.measure:
                    pairs.append((self.offset[figure.name], measures.index(figure.measure)))
            elif figure.by:
                key = getattr(group, figure.by)
                if key in figure.keys:
                    base = self.offset[figure.name] + figure.keys.index(key) * len(figure.parts)
                    pairs += [(base + j, measures.index(measure)) for j, measure in enumerate(figure.part_measures)]
        known = self._contributions[key] = tuple(pairs)
        return known

    def set_county(self, vector: list[int]) -> None:
        """A county-level unit's own per-county counts (1 county; 1 pilot county when it has a pilot)."""
        for index, of in self.per_county:
            vector[index] = 1 if of is None or vector[of] else 0

    def set_township(self, vector: list[int]) -> None:
        """A township's own per-township counts (1 township with a public institution when it has one)."""
        for index, of in self.per_township:
            vector[index] = 1 if vector[of] else 0

    def stored(self, vector: list[int]) -> dict:
        """The stored fields of the sums (breakdowns compact)."""
        values = {name: vector[offset] for name, offset in self.counts}
        for figure, start, end in self.breakdowns:
            values[figure.name] = figure.compact(vector[start:end])
        return values

    def vector_of(self, row) -> list[int]:
        """The vector behind a stored RegionFigures row (to add the provinces up to the country)."""
        vector = self.zeros()
        for name, offset in self.counts:
            vector[offset] = getattr(row, name)
        for figure, start, end in self.breakdowns:
            vector[start:end] = figure.flat(getattr(row, figure.name))
        return vector


def _sums(names) -> list:
    return [BY_NAME[name] for name in names]


CAPACITY = Layout(f for f in FIGURES if isinstance(f, Count | Breakdown) and f.name not in SUPERVISION_NAMES)
SUPERVISION = Layout(_sums(SUPERVISION_NAMES))


_RATE_TERMS = tuple((rate.name, rate.numerator, rate.denominator, rate.scale) for rate in RATES)


def rates(values: dict) -> dict:
    """Every rate of `values` (a row's stored sums and given values); ~500,000 rates in a national run."""
    return {name: ratio(values[numerator], values[denominator], scale)
            for name, numerator, denominator, scale in _RATE_TERMS}


class Expanded:
    """A breakdown in full on a RegionFigures row (`model_shares = Expanded("slots_by_model")`)."""

    def __init__(self, name: str):
        self.figure = BY_NAME[name]

    def __get__(self, row, owner=None):
        if row is None:
            return self
        return self.figure.expand(row)
