"""Stored rollups: the figures of DOMAIN.md §7 per region and period, and the rows that coordinate their runs."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import figures

# The whole country has no Region row: its figures are stored under this code.
COUNTRY_CODE = ""
COUNTRY_LEVEL = "country"
# Quarter 0 is the year itself (the state at its end); 1-4 the quarter ends.
YEAR_QUARTER = 0
PILOT_LEVELS = figures.PILOT_LEVELS

# One column per figure declared in stats/figures.py (its name, label and type come from there).
FigureColumns = type("FigureColumns", (models.Model,), {
    "__module__": __name__, "Meta": type("Meta", (), {"abstract": True}), **figures.model_fields()})


class RegionFigures(FigureColumns):
    """One region (or the country) in one period, as computed by stats.services (never edited by hand).

    The figures' columns come from their declarations (stats/figures.py). Every rate is a Decimal rounded half
    up to 2 places, NULL when its denominator is missing or zero. The raw counts behind the rates (staff,
    counties...) are stored too, so that a parent can be summed from its children's rows. The breakdowns are
    stored compactly, with non-zero entries only: `slots_by_model` {model: slots},
    `pilots_by_level`/`pilots_by_kind` {key: [pilots, slots, enrolled]}; `model_shares`, `pilot_levels`,
    `pilot_kinds`, `visit_types`, `grade_counts` and `star_counts` give them in full, as the API shows them.

    `population_counties`/`target_counties` (issue 13) say how much of the region the population and the target
    describe: county-level units whose population (target) is known, its own or an ancestor's up to this
    region. Below `counties`, the region's population is the sum of the known parts only, and its 每千人口托位数
    says more than the region has: pages say so.
    """

    region_code = models.CharField(_("区划代码"), max_length=12)  # "" = the whole country
    # "" is the country's code (the provinces' parent), so the country's own missing parent is NULL.
    parent_code = models.CharField(_("上级区划代码"), max_length=12, null=True, blank=True)  # noqa: DJ001
    level = models.CharField(_("层级"), max_length=10)
    year = models.PositiveSmallIntegerField(_("年份"))
    quarter = models.PositiveSmallIntegerField(_("季度"), default=YEAR_QUARTER)
    as_of = models.DateField(_("统计截止日期"))
    computed_at = models.DateTimeField(_("计算时间"))

    model_shares = figures.Expanded("slots_by_model")
    ownership_shares = figures.Expanded("slots_by_ownership")
    pilot_levels = figures.Expanded("pilots_by_level")
    pilot_kinds = figures.Expanded("pilots_by_kind")
    visit_types = figures.Expanded("visits_by_type")
    grade_counts = figures.Expanded("grades")
    star_counts = figures.Expanded("stars")
    incident_kinds = figures.Expanded("incidents_by_kind")

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
    def under3_partial(self) -> bool:
        """An under-3 population that covers only part of the region's county-level units."""
        return self.under3_population is not None and self.under3_counties < self.counties

    @property
    def target_partial(self) -> bool:
        return self.target is not None and self.target_counties < self.counties


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
