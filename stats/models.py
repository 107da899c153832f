"""Stored rollups: the figures of DOMAIN.md §7 per region and period, and the rows that coordinate their runs."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inspections.models import InspectionType
from institutions.models import OperatingModel, PilotLevel

from .numbers import ratio

# The whole country has no Region row: its figures are stored under this code.
COUNTRY_CODE = ""
COUNTRY_LEVEL = "country"
# Quarter 0 is the year itself (the state at its end); 1-4 the quarter ends.
YEAR_QUARTER = 0
PCT = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class RegionFigures(models.Model):
    """One region (or the country) in one period, as computed by stats.services (never edited by hand).

    Every rate is a Decimal rounded half up to 2 places, NULL when its denominator is missing or zero.
    The raw counts behind the rates (staff, counties...) are stored too, so that a parent can be summed
    from its children's rows. The breakdowns are stored compactly, with non-zero entries only:
    `slots_by_model` {model: slots}, `pilots_by_level`/`pilots_by_kind` {key: [pilots, slots, enrolled]};
    `model_shares`, `pilot_levels` and `pilot_kinds` give them in full, as the API shows them.
    """

    region_code = models.CharField(_("区划代码"), max_length=12)  # "" = the whole country
    # "" is the country's code (the provinces' parent), so the country's own missing parent is NULL.
    parent_code = models.CharField(_("上级区划代码"), max_length=12, null=True, blank=True)  # noqa: DJ001
    level = models.CharField(_("层级"), max_length=10)
    year = models.PositiveSmallIntegerField(_("年份"))
    quarter = models.PositiveSmallIntegerField(_("季度"), default=YEAR_QUARTER)
    as_of = models.DateField(_("统计截止日期"))

    institutions = models.PositiveIntegerField(_("机构数"))
    slots = models.BigIntegerField(_("托位数"))
    enrolled = models.BigIntegerField(_("在托人数"))
    population = models.BigIntegerField(_("常住人口"), null=True, blank=True)
    # How much of the region the population and the target describe (issue 13): county-level units whose population
    # (target) is known, its own or an ancestor's up to this region. Below `counties`, the region's population is
    # the sum of the known parts only, and its 每千人口托位数 says more than the region has: pages say so.
    population_counties = models.PositiveIntegerField(_("有常住人口数据的县级区划数"), default=0)
    target_counties = models.PositiveIntegerField(_("有新增托位目标的县级区划数"), default=0)
    slots_per_1000 = models.DecimalField(_("每千人口托位数"), **PCT)
    utilization_pct = models.DecimalField(_("托位使用率（%）"), **PCT)
    inclusive_slots = models.BigIntegerField(_("普惠托位数"))
    inclusive_share_pct = models.DecimalField(_("普惠托位占比（%）"), **PCT)
    slots_by_model = models.JSONField(_("各办托模式托位"), default=dict)
    pilots = models.PositiveIntegerField(_("试点机构数"))
    pilot_slots = models.BigIntegerField(_("试点托位数"))
    pilot_enrolled = models.BigIntegerField(_("试点在托人数"))
    pilots_by_level = models.JSONField(_("各级试点"), default=dict)
    pilots_by_kind = models.JSONField(_("各类试点"), default=dict)
    counties = models.PositiveIntegerField(_("县级区划数"))
    pilot_counties = models.PositiveIntegerField(_("有试点的县级区划数"))
    pilot_county_coverage_pct = models.DecimalField(_("试点县覆盖率（%）"), **PCT)
    new_slots = models.BigIntegerField(_("新增托位数"))
    target = models.BigIntegerField(_("新增托位目标"), null=True, blank=True)
    target_completion_pct = models.DecimalField(_("目标完成率（%）"), **PCT)
    staff = models.PositiveIntegerField(_("工作人员数"))
    certified_staff = models.PositiveIntegerField(_("持证人员数"))
    certified_staff_pct = models.DecimalField(_("持证上岗率（%）"), **PCT)
    rank = models.PositiveIntegerField(_("每千人口托位数排名"), null=True, blank=True)
    rank_target = models.PositiveIntegerField(_("目标完成率排名"), null=True, blank=True)
    # Supervision (stats/inspection_figures.py): visits in the period, orders and distributions at as_of.
    visits = models.PositiveIntegerField(_("检查次数"), default=0)
    visits_by_type = models.JSONField(_("各类型检查次数"), default=dict)
    inspected_institutions = models.PositiveIntegerField(_("受检机构数"), default=0)
    inspected_share_pct = models.DecimalField(_("受检机构占比（%）"), **PCT)
    open_orders = models.PositiveIntegerField(_("未完成整改通知数"), default=0)
    overdue_orders = models.PositiveIntegerField(_("逾期整改通知数"), default=0)
    grades = models.JSONField(_("质量评估等级分布"), default=dict)
    stars = models.JSONField(_("星级分布"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        ordering = ["year", "quarter", "region_code"]
        verbose_name = _("统计数据")
        verbose_name_plural = _("统计数据")
        constraints = [
            models.UniqueConstraint(fields=["region_code", "year", "quarter"], name="uniq_figures_region_period"),
            models.CheckConstraint(condition=models.Q(quarter__lte=4), name="figures_quarter_0_4"),
        ]
        # The unique constraint serves one region's rows; this index a period's rows (children, a run's
        # replacement). Few indexes: a national run rewrites tens of thousands of rows.
        indexes = [models.Index(fields=["year", "quarter", "parent_code"], name="figures_period_parent")]

    def __str__(self) -> str:
        period = f"{self.year}" if self.quarter == YEAR_QUARTER else f"{self.year}Q{self.quarter}"
        return f"{self.region_code or '全国'} {period}"

    @property
    def population_partial(self) -> bool:
        """A population that covers only part of the region's county-level units."""
        return self.population is not None and self.population_counties < self.counties

    @property
    def target_partial(self) -> bool:
        return self.target is not None and self.target_counties < self.counties

    @property
    def model_shares(self) -> dict[str, dict]:
        """Every operating model: {slots, share_pct} (share of all slots, None when there are none)."""
        return {model: {"slots": (slots := self.slots_by_model.get(model, 0)), "share_pct": ratio(slots, self.slots)}
                for model in OperatingModel.values}

    @property
    def visit_types(self) -> dict[str, int]:
        """Finished visits in the period per inspection type, every type listed."""
        return {kind: self.visits_by_type.get(kind, 0) for kind in InspectionType.values}

    @property
    def grade_counts(self) -> dict[str, int]:
        return {grade: self.grades.get(grade, 0) for grade in ("A", "B", "C", "D")}

    @property
    def star_counts(self) -> dict[str, int]:
        return {str(star): self.stars.get(str(star), 0) for star in range(1, 6)}

    @property
    def pilot_levels(self) -> dict[str, dict]:
        return _expand(self.pilots_by_level, PILOT_LEVELS)

    @property
    def pilot_kinds(self) -> dict[str, dict]:
        return _expand(self.pilots_by_kind, OperatingModel.values)


PILOT_LEVELS = [level for level in PilotLevel.values if level != PilotLevel.NONE]


def _expand(stored: dict, keys: list[str]) -> dict[str, dict]:
    return {key: dict(zip(("pilots", "slots", "enrolled"), stored.get(key, (0, 0, 0)), strict=True)) for key in keys}


class RollupLock(models.Model):
    """One row per (scope, year), locked (SELECT ... FOR UPDATE) while a run replaces that scope's rows.

    Scopes are province codes and "" for the country row; a run locks provinces in code order and the
    country last, so concurrent runs queue instead of deadlocking or overwriting newer figures.
    """

    scope = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="uniq_rollup_lock")]

    def __str__(self) -> str:
        return f"{self.scope or '全国'} {self.year}"


class NationalRun(models.Model):
    """The latest national recompute of a year (stats.tasks.recompute_all): complete once the country row has
    been written after it was asked for. A run a killed worker left incomplete is finished by the watchdog
    (stats.tasks.finish_incomplete_runs), which re-queues the provinces not computed since."""

    year = models.PositiveSmallIntegerField(unique=True)
    requested_at = models.DateTimeField()
    retried_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.year} {'done' if self.completed_at else 'running'}"


class PendingRecompute(models.Model):
    """A debounced recompute that is queued and has not started: at most one per region code.

    Changes that find the row only lower `since_year`; the task deletes the row before computing, so a
    change made while it computes queues the next run.
    """

    region_code = models.CharField(max_length=12, unique=True)
    since_year = models.PositiveSmallIntegerField()
    requested_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.region_code} ≥{self.since_year}"


class ProgressMailSubscription(models.Model):
    """An admin who asked for the daily progress e-mail (stats.tasks.send_daily_progress, every morning).

    `last_sent_for` is the last day whose summary was mailed: the task claims a subscription for a day by
    moving it forward in one conditional UPDATE, so a re-run (or a second beat) mails nobody twice.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="progress_mail_subscription")
    created_at = models.DateTimeField(_("订阅时间"), auto_now_add=True)
    last_sent_for = models.DateField(_("最近发送的日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("每日进展邮件订阅")
        verbose_name_plural = _("每日进展邮件订阅")

    def __str__(self) -> str:
        return f"{self.user_id} daily progress"
