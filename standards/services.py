"""Setting a rule of the standards (a new row of the Standard table), audited with before and after."""
import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core.errors import ActionError

from . import registry
from .models import DocumentRequirement, Standard
from .permissions import can_set
from .selectors import standards_for

MSG_NOT_ALLOWED = gettext_lazy("您无权设定该地区的标准")
MSG_NOT_TIGHTER = gettext_lazy("省级标准只能严于国家标准：{rule}的国家标准为{national}{unit}，{direction}")
MSG_MUST_BE_LOWER = gettext_lazy("省级数值不得高于国家标准")
MSG_MUST_BE_HIGHER = gettext_lazy("省级数值不得低于国家标准")
MSG_ALREADY_IN_FORCE = gettext_lazy("{date}起施行的设定已生效，不能修改；请设定新的施行日期")
MSG_ZERO = gettext_lazy("数值须大于 0")


MSG_TOO_HIGH = gettext_lazy("{rule}不得超过{maximum}{unit}")
MSG_ORDER = gettext_lazy("须满足{order}（设定后将为{values}）")


class StandardActionError(ActionError):
    pass


def _check_order(key: str, value: int, province_code: str, valid_from: datetime.date) -> None:
    """Rules that must stay in descending order (grade cut-offs A > B > C), with the new value in force."""
    for keys in registry.DESCENDING:
        if key not in keys:
            continue
        in_force = standards_for(province_code, valid_from)
        values = [value if other == key else in_force[other] for other in keys]
        if any(higher <= lower for higher, lower in zip(values, values[1:], strict=False)):
            labels = [str(registry.BY_KEY[other].label) for other in keys]
            raise StandardActionError(MSG_ORDER.format(
                order=" > ".join(labels),
                values="、".join(f"{label} {number}" for label, number in zip(labels, values, strict=True))))


def standard_set(*, key: str, province_code: str, value: int, valid_from: datetime.date, basis: str,
                 by: User) -> Standard:
    """Set `key` to `value` from `valid_from`, nationally (province_code "") or for a province. A province may only
    tighten the national rule in force on that day. A setting not yet in force may be corrected; one in force
    stays (history), a later date replaces it."""
    rule = registry.BY_KEY[key]
    province_code = province_code or ""
    if not can_set(by, province_code):
        raise StandardActionError(MSG_NOT_ALLOWED)
    if value < rule.minimum:
        raise StandardActionError(MSG_ZERO)
    if value > rule.maximum:
        raise StandardActionError(MSG_TOO_HIGH.format(rule=rule.label, maximum=rule.maximum, unit=rule.unit))
    with transaction.atomic():
        if province_code:
            national = standards_for("", valid_from).rules[key].value
            if not registry.is_tighter_or_equal(key, value, national):
                raise StandardActionError(MSG_NOT_TIGHTER.format(
                    rule=rule.label, national=national, unit=rule.unit,
                    direction=MSG_MUST_BE_LOWER if rule.tighter == registry.LOWER else MSG_MUST_BE_HIGHER))
        _check_order(key, value, province_code, valid_from)
        row = Standard.objects.select_for_update().filter(key=key, province_code=province_code,
                                                         valid_from=valid_from).first()
        before = None
        if row is not None:
            if row.valid_from <= timezone.localdate():
                raise StandardActionError(MSG_ALREADY_IN_FORCE.format(date=valid_from.isoformat()))
            before = {"value": row.value, "basis": row.basis}
            row.value, row.basis = value, basis
            row.save(update_fields=["value", "basis"])
        else:
            row = Standard.objects.create(key=key, province_code=province_code, value=value, valid_from=valid_from,
                                          basis=basis, created_by=by)
        audit_record(actor=by, action="standard.set", obj=row, region_code=province_code,
                     summary=AuditText(gettext_lazy("{rule}：{value}{unit}（{date}起）"), rule=rule.label,
                                       value=value, unit=rule.unit, date=valid_from.isoformat()),
                     before=before, after={"key": key, "value": value, "basis": basis,
                                           "valid_from": valid_from.isoformat()})
        return row


MSG_DOCUMENT_PROVINCE = gettext_lazy("请选择省份：增加的备案材料只对一个省的机构适用")
MSG_DOCUMENT_DUPLICATE = gettext_lazy("本省已要求“{label}”")
MSG_DOCUMENT_NATIONAL = gettext_lazy("“{label}”已是国家要求的备案材料")
MSG_DOCUMENT_ENDED = gettext_lazy("该材料要求已于{date}停止")
MSG_END_PAST = gettext_lazy("停止日期不能早于今天")


def document_requirement_add(*, province_code: str, label: str, valid_from: datetime.date, basis: str, by: User,
                             national_labels=()) -> DocumentRequirement:
    """A province requires one more filing material from `valid_from` (new filings of its institutions must upload
    it). `national_labels`: the names of the national materials, which a province cannot add again."""
    label = " ".join((label or "").split())
    if not province_code:
        raise StandardActionError(MSG_DOCUMENT_PROVINCE)
    if not can_set(by, province_code):
        raise StandardActionError(MSG_NOT_ALLOWED)
    if label in {str(name) for name in national_labels}:
        raise StandardActionError(MSG_DOCUMENT_NATIONAL.format(label=label))
    with transaction.atomic():
        existing = DocumentRequirement.objects.select_for_update().filter(province_code=province_code)
        if existing.filter(label=label).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=max(valid_from, timezone.localdate()))).exists():
            raise StandardActionError(MSG_DOCUMENT_DUPLICATE.format(label=label))
        row = DocumentRequirement.objects.create(
            code=f"p{province_code}_{existing.count() + 1:03d}", province_code=province_code, label=label,
            valid_from=valid_from, basis=basis, created_by=by)
        audit_record(actor=by, action="standard.document_add", obj=row, region_code=province_code,
                     summary=AuditText(gettext_lazy("增加备案材料“{label}”（{date}起）"), label=label,
                                       date=valid_from.isoformat()),
                     after={"code": row.code, "label": label, "valid_from": valid_from.isoformat(), "basis": basis})
        return row


def document_requirement_end(*, requirement: DocumentRequirement, on: datetime.date, by: User) -> DocumentRequirement:
    """The province stops requiring the material from `on` (today or later); filings already approved keep it."""
    if not can_set(by, requirement.province_code):
        raise StandardActionError(MSG_NOT_ALLOWED)
    if on < timezone.localdate():
        raise StandardActionError(MSG_END_PAST)
    with transaction.atomic():
        requirement = DocumentRequirement.objects.select_for_update().get(pk=requirement.pk)
        if requirement.ended_on is not None and requirement.ended_on <= timezone.localdate():
            raise StandardActionError(MSG_DOCUMENT_ENDED.format(date=requirement.ended_on.isoformat()))
        before = {"ended_on": requirement.ended_on.isoformat() if requirement.ended_on else None}
        requirement.ended_on = max(on, requirement.valid_from)
        requirement.save(update_fields=["ended_on"])
        audit_record(actor=by, action="standard.document_end", obj=requirement, region_code=requirement.province_code,
                     summary=AuditText(gettext_lazy("停止要求备案材料“{label}”（{date}起）"), label=requirement.label,
                                       date=requirement.ended_on.isoformat()),
                     before=before, after={"ended_on": requirement.ended_on.isoformat()})
        return requirement
