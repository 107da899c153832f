"""Pre-checks of a filing against the standards (DOMAIN.md §5) in force for its province on the day, run before
submission (the national values unless the province set its own: standards/).

Each failure names the rule it breaks, the step and field it concerns, and whether it blocks the
submission. Advisory rules (the national text says "should") are shown but do not block.
"""
import dataclasses
import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from institutions.rules import MSG_TOO_MANY_CLASSES, class_errors, class_label
from standards.selectors import document_label, documents_in_force, standards_for
from workforce.services import banned_hashes

from . import steps
from .models import DocumentType, FilingKind

REQUIRED_DOCUMENTS = (
    DocumentType.FILING_FORM, DocumentType.COMMITMENT, DocumentType.BUSINESS_LICENCE, DocumentType.PREMISES,
    DocumentType.STAFF_CERTIFICATES, DocumentType.HEALTH_EVALUATION, DocumentType.FIRE_SAFETY,
)

MSG_STEP_INCOMPLETE = gettext_lazy("“{step}”一步尚未填写完整或有错误")
MSG_FLOOR = (gettext_lazy("照护区域设在{floor}层，托育机构照护用房不得设在{max}层以上"))
MSG_COUNTY_MOVE = (gettext_lazy("变更备案不能把机构迁出原备案县区（{county} {code}）。迁往其他县区的，请先在本平台办理注销，再向新县区的卫生健康部门提交新的备案。"))
MSG_UNDERGROUND = gettext_lazy("照护用房不得设在地下或半地下")
MSG_LEASE_SHORT = (gettext_lazy("租赁期限不足{years}年（{start} 至 {end}）"))
MSG_LEASE_EXPIRED = gettext_lazy("场地租赁已于{end}到期")
MSG_CCTV = (gettext_lazy("监控录像应至少保存{min}天，当前{days}天"))
MSG_SCOPE = (gettext_lazy("营业执照或登记证书的经营（业务）范围应包含“托育服务”"))
MSG_DOCUMENT_MISSING = gettext_lazy("缺少必备材料：{doc}")
MSG_CERTIFICATE_EXPIRED = gettext_lazy("保育人员须持有效证书上岗：{name}的资格证书已于{date}过期")
MSG_BANNED = gettext_lazy("{name}在从业禁止名单中，不得从事婴幼儿照护服务（已通知县级卫生健康部门）")
MSG_HEALTH_EXPIRED = gettext_lazy("{name}的健康检查（{date}）已超过{days}天的有效期，须重新体检")
MSG_NO_CAREGIVER = gettext_lazy("工作人员中没有保育人员")
MSG_CAREGIVERS_SHORT = (gettext_lazy("各班保育人员合计{needed}名，工作人员名单中只有{listed}名保育人员"))

# Messages of the checks added with issue 13 are translated through the catalogue (Chinese is the source language).
MSG_DOCUMENT_EXPIRED = gettext_noop("{doc}已过有效期（有效期至 {date}），请上传有效的材料")
MSG_CAREGIVER_UNCERTIFIED = gettext_noop("保育人员须持证上岗：{name}未填写资格证书编号")

STEP_EN = {"entity": "Legal entity", "premises": "Premises", "service": "Classes and slots",
           "staff": "Staff", "documents": "Documents"}
DOC_EN = {
    DocumentType.FILING_FORM: "filing form", DocumentType.COMMITMENT: "commitment letter",
    DocumentType.BUSINESS_LICENCE: "business licence or legal-person certificate",
    DocumentType.PREMISES: "proof of premises", DocumentType.STAFF_CERTIFICATES:
    "staff qualification and health certificates", DocumentType.HEALTH_EVALUATION: "health evaluation report",
    DocumentType.FIRE_SAFETY: "fire-safety proof", DocumentType.FOOD_LICENCE: "food business licence",
}


@dataclasses.dataclass(frozen=True)
class PreCheck:
    rule: str  # a stable code, e.g. "class.size"
    step: str
    field: str  # "<step>.<field>" or "<step>.rows.<n>.<field>", "" for the step as a whole
    message: str
    blocking: bool = True


def required_documents(meals_served: bool, extra=()) -> list[str]:
    """The national materials, then `extra`: the codes of the materials the province adds (standards/)."""
    return [*REQUIRED_DOCUMENTS, *([DocumentType.FOOD_LICENCE] if meals_served else []), *extra]


def national_documents() -> list[tuple[object, bool]]:
    """(name, always required) of the national materials, for the standards page (food licence: with meals)."""
    return [(label, value in REQUIRED_DOCUMENTS) for value, label in DocumentType.choices if value != DocumentType.OTHER]


def provincial_documents(filing, today: datetime.date) -> list:
    """The materials the filing's province requires beyond the national list on the day (DocumentRequirement)."""
    premises = steps.cleaned("premises", (filing.data or {}).get("premises"))
    return documents_in_force(province_of(filing, premises), today)


def document_choices(filing, today: datetime.date) -> list[tuple[str, str]]:
    """(code, name) of every material the filing may upload: the national types with the province's additions
    before "other"."""
    national = [(value, label) for value, label in DocumentType.choices if value != DocumentType.OTHER]
    return [*national, *((row.code, row.label) for row in provincial_documents(filing, today)),
            (DocumentType.OTHER, DocumentType.OTHER.label)]


def document_type_label(code: str):
    """The name of a material type: national (lazy: read in the reader's language), else the name a province
    gave its own material, else the code itself."""
    if code in DocumentType.values:
        return DocumentType(code).label
    return document_label(code) or code


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def province_of(filing, premises: dict | None) -> str:
    """The province whose standards apply: the county that filed the institution, else the premises' region."""
    if filing.county_id:
        return filing.county_id[:2]
    return premises["region"].code[:2] if premises else ""


def run(filing, *, today: datetime.date, document_types: set[str],
        valid_until: dict[str, datetime.date] | None = None) -> list[PreCheck]:
    """Every pre-check failure of the filing, in wizard order. `valid_until`: the expiry date of each current
    document that has one."""
    results: list[PreCheck] = []
    answers = {}
    for key in steps.FORM_STEPS:
        answers[key] = steps.cleaned(key, filing.data.get(key))
        if answers[key] is None:
            title = str(steps.STEP_BY_KEY[key].title)
            results.append(PreCheck("step.incomplete", key, "",
                                    MSG_STEP_INCOMPLETE.format(step=title, step_en=STEP_EN[key])))

    entity = answers["entity"]
    if entity and entity["scope_includes_childcare"] != "yes":
        results.append(PreCheck("entity.scope", "entity", "entity.scope_includes_childcare", MSG_SCOPE))

    premises = answers["premises"]
    rules = standards_for(province_of(filing, premises), today)
    max_floor, lease_years, cctv_days = (rules["premises.max_care_floor"], rules["premises.min_lease_years"],
                                         rules["premises.min_cctv_days"])
    if premises and filing.kind == FilingKind.CHANGE and filing.county_id \
            and not premises["region"].code.startswith(filing.county_id):
        # A change filing stays with the county that filed the institution (docs/filings.md "Moving").
        results.append(PreCheck("premises.county_move", "premises", "premises.region", MSG_COUNTY_MOVE.format(
            county=filing.county.name, code=filing.county_id)))
    if premises:
        if premises["highest_care_floor"] > max_floor:
            results.append(PreCheck("premises.floor", "premises", "premises.highest_care_floor",
                                    MSG_FLOOR.format(floor=premises["highest_care_floor"], max=max_floor)))
        if premises["has_underground_rooms"] == "yes":
            results.append(PreCheck("premises.underground", "premises", "premises.has_underground_rooms",
                                    MSG_UNDERGROUND))
        if premises["ownership"] == "leased" and premises["lease_start"] and premises["lease_end"]:
            start, end = premises["lease_start"], premises["lease_end"]
            if end < _add_years(start, lease_years):
                results.append(PreCheck("premises.lease", "premises", "premises.lease_end", MSG_LEASE_SHORT.format(
                    years=lease_years, start=start.isoformat(), end=end.isoformat())))
            elif end < today:
                results.append(PreCheck("premises.lease_expired", "premises", "premises.lease_end",
                                        MSG_LEASE_EXPIRED.format(end=end.isoformat())))
        if premises["cctv_retention_days"] < cctv_days:
            results.append(PreCheck("premises.cctv", "premises", "premises.cctv_retention_days", MSG_CCTV.format(
                min=cctv_days, days=premises["cctv_retention_days"])))

    service = answers["service"]
    needed_caregivers = 0
    if service:
        classes = service["rows"]
        for index, row in enumerate(classes):
            errors = class_errors(class_type=row["class_type"], capacity=row["capacity"],
                                  enrolled=row["enrolled"], caregivers=row["caregivers"], standards=rules)
            for field, message in errors.items():
                rule = {"capacity": "class.size", "enrolled": "class.enrolled", "caregivers": "class.ratio"}[field]
                label = f"{row['name']}（{class_label(row['class_type'])}）"
                results.append(PreCheck(rule, "service", f"service.rows.{index}.{field}", f"{label}: {message}"))
            needed_caregivers += row["caregivers"]
        if len(classes) > rules["institution.max_classes"]:
            results.append(PreCheck("class.count", "service", "service.rows", MSG_TOO_MANY_CLASSES.format(
                max=rules["institution.max_classes"], count=len(classes)), blocking=False))

    staff = answers["staff"]
    if staff:
        banned = banned_hashes([row.get("id_hash") or "" for row in staff["rows"]], today)
        for index, row in enumerate(staff["rows"]):
            if row["role"] == "caregiver" and not (row["qualification_cert_no"] or "").strip():
                results.append(PreCheck("staff.certificate", "staff", f"staff.rows.{index}.qualification_cert_no",
                                        _(MSG_CAREGIVER_UNCERTIFIED).format(name=row["name"])))
            expires = row.get("qualification_expires_on")
            if row["role"] == "caregiver" and expires and expires < today:
                results.append(PreCheck("staff.certificate_expired", "staff",
                                        f"staff.rows.{index}.qualification_expires_on",
                                        MSG_CERTIFICATE_EXPIRED.format(name=row["name"], date=expires.isoformat())))
            if row.get("id_hash") in banned:
                results.append(PreCheck("staff.banned", "staff", f"staff.rows.{index}.id_number",
                                        MSG_BANNED.format(name=row["name"])))
            checked = row["health_check_on"]
            if checked + datetime.timedelta(days=rules["staff.health_check_valid_days"]) < today:
                results.append(PreCheck("staff.health", "staff", f"staff.rows.{index}.health_check_on",
                                        MSG_HEALTH_EXPIRED.format(
                                            name=row["name"], date=checked.isoformat(),
                                            days=rules["staff.health_check_valid_days"])))
        caregivers = sum(1 for row in staff["rows"] if row["role"] == "caregiver")
        if service and caregivers == 0:
            results.append(PreCheck("staff.no_caregiver", "staff", "staff.rows", MSG_NO_CAREGIVER))
        elif service and caregivers < needed_caregivers:
            results.append(PreCheck("staff.caregivers", "staff", "staff.rows", MSG_CAREGIVERS_SHORT.format(
                needed=needed_caregivers, listed=caregivers)))

    meals = bool(service and service["meals_served"] == "yes")
    for doc in required_documents(meals):
        if doc not in document_types:
            results.append(PreCheck("document.missing", "documents", f"documents.{doc}", MSG_DOCUMENT_MISSING.format(
                doc=DocumentType(doc).label, doc_en=DOC_EN[doc])))
    # The province's own additions in force on the day (standards.DocumentRequirement): named in Chinese only.
    for row in documents_in_force(province_of(filing, premises), today):
        if row.code not in document_types:
            results.append(PreCheck("document.missing", "documents", f"documents.{row.code}",
                                    MSG_DOCUMENT_MISSING.format(doc=row.label, doc_en=row.label)))
    for doc, until in sorted((valid_until or {}).items()):
        if until < today:
            results.append(PreCheck("document.expired", "documents", f"documents.{doc}", _(MSG_DOCUMENT_EXPIRED).format(
                doc=document_type_label(doc), date=until.isoformat())))
    return results


def blocking(results: list[PreCheck]) -> list[PreCheck]:
    return [result for result in results if result.blocking]
