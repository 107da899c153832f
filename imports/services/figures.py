"""Importing yearly figures of regions: resident population, children under 3 and annual new-slot (and pilot)
targets (upserts)."""
import dataclasses

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.stored_text import Message
from institutions.changes import region_figures_changed
from regions.models import RegionPopulation, RegionUnder3Population, SlotTarget

from .. import messages as msg
from ..models import ImportKind
from ..values import integer_parser, parse_region_code, year_parser
from .base import WRITE_BATCH, Column, Importer, Prepared, Row, in_batches

YEAR_MIN = 2000
YEARS_AHEAD = 10  # targets and projections may name future years
POPULATION_MAX = 2_000_000_000


@dataclasses.dataclass
class FigurePlan:
    new: list[models.Model] = dataclasses.field(default_factory=list)
    updated: list[models.Model] = dataclasses.field(default_factory=list)


class FigureImporter(Importer):
    """One value per (region, year); `value_field` is the model field and the file's column key. `extra_fields`
    are optional columns: a blank or absent cell keeps what is stored."""

    model: type[models.Model]
    value_field: str
    extra_fields: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = self.build_columns(self.today.year)

    @classmethod
    def build_columns(cls, this_year: int) -> tuple[Column, ...]:
        raise NotImplementedError

    @staticmethod
    def region_and_year(this_year: int) -> tuple[Column, Column]:
        return (
            Column("region_code", "区划代码", True, parse_region_code,
                   _("省（2位）、市（4位）、县（6位）或乡镇街道（9位）区划代码")),
            Column("year", "年份", True, year_parser(minimum=YEAR_MIN, maximum=this_year + YEARS_AHEAD),
                   _("四位年份，如 2025"), aliases=("年度",)),
        )

    def start(self, prepared: Prepared) -> None:
        prepared.plan = FigurePlan()
        self._first_row: dict[tuple[str, int], int] = {}

    def check_chunk(self, rows: list[Row], prepared: Prepared) -> None:
        for row in rows:
            key = (row.values.get("region_code"), row.values.get("year"))
            if None not in key:
                first = self._first_row.setdefault(key, row.number)
                if first != row.number:
                    row.error("year", Message(msg.MSG_DUPLICATE_REGION_YEAR, first=first))
        self.load_regions(row.values["region_code"] for row in rows if row.values.get("region_code"))
        for row in rows:
            if not row.has_error("region_code"):
                self.check_region(row)
        codes = {row.values["region_code"] for row in rows if row.ok}
        existing = {}
        for batch in in_batches(codes):
            existing.update(((item.region_id, item.year), item)
                            for item in self.model.objects.filter(region_id__in=batch))
        plan: FigurePlan = prepared.plan
        for row in rows:
            if not row.ok:
                continue
            region_code, year = row.values["region_code"], row.values["year"]
            wanted = {self.value_field: row.values[self.value_field]}
            wanted.update({field: row.values[field] for field in self.extra_fields
                           if row.values.get(field) is not None})
            item = existing.get((region_code, year))
            if item is None:
                plan.new.append(self.model(region_id=region_code, year=year, **wanted))
                prepared.created += 1
            elif any(getattr(item, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(item, field, value)
                plan.updated.append(item)
                prepared.updated += 1
            else:
                prepared.unchanged += 1

    def write(self, prepared: Prepared) -> None:
        plan: FigurePlan = prepared.plan
        if plan.updated:
            now = timezone.now()
            for item in plan.updated:
                item.updated_at = now  # auto_now is not applied by bulk_update
            self.model.objects.bulk_update(plan.updated, fields=[self.value_field, *self.extra_fields, "updated_at"],
                                           batch_size=WRITE_BATCH)
        if plan.new:
            self.model.objects.bulk_create(plan.new, batch_size=WRITE_BATCH)
        for item in [*plan.new, *plan.updated]:  # recompute the regions' figures after commit
            region_figures_changed(item.region_id, since=item.year)


class PopulationImporter(FigureImporter):
    kind = ImportKind.POPULATION
    model = RegionPopulation
    value_field = "population"

    @classmethod
    def build_columns(cls, this_year: int) -> tuple[Column, ...]:
        return (*cls.region_and_year(this_year),
                Column("population", "常住人口", True,
                       integer_parser(minimum=1, maximum=POPULATION_MAX, below_minimum=msg.MSG_POSITIVE),
                       _("常住人口（人），正整数"),
                       aliases=("常住人口(人)", "常住人口数")))


class Under3PopulationImporter(FigureImporter):
    """Children under 3 resident in a region (the denominator of 入托率), the same format as the population."""

    kind = ImportKind.UNDER3
    model = RegionUnder3Population
    value_field = "under3_population"

    @classmethod
    def build_columns(cls, this_year: int) -> tuple[Column, ...]:
        return (*cls.region_and_year(this_year),
                Column("under3_population", "3岁以下人口", True,
                       integer_parser(minimum=1, maximum=POPULATION_MAX, below_minimum=msg.MSG_POSITIVE),
                       _("3岁以下常住人口（人），正整数"),
                       aliases=("3岁以下常住人口", "3岁以下常住人口(人)", "三岁以下人口", "0-3岁人口")))


class TargetImporter(FigureImporter):
    kind = ImportKind.TARGETS
    model = SlotTarget
    value_field = "new_slots_target"
    extra_fields = ("pilots_target", "pilot_slots_target")

    @classmethod
    def build_columns(cls, this_year: int) -> tuple[Column, ...]:
        return (*cls.region_and_year(this_year),
                Column("new_slots_target", "年度新增托位目标", True, integer_parser(),
                       _("当年新增托位目标数，非负整数"),
                       aliases=("新增托位目标",)),
                Column("pilots_target", "试点机构目标数", False, integer_parser(),
                       _("可选：当年试点机构目标数，非负整数；空则保留原值"), aliases=("试点目标",)),
                Column("pilot_slots_target", "试点托位目标数", False, integer_parser(),
                       _("可选：当年试点托位目标数，非负整数；空则保留原值"), aliases=("试点托位目标",)))
