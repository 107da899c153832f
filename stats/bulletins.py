"""The bulletin (通报) of a region for a quarter, a half-year or a year, read from the STORED rollups (never
recomputed here) plus the filings the county reviewers decided in the period, counted in SQL.

A bulletin period maps onto stored rows (docs/statistics.md, "Bulletins and daily progress"): Q1-Q4 the
quarter rows, H1 the Q2 row (30 June), H2 and Y the year row. Its "previous period" is the previous quarter,
H1 for H2, and the end of the previous year for Q1, H1 and Y. The page needs a fixed number of queries
whatever the number of child regions: the region's two rows, its children's rows of both periods, and one
aggregate over the filings.
"""
import dataclasses
import datetime
from decimal import ROUND_CEILING, Decimal

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from core.text import enumeration
from filings.models import Filing, FilingKind, FilingStatus
from incidents.models import Incident, IncidentKind
from programme.subsidies import net_paid_by_region
from regions.models import Region
from regions.scope import code_prefix_q, summed_into

from .extensions import bulletin_extras
from .models import COUNTRY_CODE, YEAR_QUARTER, RegionFigures
from .numbers import ratio
from .periods import expected_progress_pct
from .selectors import MSG_NO_FIGURES, figures_queryset

PERIOD_KEYS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y")
MSG_BAD_PERIOD = gettext_lazy("期间须为 Q1、Q2、Q3、Q4、H1、H2 或 Y")
MSG_PERIOD_NOT_STARTED = (gettext_lazy("{label}尚未开始，没有可通报的数据"))
MSG_NOT_COMPUTED = (gettext_lazy("没有{region}{label}的统计数据。统计数据由系统定时计算；管理员可运行 python manage.py compute_rollups --year {year} 立即计算。"))

PERIOD_LABELS = {
    "Q1": _("%(year)d年第一季度"),
    "Q2": _("%(year)d年第二季度"),
    "Q3": _("%(year)d年第三季度"),
    "Q4": _("%(year)d年第四季度"),
    "H1": _("%(year)d年上半年"),
    "H2": _("%(year)d年下半年"),
    "Y": _("%(year)d年"),
}
# The share of the annual target that should be reached at the end of each period (时序进度).
# The quarter whose end a period shares (0 = the year): the same 时序进度 as the dashboard's.
PERIOD_QUARTER = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "H1": 2, "H2": 0, "Y": 0}


class BulletinUnavailable(Exception):
    """Nothing to report for a period in scope (not started, or not computed); the message is bilingual."""


@dataclasses.dataclass(frozen=True)
class BulletinPeriod:
    key: str  # Q1..Q4, H1, H2, Y
    year: int
    quarter: int  # the stored row that describes the period's end (0 = the year row)
    start: datetime.date  # the days whose filings the bulletin counts
    end: datetime.date
    previous_year: int
    previous_quarter: int

    @property
    def label(self) -> str:
        return PERIOD_LABELS[self.key] % {"year": self.year}

    @property
    def previous_label(self) -> str:
        """The previous period as a reader names it (the end of the previous year is its Q4 / year)."""
        if self.previous_year == self.year:
            key = {1: "Q1", 2: "H1" if self.key == "H2" else "Q2", 3: "Q3"}[self.previous_quarter]
        else:
            key = {"Q1": "Q4", "H1": "H2"}.get(self.key, "Y")
        return PERIOD_LABELS[key] % {"year": self.previous_year}

    @property
    def flows_comparable(self) -> bool:
        """new_slots and the target completion are year to date: a difference with the previous period means
        something within one year (the period's own increase) or between two whole years, not across a
        year end (Q1 against the previous year's total)."""
        return self.previous_year == self.year or self.key == "Y"

    @property
    def ytd_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)


def bulletin_period(key: str, year: int, *, today: datetime.date) -> BulletinPeriod:
    """The period `key` of `year`; BulletinUnavailable when the key is unknown or the period has not started."""
    if key not in PERIOD_KEYS:
        raise BulletinUnavailable(MSG_BAD_PERIOD)
    if key.startswith("Q"):
        quarter = int(key[1])
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = _quarter_end(year, quarter)
        previous = (year - 1, YEAR_QUARTER) if quarter == 1 else (year, quarter - 1)
    elif key == "H1":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        # While the first quarter runs, H1 "today" is what the Q1 row describes (Q2 has no row yet).
        quarter = 2 if today >= datetime.date(year, 4, 1) else 1
        previous = (year - 1, YEAR_QUARTER)
    elif key == "H2":
        quarter, start, end = YEAR_QUARTER, datetime.date(year, 7, 1), datetime.date(year, 12, 31)
        previous = (year, 2)
    else:
        quarter, start, end = YEAR_QUARTER, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        previous = (year - 1, YEAR_QUARTER)
    if start > today:
        label = PERIOD_LABELS[key] % {"year": year}
        raise BulletinUnavailable(MSG_PERIOD_NOT_STARTED.format(label=label, key=key, year=year))
    return BulletinPeriod(key, year, quarter, start, end, *previous)


def _quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def expected_progress(period: BulletinPeriod, as_of: datetime.date) -> Decimal:
    """时序进度: the share (%) of the annual target due by `as_of`. A finished period uses the round share of
    its end (25, 50, 75, 100); a running one the days elapsed in the year (the figures describe today)."""
    return expected_progress_pct(period.year, PERIOD_QUARTER[period.key], as_of)


# --- the bulletin -------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    current: int | Decimal | None
    previous: int | Decimal | None
    change: int | Decimal | None  # current − previous; None when either is missing or not comparable
    change_unit: str
    comparable: bool = True


# (field, label, unit, unit of the change, flow: year to date)
METRICS = (
    ("institutions", _("备案托育机构数"), _("个"), _("个"), False),
    ("slots", _("托位数"), _("个"), _("个"), False),
    ("enrolled", _("在托婴幼儿数"), _("人"), _("人"), False),
    ("slots_per_1000", _("每千人口拥有3岁以下婴幼儿托位数"), _("个"), _("个"), False),
    ("utilization_pct", _("托位使用率"), "%", _("个百分点"), False),
    ("inclusive_slots", _("普惠托位数"), _("个"), _("个"), False),
    ("inclusive_share_pct", _("普惠托位占比"), "%", _("个百分点"), False),
    ("pilots", _("试点机构数"), _("个"), _("个"), False),
    ("certified_staff_pct", _("持证上岗率"), "%", _("个百分点"), False),
    ("enrolment_rate_pct", _("入托率（在托婴幼儿占3岁以下常住人口比例）"), "%", _("个百分点"), False),
    ("public_share_pct", _("公办托位占比"), "%", _("个百分点"), False),
    ("new_slots", _("年内新增托位数（年初至期末）"), _("个"), _("个"), True),
    ("target_completion_pct", _("年度目标完成率"), "%", _("个百分点"), True),
)


def _difference(current, previous):
    if current is None or previous is None:
        return None
    return current - previous


def _metrics(figures: RegionFigures, previous: RegionFigures | None, period: BulletinPeriod) -> list[Metric]:
    metrics = []
    for field, label, unit, change_unit, flow in METRICS:
        current = getattr(figures, field)
        before = getattr(previous, field) if previous is not None else None
        comparable = period.flows_comparable or not flow
        metrics.append(Metric(field, str(label), str(unit), current, before,
                              _difference(current, before) if comparable else None, str(change_unit), comparable))
    return metrics


@dataclasses.dataclass(frozen=True)
class TargetProgress:
    """A region's new slots against its annual target at the period's end."""

    new_slots: int
    target: int | None
    completion_pct: Decimal | None
    expected_pct: Decimal
    # completion − expected (percentage points); slots still missing to reach the expected share.
    gap_pct: Decimal | None
    slots_short: int | None

    @property
    def has_target(self) -> bool:
        return self.completion_pct is not None

    @property
    def below(self) -> bool:
        return self.completion_pct is not None and self.completion_pct < self.expected_pct


def target_progress(figures: RegionFigures, expected_pct: Decimal) -> TargetProgress:
    completion = figures.target_completion_pct
    gap = short = None
    if completion is not None and figures.target:
        gap = completion - expected_pct
        due = (Decimal(figures.target) * expected_pct / 100).to_integral_value(rounding=ROUND_CEILING)
        short = max(int(due) - figures.new_slots, 0)
    return TargetProgress(figures.new_slots, figures.target, completion, expected_pct, gap, short)


@dataclasses.dataclass(frozen=True)
class ChildRow:
    figures: RegionFigures
    previous: RegionFigures | None
    slots_per_1000_change: Decimal | None
    rank_change: int | None  # positive: moved up that many places since the previous period
    target: TargetProgress


@dataclasses.dataclass(frozen=True)
class FilingCounts:
    """Approved filings decided in the period (and from 1 January to the period's end)."""

    new: int
    change: int
    deregister: int
    new_ytd: int
    change_ytd: int
    deregister_ytd: int

    @property
    def total(self) -> int:
        return self.new + self.change + self.deregister

    @property
    def total_ytd(self) -> int:
        return self.new_ytd + self.change_ytd + self.deregister_ytd


@dataclasses.dataclass(frozen=True)
class SafetyRow:
    """A region's line of the monthly-reporting and safety table: the reports owed and sent in the period (None
    without the monthly app), the incidents that occurred in it by kind, and per 1,000 children enrolled at its end."""

    figures: RegionFigures
    reporting: dict | None
    incidents: dict[str, int]  # {kind: n, "total": n}

    @property
    def incidents_per_1000(self) -> Decimal | None:
        return ratio(self.incidents["total"], self.figures.enrolled, scale=1000)

    @property
    def kinds_text(self) -> str:
        """The kinds that occurred with their counts, in the kinds' order, as running text of the active language
        ("意外伤害1起、火灾1起" / "Accidental injury: 1, Fire: 1"); empty when none occurred."""
        return enumeration([gettext("%(label)s%(n)s起") % {"label": label, "n": self.incidents[kind]}
                            for kind, label in IncidentKind.choices if self.incidents[kind]])


@dataclasses.dataclass(frozen=True)
class Bulletin:
    period: BulletinPeriod
    figures: RegionFigures
    previous: RegionFigures | None
    metrics: list[Metric]
    target: TargetProgress
    children: list[ChildRow]  # the ranking: by rank, unranked (no population) last
    below_target: list[ChildRow]  # completion < expected progress, lowest first
    without_target: list[ChildRow]  # no target (or 0): completion undefined
    filings: FilingCounts
    generated_on: datetime.date
    # Subsidies paid by the period's end less those clawed back, by child region (issue 16: pilots and subsidies).
    subsidies_paid: dict[str, int] = dataclasses.field(default_factory=dict)
    # Safety incidents in the period's days up to its figures' day, by child region and the region (issue 17).
    incidents: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    # What apps above stats add (stats.extensions): "reporting", the monthly reports owed and sent in the period.
    extras: dict = dataclasses.field(default_factory=dict)

    @property
    def safety_rows(self) -> list[SafetyRow]:
        """The children's rows in the ranking's order, then the region's."""
        reporting = (self.extras.get("reporting") or {}).get("rows")
        return [SafetyRow(f, reporting.get(f.region_code) if reporting is not None else None,
                          self.incidents.get(f.region_code) or _no_incidents())
                for f in [*(child.figures for child in self.children), self.figures]]

    @property
    def reporting_months(self) -> list[datetime.date] | None:
        reporting = self.extras.get("reporting")
        return None if reporting is None else reporting["months"]

    @property
    def programme_rows(self) -> list[tuple]:
        """(figures, net subsidies paid) of the region's children, in the ranking's order, then of the region."""
        rows = [(child.figures, self.subsidies_paid.get(child.figures.region_code, 0)) for child in self.children]
        return [*rows, (self.figures, sum(self.subsidies_paid.values()))]

    @property
    def region_code(self) -> str:
        return self.figures.region_code

    @property
    def region_name(self) -> str:
        return self.figures.region_name

    @property
    def changes(self) -> dict:
        """{metric key: change against the previous period} (None where undefined or not comparable)."""
        return {metric.key: metric.change for metric in self.metrics}

    @property
    def shows_ytd_filings(self) -> bool:
        return self.period.start != self.period.ytd_start


def _day_start(day: datetime.date) -> datetime.datetime:
    """00:00 of `day` in the portal's time zone (Asia/Shanghai), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filing_counts(*, user, region_code: str, period: BulletinPeriod) -> FilingCounts:
    """Approved new, change and deregistration filings of the region decided in the period (by decided_at, the
    day the county approved; local dates), and since 1 January: one aggregate query."""
    after = _day_start(period.end + datetime.timedelta(days=1))
    in_period = Q(decided_at__gte=_day_start(period.start))
    filings = Filing.objects.visible_to(user).filter(
        status=FilingStatus.APPROVED, decided_at__gte=_day_start(period.ytd_start), decided_at__lt=after)
    if region_code != COUNTRY_CODE:
        filings = filings.filter(county__code__startswith=region_code)
    counts = filings.aggregate(**{
        f"{kind}{suffix}": Count("pk", filter=Q(kind=kind) & extra)
        for kind in FilingKind.values for suffix, extra in (("", in_period), ("_ytd", Q()))})
    return FilingCounts(**counts)


def _no_incidents() -> dict[str, int]:
    return dict.fromkeys([*IncidentKind.values, "total"], 0)


def incident_counts(*, region_code: str, child_codes: list[str], start: datetime.date,
                    end: datetime.date) -> dict[str, dict[str, int]]:
    """{region or child region code: {kind: n, "total": n}} of the incidents that occurred from `start` to `end`
    (local days) in the region's institutions: one query grouped by institution region and kind, summed up by code
    prefix (a loop over regions, not incidents)."""
    incidents = Incident.objects.filter(occurred_at__gte=_day_start(start),
                                        occurred_at__lt=_day_start(end + datetime.timedelta(days=1)))
    if region_code != COUNTRY_CODE:
        incidents = incidents.filter(code_prefix_q("institution__region_id", region_code))
    counts = {code: _no_incidents() for code in [*child_codes, region_code]}
    for row in incidents.values("institution__region_id", "kind").annotate(n=Count("pk")).order_by():
        for target in summed_into(row["institution__region_id"], region_code, child_codes):
            if target in counts:
                kind = row["kind"] if row["kind"] in counts[target] else IncidentKind.OTHER  # a retired kind
                counts[target][kind] += row["n"]
                counts[target]["total"] += row["n"]
    return counts


def _rank_key(row: ChildRow):
    return (row.figures.rank is None, row.figures.rank or 0, row.figures.region_code)


def bulletin_get(*, user, region_code: str, year: int, period_key: str,
                 today: datetime.date | None = None) -> Bulletin:
    """The bulletin of a region in the user's scope. Http404 outside the scope (like the statistics API);
    BulletinUnavailable when the period has not started or its figures are not stored."""
    if not user.is_authenticated or not user.in_scope(region_code):
        raise Http404(MSG_NO_FIGURES)
    today = today or timezone.localdate()
    period = bulletin_period(period_key, year, today=today)
    current_period = Q(year=period.year, quarter=period.quarter)
    previous_period = Q(year=period.previous_year, quarter=period.previous_quarter)

    rows = {(row.year, row.quarter): row for row in figures_queryset().filter(
        Q(region_code=region_code) & (current_period | previous_period))}
    figures = rows.get((period.year, period.quarter))
    if figures is None:
        raise BulletinUnavailable(MSG_NOT_COMPUTED.format(
            region=figures_region_name(region_code), label=period.label, year=year, key=period_key,
            region_code=region_code or "the country"))
    previous = rows.get((period.previous_year, period.previous_quarter))
    expected = expected_progress(period, figures.as_of)

    current_children, previous_children = [], {}
    for row in figures_queryset().filter(Q(parent_code=region_code) & (current_period | previous_period)):
        if (row.year, row.quarter) == (period.year, period.quarter):
            current_children.append(row)
        else:
            previous_children[row.region_code] = row
    children = []
    for row in current_children:
        before = previous_children.get(row.region_code)
        rank_change = None
        if before is not None and before.rank is not None and row.rank is not None:
            rank_change = before.rank - row.rank
        children.append(ChildRow(row, before, _difference(row.slots_per_1000, before and before.slots_per_1000),
                                 rank_change, target_progress(row, expected)))
    children.sort(key=_rank_key)
    below = sorted((c for c in children if c.target.below),
                   key=lambda c: (c.target.completion_pct, c.figures.region_code))
    child_codes = [child.figures.region_code for child in children]
    # Incidents of the period's own days up to the day its figures describe (the stored quarter and year rows count
    # the same); monthly reports of the months ended in the period whose due day has passed.
    last_day = min(period.end, figures.as_of)
    return Bulletin(
        period=period, figures=figures, previous=previous, metrics=_metrics(figures, previous, period),
        target=target_progress(figures, expected), children=children, below_target=below,
        without_target=[c for c in children if not c.target.has_target],
        filings=filing_counts(user=user, region_code=region_code, period=period), generated_on=today,
        subsidies_paid=net_paid_by_region(region_code=region_code, as_of=figures.as_of),
        incidents=incident_counts(region_code=region_code, child_codes=child_codes, start=period.start, end=last_day),
        extras=bulletin_extras(region_code, child_codes, period.start, last_day, today))


def figures_region_name(region_code: str) -> str:
    """For the message of a missing row only (the page shows the stored row's name)."""
    if region_code == COUNTRY_CODE:
        return "全国"
    return Region.objects.filter(code=region_code).values_list("name", flat=True).first() or region_code
