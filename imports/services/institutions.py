"""Importing institutions: filed (or deregistered) nurseries with their capacity history.

Semantics (docs/imports.md):
- a row is a filed institution: filing_state `filed` (or `deregistered` with a deregistration date),
  `filed_on` from the file, and a capacity record from `filed_on` until `deregistered_on`;
- rows are matched on the credit code; for an existing institution the facts are updated and, when
  slots/enrolled differ from its latest capacity record, that record is closed on the import date
  and a new one appended (a record that already starts on the import date is corrected instead);
- an empty optional cell (address, phone, star rating, deregistration date) keeps what the portal has.
"""
import dataclasses
import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.stored_text import Message
from institutions.changes import institutions_figures_changed
from institutions.models import (
    CapacityRecord,
    FilingState,
    InclusiveRecognition,
    Institution,
    Nature,
    OperatingModel,
    OwnershipType,
    PilotLevel,
    StarRatingChange,
    StarRatingDirection,
)

from .. import messages as msg
from ..models import ImportKind
from ..values import (
    choice_parser,
    code_text_parser,
    integer_parser,
    parse_boolean,
    parse_credit_code,
    parse_institution_region_code,
    parse_programme_date,
    parse_star_rating,
    text_parser,
)
from .base import WRITE_BATCH, Column, Importer, Prepared, Row, in_batches

CAPACITY_SOURCE = "import"
# The reason recorded in the star-rating history for a rating set by an import file.
# Recorded as the reason of a star-rating change (data, in the portal's working language).
STAR_IMPORT_REASON = "数据导入"

# Codes and the Chinese labels of DOMAIN.md §4; the first label is the one shown in messages.
OPERATING_MODEL_LABELS = {
    OperatingModel.BRAND_CHAIN: ("品牌连锁",),
    OperatingModel.COMMUNITY: ("社区公办民营/民办公助", "社区公办民营", "民办公助", "社区公办民营、民办公助"),
    OperatingModel.KINDERGARTEN: ("幼儿园托班", "托幼一体", "幼儿园托班(托幼一体)", "幼儿园托班/托幼一体"),
    OperatingModel.EMPLOYER: ("单位福利性", "用人单位办托", "单位福利性(用人单位办托)"),
    OperatingModel.MEDICAL: ("医育结合", "医疗机构办托", "医育结合(医疗机构办托)"),
    OperatingModel.INDEPENDENT: ("社会力量独立举办",),
    OperatingModel.FAMILY: ("家庭托育点",),
}
NATURE_LABELS = {
    Nature.FOR_PROFIT: ("营利性", "营利"),
    Nature.NON_PROFIT: ("非营利性", "非营利"),
}
PILOT_LEVEL_LABELS = {
    PilotLevel.NONE: ("无", "否", "非试点"),
    PilotLevel.COUNTY: ("县级", "县级试点"),
    PilotLevel.CITY: ("市级", "市级试点"),
    PilotLevel.PROVINCE: ("省级", "省级试点"),
}
FILING_STATE_LABELS = {
    FilingState.NOT_FILED: "未备案", FilingState.FILED: "已备案", FilingState.DEREGISTERED: "已注销",
}
IMPORTABLE_STATES = {FilingState.FILED, FilingState.DEREGISTERED}
# Optional columns whose empty cell keeps the portal's value.
KEEP_WHEN_EMPTY = ("address", "phone", "star_rating", "ownership_type")
OWNERSHIP_LABELS = {
    OwnershipType.PUBLIC: ("公办",),
    OwnershipType.PUBLIC_BUILT: ("公建民营",),
    OwnershipType.PRIVATE_AIDED: ("民办公助",),
    OwnershipType.PRIVATE: ("民办",),
    OwnershipType.EMPLOYER: ("单位自办", "单位办"),
}


def shown_choices(labels: dict) -> str:
    return "、".join(f"{names[0]}({code})" for code, names in labels.items())


def _choice(labels: dict):
    return choice_parser(labels, lambda: shown_choices(labels))


COLUMNS = (
    Column("credit_code", "统一社会信用代码", True, parse_credit_code,
           _("18位统一社会信用代码")),
    Column("name", "机构名称", True, text_parser(128), _("机构全称")),
    Column("region_code", "区划代码", True, parse_institution_region_code,
           _("所在县级（6位）或乡镇街道（9位）区划代码")),
    Column("operating_model", "办托模式", True, _choice(OPERATING_MODEL_LABELS),
           _("办托模式代码或中文名称")),
    Column("nature", "性质", True, _choice(NATURE_LABELS),
           _("营利性 for_profit / 非营利性 non_profit"), aliases=("机构性质",)),
    Column("inclusive", "普惠", True, parse_boolean, _("是/否、true/false 或 1/0"),
           aliases=("是否普惠",)),
    Column("pilot_level", "试点级别", True, _choice(PILOT_LEVEL_LABELS),
           _("无 none、县级 county、市级 city、省级 province")),
    Column("slots", "托位数", True, integer_parser(), _("非负整数")),
    Column("enrolled", "在托人数", True, integer_parser(),
           _("非负整数，不超过托位数")),
    Column("filed_on", "备案日期", True, parse_programme_date,
           _("如 2022-06-30、2022/6/30 或 Excel 日期")),
    Column("address", "地址", False, text_parser(255), _("可选"), aliases=("机构地址",)),
    Column("phone", "电话", False, code_text_parser(32), _("可选"), aliases=("机构电话", "联系电话")),
    Column("star_rating", "星级", False, parse_star_rating, _("可选，1–5")),
    Column("deregistered_on", "注销日期", False, parse_programme_date,
           _("可选；填写则为已注销机构，不早于备案日期")),
    Column("ownership_type", "举办性质", False, _choice(OWNERSHIP_LABELS),
           _("可选：公办 public、公建民营 public_built、民办公助 private_aided、民办 private、单位自办 employer；"
             "空则保留原值"), aliases=("公办民办",)),
)


@dataclasses.dataclass
class InstitutionPlan:
    new: list[Institution] = dataclasses.field(default_factory=list)
    # Capacity records of new institutions, by position in `new` (their ids are not known yet).
    new_capacity: list[tuple[int, CapacityRecord]] = dataclasses.field(default_factory=list)
    updated: list[Institution] = dataclasses.field(default_factory=list)
    update_fields: set[str] = dataclasses.field(default_factory=set)
    records_new: list[CapacityRecord] = dataclasses.field(default_factory=list)
    records_changed: list[CapacityRecord] = dataclasses.field(default_factory=list)
    record_fields: set[str] = dataclasses.field(default_factory=set)
    # What the plan assumed about the institutions it changes; checked again under lock before writing.
    snapshots: dict[int, tuple] = dataclasses.field(default_factory=dict)
    # Star ratings set or changed by the file, kept in the rating history like a change made on a page:
    # (institution, or its position in `new`, old rating, new rating).
    star_changes: list[tuple[Institution | int, int | None, int]] = dataclasses.field(default_factory=list)


class ImportConflict(Exception):
    """The institutions changed between validation and writing."""


def _snapshot(institution: Institution, records: list[CapacityRecord]) -> tuple:
    return (
        institution.updated_at, institution.filing_state, institution.deregistered_on,
        tuple((r.pk, r.effective_from, r.effective_to, r.slots, r.enrolled) for r in records),
    )


class InstitutionImporter(Importer):
    kind = ImportKind.INSTITUTIONS
    columns = COLUMNS

    def start(self, prepared: Prepared) -> None:
        prepared.plan = InstitutionPlan()
        prepared.details = {"capacity_records_created": 0, "capacity_records_closed": 0,
                            "capacity_records_corrected": 0}
        self._first_row: dict[str, int] = {}

    def check_chunk(self, rows: list[Row], prepared: Prepared) -> None:
        for row in rows:
            self._check_row(row)
        self.load_regions(row.values["region_code"] for row in rows if row.values.get("region_code"))
        for row in rows:
            if not row.has_error("region_code"):
                self.check_region(row)
        codes = {row.values["credit_code"] for row in rows if row.ok}
        existing, records = self._existing(codes)
        for row in rows:
            if row.ok:
                self._plan(row, existing.get(row.values["credit_code"]), prepared, records)

    def _check_row(self, row: Row) -> None:
        values = row.values
        code = values.get("credit_code")
        if code:
            first = self._first_row.setdefault(code, row.number)
            if first != row.number:
                row.error("credit_code", Message(msg.MSG_DUPLICATE_CREDIT_CODE, first=first))
        for field in ("filed_on", "deregistered_on"):
            if values.get(field) and values[field] > self.today:
                row.error(field, Message(msg.MSG_DATE_FUTURE, today=self.today.isoformat()))
        filed_on, deregistered_on = values.get("filed_on"), values.get("deregistered_on")
        if filed_on and deregistered_on and deregistered_on < filed_on:
            row.error("deregistered_on", Message(msg.MSG_DEREGISTERED_BEFORE_FILED, filed_on=filed_on.isoformat()))
        slots, enrolled = values.get("slots"), values.get("enrolled")
        if slots is not None and enrolled is not None and enrolled > slots:
            row.error("enrolled", Message(msg.MSG_ENROLLED_OVER_SLOTS, enrolled=enrolled, slots=slots))

    def _existing(self, codes: set[str]):
        existing: dict[str, Institution] = {}
        for batch in in_batches(codes):
            existing.update((i.credit_code, i) for i in Institution.objects.filter(credit_code__in=batch).annotate(
                has_recognitions=Exists(InclusiveRecognition.objects.filter(institution_id=OuterRef("pk")))))
        records: dict[int, list[CapacityRecord]] = {i.pk: [] for i in existing.values()}
        for batch in in_batches(records):
            for record in CapacityRecord.objects.filter(institution_id__in=batch).order_by(
                    "institution_id", "effective_from"):
                records[record.institution_id].append(record)
        return existing, records

    # --- planning ----------------------------------------------------------------------------------

    def _new_record(self, *, start: datetime.date, end: datetime.date | None, slots: int, enrolled: int,
                    institution: Institution | None = None) -> CapacityRecord:
        return CapacityRecord(institution=institution, effective_from=start, effective_to=end, slots=slots,
                              enrolled=enrolled, source=CAPACITY_SOURCE, created_by=self.actor)

    def _plan(self, row: Row, existing: Institution | None, prepared: Prepared,
              records_by_institution: dict[int, list[CapacityRecord]]) -> None:
        values = row.values
        plan: InstitutionPlan = prepared.plan
        filed_on, deregistered_on = values["filed_on"], values.get("deregistered_on")
        if existing is None:
            plan.new.append(Institution(
                credit_code=values["credit_code"], name=values["name"], region_id=values["region_code"],
                operating_model=values["operating_model"], nature=values["nature"],
                inclusive=values["inclusive"], pilot_level=values["pilot_level"],
                address=values.get("address") or "", phone=values.get("phone") or "",
                star_rating=values.get("star_rating"), ownership_type=values.get("ownership_type") or "",
                filing_state=FilingState.DEREGISTERED if deregistered_on else FilingState.FILED,
                filed_on=filed_on, deregistered_on=deregistered_on, service_types=[],
            ))
            if values.get("star_rating"):
                plan.star_changes.append((len(plan.new) - 1, None, values["star_rating"]))
            # Filed and deregistered the same day: the institution never had capacity on any day.
            if deregistered_on is None or deregistered_on > filed_on:
                plan.new_capacity.append((len(plan.new) - 1, self._new_record(
                    start=filed_on, end=deregistered_on, slots=values["slots"], enrolled=values["enrolled"])))
                prepared.details["capacity_records_created"] += 1
            prepared.created += 1
            return

        if existing.filing_state not in IMPORTABLE_STATES:
            row.error("credit_code", Message(msg.MSG_EXISTING_IN_WORKFLOW,
                state=FILING_STATE_LABELS.get(existing.filing_state, existing.filing_state)))
            return
        if not existing.region_id.startswith(self.scope_code):
            row.error("credit_code", msg.MSG_EXISTING_OUT_OF_SCOPE)
            return
        new_deregistered_on = deregistered_on or existing.deregistered_on
        if new_deregistered_on and new_deregistered_on < filed_on and not deregistered_on:
            row.error("filed_on", Message(msg.MSG_FILED_AFTER_DEREGISTRATION,
                deregistered_on=new_deregistered_on.isoformat()))
            return

        wanted = {
            "name": values["name"], "region_id": values["region_code"],
            "operating_model": values["operating_model"], "nature": values["nature"],
            "inclusive": values["inclusive"], "pilot_level": values["pilot_level"], "filed_on": filed_on,
            "deregistered_on": new_deregistered_on,
            "filing_state": (FilingState.DEREGISTERED
                             if new_deregistered_on or existing.filing_state == FilingState.DEREGISTERED
                             else FilingState.FILED),
        }
        for field in KEEP_WHEN_EMPTY:
            if values.get(field) not in (None, ""):
                wanted[field] = values[field]
        if existing.has_recognitions:  # the county's dated recognitions say whether it is inclusive
            del wanted["inclusive"]
        changed_fields = {field for field, value in wanted.items() if getattr(existing, field) != value}

        records = records_by_institution.get(existing.pk, [])
        snapshot = _snapshot(existing, records)  # before planning changes the record objects
        changed_records, new_records = self._plan_capacity(row, existing, records, new_deregistered_on, prepared)
        if not row.ok:
            return
        if not changed_fields and not changed_records and not new_records:
            prepared.unchanged += 1
            return

        plan.snapshots[existing.pk] = snapshot
        if "star_rating" in changed_fields:
            plan.star_changes.append((existing, existing.star_rating, wanted["star_rating"]))
        if changed_fields:
            for field in changed_fields:
                setattr(existing, field, wanted[field])
            plan.updated.append(existing)
            plan.update_fields |= {"region" if field == "region_id" else field for field in changed_fields}
        for record, fields in changed_records:
            plan.records_changed.append(record)
            plan.record_fields |= fields
        plan.records_new.extend(new_records)
        prepared.updated += 1

    def _plan_capacity(self, row: Row, institution: Institution, records: list[CapacityRecord],
                       deregistered_on: datetime.date | None, prepared: Prepared):
        """Changes to the capacity history: ([(record, changed fields)], [new records])."""
        values = row.values
        slots, enrolled = values["slots"], values["enrolled"]
        details = prepared.details
        changed: dict[int, tuple[CapacityRecord, set[str]]] = {}

        def change(record: CapacityRecord, **fields) -> None:
            for field, value in fields.items():
                setattr(record, field, value)
            changed.setdefault(id(record), (record, set()))[1].update(fields)

        latest = records[-1] if records else None
        if latest is None:
            if deregistered_on is None or deregistered_on > values["filed_on"]:
                details["capacity_records_created"] += 1
                return [], [self._new_record(start=values["filed_on"], end=deregistered_on, slots=slots,
                                             enrolled=enrolled, institution=institution)]
            return [], []

        if deregistered_on is not None:
            # A closed institution's history is not extended; only its end moves to the deregistration date.
            previous = institution.deregistered_on
            if deregistered_on != previous:
                for record in records:
                    if record.effective_from < deregistered_on and (
                            record.effective_to is None or record.effective_to > deregistered_on):
                        change(record, effective_to=deregistered_on)
                        details["capacity_records_closed"] += 1
                if (previous and deregistered_on > previous and latest.effective_to == previous
                        and latest.effective_from < deregistered_on):
                    change(latest, effective_to=deregistered_on)
            return list(changed.values()), []

        if (latest.slots, latest.enrolled) == (slots, enrolled):
            return [], []
        change_on = self.today
        if latest.effective_from > change_on:
            row.error("slots", Message(msg.MSG_CAPACITY_IN_FUTURE, effective_from=latest.effective_from.isoformat()))
            return [], []
        if latest.effective_from == change_on:
            # The latest record started today (an earlier import today): correct it rather than stack a
            # zero-length record; no past date's figures change.
            change(latest, slots=slots, enrolled=enrolled)
            details["capacity_records_corrected"] += 1
            return list(changed.values()), []
        if latest.effective_to is None or latest.effective_to > change_on:
            change(latest, effective_to=change_on)
            details["capacity_records_closed"] += 1
        details["capacity_records_created"] += 1
        return list(changed.values()), [self._new_record(start=change_on, end=None, slots=slots,
                                                         enrolled=enrolled, institution=institution)]

    # --- writing -----------------------------------------------------------------------------------

    def write(self, prepared: Prepared) -> None:
        plan: InstitutionPlan = prepared.plan
        self._check_unchanged(plan)
        institutions_figures_changed(ids=plan.snapshots)  # the counties they are in before (stats freshness)
        if plan.new:
            Institution.objects.bulk_create(plan.new, batch_size=WRITE_BATCH)
            if any(institution.pk is None for institution in plan.new):  # backends without RETURNING
                ids = {}
                for batch in in_batches(i.credit_code for i in plan.new):
                    ids.update(Institution.objects.filter(credit_code__in=batch).values_list("credit_code", "pk"))
                for institution in plan.new:
                    institution.pk = ids[institution.credit_code]
        if plan.updated:
            now = timezone.now()
            for institution in plan.updated:
                institution.updated_at = now
            Institution.objects.bulk_update(plan.updated, fields=sorted(plan.update_fields | {"updated_at"}),
                                            batch_size=WRITE_BATCH)
        if plan.records_changed:
            CapacityRecord.objects.bulk_update(plan.records_changed, fields=sorted(plan.record_fields),
                                               batch_size=WRITE_BATCH)
        new_records = list(plan.records_new)
        for index, record in plan.new_capacity:
            record.institution = plan.new[index]
            new_records.append(record)
        if new_records:
            CapacityRecord.objects.bulk_create(new_records, batch_size=WRITE_BATCH)
        if plan.star_changes:
            StarRatingChange.objects.bulk_create([
                StarRatingChange(
                    institution=plan.new[target] if isinstance(target, int) else target, old_rating=old,
                    new_rating=new, reason=STAR_IMPORT_REASON, actor=self.actor,
                    direction=(StarRatingDirection.SET if old is None
                               else StarRatingDirection.UP if new > old else StarRatingDirection.DOWN))
                for target, old, new in plan.star_changes], batch_size=WRITE_BATCH)
        institutions_figures_changed(ids=[*(i.pk for i in plan.new), *plan.snapshots])  # and after

    def _check_unchanged(self, plan: InstitutionPlan) -> None:
        """Lock the institutions the plan changes and check they are as validated (else ImportConflict)."""
        if not plan.snapshots:
            return
        assert transaction.get_connection().in_atomic_block, "write() runs inside the caller's transaction"
        ids = list(plan.snapshots)
        current: dict[int, Institution] = {}
        records: dict[int, list[CapacityRecord]] = {pk: [] for pk in ids}
        for batch in in_batches(ids):
            current.update((i.pk, i) for i in Institution.objects.select_for_update().filter(pk__in=batch))
            for record in CapacityRecord.objects.select_for_update().filter(institution_id__in=batch).order_by(
                    "institution_id", "effective_from"):
                records[record.institution_id].append(record)
        for pk, snapshot in plan.snapshots.items():
            institution = current.get(pk)
            if institution is None or _snapshot(institution, records[pk]) != snapshot:
                raise ImportConflict(pk)
