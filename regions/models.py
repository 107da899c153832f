"""Administrative divisions (GB/T 2260 codes, as strings) and their yearly population and targets."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabelsMixin


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇街道")


# Code length of each level: 省 2, 市 4, 县 6, 乡镇 9.
CODE_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTH.items()}


class RegionQuerySet(models.QuerySet):
    def in_scope(self, code: str | None):
        """Regions whose code starts with `code` (the whole country when code is empty/None)."""
        if not code:
            return self
        return self.filter(code__startswith=code)


class Region(ChoiceLabelsMixin, models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def contains(self, code: str) -> bool:
        return code.startswith(self.code)

    @property
    def county_code(self) -> str | None:
        return self.code[:6] if len(self.code) >= 6 else None


class RegionPopulation(models.Model):
    """Resident population (常住人口) of a region for a year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="populations",
                               verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("年份"))
    population = models.PositiveBigIntegerField(_("常住人口"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="uniq_population_region_year")]
        ordering = ["region_id", "year"]
        verbose_name = _("常住人口")
        verbose_name_plural = _("常住人口")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.population}"


class RegionUnder3Population(models.Model):
    """Resident children under 3 (3岁以下常住人口) of a region for a year: the denominator of 入托率."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="under3_populations",
                               verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("年份"))
    under3_population = models.PositiveBigIntegerField(_("3岁以下常住人口"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="uniq_under3_region_year")]
        ordering = ["region_id", "year"]
        verbose_name = _("3岁以下常住人口")
        verbose_name_plural = _("3岁以下常住人口")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.under3_population}"


class SlotTarget(models.Model):
    """Annual target of new slots (年度新增托位目标) for a region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="slot_targets",
                               verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("年份"))
    new_slots_target = models.PositiveIntegerField(_("年度新增托位目标"))
    # Pilot targets of the year (issue 16 point 2): optional columns of the targets import.
    pilots_target = models.PositiveIntegerField(_("试点机构目标数"), null=True, blank=True)
    pilot_slots_target = models.PositiveIntegerField(_("试点托位目标数"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="uniq_target_region_year")]
        ordering = ["region_id", "year"]
        verbose_name = _("新增托位目标")
        verbose_name_plural = _("新增托位目标")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.new_slots_target}"
