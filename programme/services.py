"""Writes of supervision (督办): open, record an interview or an opinion (the supervising side), report (the
supervised region), close. Each is audited; a refusal says why (409 in the API)."""
import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core.errors import ActionError
from regions.models import Region

from .models import SupervisionEvent, SupervisionEventKind, SupervisionItem, SupervisionStatus
from .permissions import can_open, is_supervised, is_supervisor

MSG_REGION = gettext_lazy("只能督办本级以下的地区（区划 {code} 不在您的下级范围内）")
MSG_NO_REGION = gettext_lazy("区划代码 {code} 不存在")
MSG_DEADLINE = gettext_lazy("办结期限不能早于今天")
MSG_CLOSED = gettext_lazy("该督办事项已办结")
MSG_NOT_ALLOWED = gettext_lazy("您无权办理该督办事项的这一步")
MSG_TEXT = gettext_lazy("请填写内容")
MSG_FUTURE = gettext_lazy("日期不能晚于今天")


class SupervisionError(ActionError):
    pass


def supervision_open(*, by: User, region_code: str, issue: str, responsible: str, deadline: datetime.date,
                     basis: str = "") -> SupervisionItem:
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None:
        raise SupervisionError(MSG_NO_REGION.format(code=region_code))
    if not can_open(by, region.code):
        raise SupervisionError(MSG_REGION.format(code=region.code))
    if deadline < timezone.localdate():
        raise SupervisionError(MSG_DEADLINE)
    with transaction.atomic():
        item = SupervisionItem.objects.create(region=region, opened_in=by.admin_scope or "", issue=issue.strip(),
                                              basis=basis.strip(), responsible=responsible.strip(),
                                              deadline=deadline, opened_by=by)
        audit_record(actor=by, action="supervision.open", obj=item, region_code=region.code,
                     summary=AuditText(gettext_lazy("督办 {region}：{issue}"), region=region.name,
                                       issue=item.issue[:80]),
                     after={"region": region.code, "deadline": deadline.isoformat(), "responsible": item.responsible})
    return item


# Which side records which kind of event.
SUPERVISOR_KINDS = (SupervisionEventKind.INTERVIEW, SupervisionEventKind.NOTE)


def supervision_record(*, by: User, item: SupervisionItem, kind: str, on: datetime.date, text: str
                       ) -> SupervisionEvent:
    if not (text or "").strip():
        raise SupervisionError(MSG_TEXT)
    if on > timezone.localdate():
        raise SupervisionError(MSG_FUTURE)
    allowed = is_supervisor(by, item) if kind in SUPERVISOR_KINDS else \
        kind == SupervisionEventKind.REPORT and is_supervised(by, item)
    if not allowed:
        raise SupervisionError(MSG_NOT_ALLOWED)
    with transaction.atomic():
        item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        if item.status == SupervisionStatus.CLOSED:
            raise SupervisionError(MSG_CLOSED)
        event = SupervisionEvent.objects.create(item=item, kind=kind, on=on, text=text.strip(), by=by)
        audit_record(actor=by, action=f"supervision.{kind}", obj=item, region_code=item.region_id,
                     summary=AuditText(gettext_lazy("{kind}（{on}）"), kind=event.get_kind_display(),
                                       on=on.isoformat()),
                     after={"kind": kind, "on": on.isoformat()})
    return event


def supervision_close(*, by: User, item: SupervisionItem, text: str) -> SupervisionItem:
    if not is_supervisor(by, item):
        raise SupervisionError(MSG_NOT_ALLOWED)
    if not (text or "").strip():
        raise SupervisionError(MSG_TEXT)
    with transaction.atomic():
        item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        if item.status == SupervisionStatus.CLOSED:
            raise SupervisionError(MSG_CLOSED)
        SupervisionEvent.objects.create(item=item, kind=SupervisionEventKind.CLOSE, on=timezone.localdate(),
                                        text=text.strip(), by=by)
        item.status, item.closed_at = SupervisionStatus.CLOSED, timezone.now()
        item.save(update_fields=["status", "closed_at"])
        audit_record(actor=by, action="supervision.close", obj=item, region_code=item.region_id,
                     summary=AuditText(gettext_lazy("督办办结：{text}"), text=text.strip()[:80]),
                     before={"status": SupervisionStatus.OPEN}, after={"status": SupervisionStatus.CLOSED})
    return item


# --- fees and guide prices ------------------------------------------------------------------------------

MSG_FEE_NOT_OPERATOR = gettext_lazy("只有该机构的经办人可以申报收费标准")
MSG_FEE_NOT_FILED = gettext_lazy("机构备案后方可申报收费标准")
MSG_FEE_RANGE = gettext_lazy("基本保育费须在 1 至 {high} 元/月之间")
MSG_FEE_OVER_CAP = gettext_lazy(
    "普惠性托育机构的{class_type}基本保育费不得超过指导价 {cap} 元/月（{region}，{basis}，{valid_from} 起执行）；"
    "申报的 {fee} 元/月超出上限")
MSG_CAP_REGION = gettext_lazy("指导价由市级或县级制定，且只能为本级或下级地区制定（区划 {code}）")
MSG_CAP_RANGE = gettext_lazy("指导价上限须在 1 至 {high} 元/月之间")
MSG_BASIS = gettext_lazy("请填写文件依据")
FEE_MAX = 50_000


class FeeError(ActionError):
    pass


def fee_declare(*, by: User, institution, class_type: str, monthly_fee: int, valid_from: datetime.date):
    """The operator declares the basic monthly fee of a class type from a date (today or later). An inclusive
    institution's fee may not exceed the guide price in force there on that date."""
    from institutions.models import FilingState, InstitutionOperator

    from . import fees
    from .models import Fee, FeeClass

    if not InstitutionOperator.objects.filter(institution=institution, user=by).exists():
        raise FeeError(MSG_FEE_NOT_OPERATOR)
    if institution.filing_state != FilingState.FILED:
        raise FeeError(MSG_FEE_NOT_FILED)
    if not 1 <= monthly_fee <= FEE_MAX:
        raise FeeError(MSG_FEE_RANGE.format(high=FEE_MAX))
    if institution.inclusive:
        cap = fees.cap_for(institution.region_id, class_type,
                           fees.caps_in_force([institution.region_id], valid_from))
        if cap is not None and monthly_fee > cap.cap:
            raise FeeError(MSG_FEE_OVER_CAP.format(
                class_type=FeeClass(class_type).label, cap=cap.cap, region=cap.region.name, basis=cap.basis,
                valid_from=cap.valid_from.isoformat(), fee=monthly_fee))
    with transaction.atomic():
        fee = Fee.objects.create(institution=institution, class_type=class_type, monthly_fee=monthly_fee,
                                 valid_from=valid_from, declared_by=by)
        audit_record(actor=by, action="fee.declare", obj=institution, region_code=institution.region_id,
                     summary=AuditText(gettext_lazy("申报{class_type}基本保育费 {fee} 元/月（{valid_from} 起）"),
                                       class_type=FeeClass(class_type).label, fee=monthly_fee,
                                       valid_from=valid_from.isoformat()),
                     after={"class_type": class_type, "monthly_fee": monthly_fee, "valid_from": valid_from.isoformat()})
    return fee


def fee_cap_set(*, by: User, region_code: str, class_type: str, cap: int, valid_from: datetime.date, basis: str):
    """A city or county (or an admin above it) sets the guide price of a class type from a date."""
    from regions.models import RegionLevel

    from .models import FeeCap, FeeClass

    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None:
        raise FeeError(MSG_NO_REGION.format(code=region_code))
    scope = by.admin_scope
    if scope is None or not region.code.startswith(scope) or region.level not in (RegionLevel.CITY,
                                                                                   RegionLevel.COUNTY):
        raise FeeError(MSG_CAP_REGION.format(code=region.code))
    if not 1 <= cap <= FEE_MAX:
        raise FeeError(MSG_CAP_RANGE.format(high=FEE_MAX))
    if not (basis or "").strip():
        raise FeeError(MSG_BASIS)
    with transaction.atomic():
        row = FeeCap.objects.create(region=region, class_type=class_type, cap=cap, valid_from=valid_from,
                                    basis=basis.strip(), set_by=by)
        audit_record(actor=by, action="fee_cap.set", obj=row, region_code=region.code,
                     summary=AuditText(gettext_lazy("{region}{class_type}指导价上限 {cap} 元/月（{valid_from} 起）"),
                                       region=region.name, class_type=FeeClass(class_type).label, cap=cap,
                                       valid_from=valid_from.isoformat()),
                     after={"region": region.code, "class_type": class_type, "cap": cap,
                            "valid_from": valid_from.isoformat(), "basis": row.basis})
    return row


# --- inclusive recognition (普惠认定) ------------------------------------------------------------------------

MSG_RECOGNISE_SCOPE = gettext_lazy("只能认定本级及下级地区的机构")
MSG_RECOGNISE_NOT_FILED = gettext_lazy("只能认定已备案的机构")
MSG_RECOGNISE_DATES = gettext_lazy("有效期至不能早于认定起始日")
MSG_RECOGNISE_OVERLAP = gettext_lazy("该机构 {start} 至 {end} 已有普惠认定，认定期间不能重叠")
MSG_RECOGNISE_FEES = gettext_lazy(
    "该机构{class_type}基本保育费 {fee} 元/月超过指导价 {cap} 元/月（{region}），请机构先调整收费再认定")
MSG_END_DATE = gettext_lazy("终止日期须在 {start} 至 {end} 之间")
MSG_END_REASON = gettext_lazy("请填写终止原因")
MSG_OPEN_END = gettext_lazy("长期")


class RecognitionError(ActionError):
    pass


def _recognition_scope_check(by: User, institution) -> None:
    scope = by.admin_scope
    if scope is None or not institution.region_id.startswith(scope):
        raise RecognitionError(MSG_RECOGNISE_SCOPE)


def inclusive_recognise(*, by: User, institution, valid_from: datetime.date, valid_to: datetime.date | None,
                        basis: str):
    """The county (or an admin above it) recognises a filed institution as inclusive from `valid_from` to `valid_to`
    (open when None) and publishes it in its inclusive list. Periods of one institution never overlap; its fees in
    force must be within the guide price. The figures of its county are recomputed from `valid_from`."""
    from institutions.changes import region_figures_changed
    from institutions.inclusive import inclusive_flags_refresh
    from institutions.models import FilingState, InclusiveRecognition, Institution

    from . import fees
    from .models import FeeClass

    _recognition_scope_check(by, institution)
    if institution.filing_state != FilingState.FILED:
        raise RecognitionError(MSG_RECOGNISE_NOT_FILED)
    if valid_to is not None and valid_to < valid_from:
        raise RecognitionError(MSG_RECOGNISE_DATES)
    if not (basis or "").strip():
        raise RecognitionError(MSG_BASIS)
    checked_on = max(valid_from, timezone.localdate())
    caps = fees.caps_in_force([institution.region_id], checked_on)
    for class_type, fee in fees.fees_in_force([institution.pk], checked_on).get(institution.pk, {}).items():
        cap = fees.cap_for(institution.region_id, class_type, caps)
        if cap is not None and fee.monthly_fee > cap.cap:
            raise RecognitionError(MSG_RECOGNISE_FEES.format(class_type=FeeClass(class_type).label, fee=fee.monthly_fee,
                                                     cap=cap.cap, region=cap.region.name))
    with transaction.atomic():
        Institution.objects.select_for_update().get(pk=institution.pk)  # one recognition at a time per institution
        overlapping = InclusiveRecognition.objects.filter(institution=institution).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=valid_to)
        clash = overlapping.order_by("valid_from").first()
        if clash is not None:
            raise RecognitionError(MSG_RECOGNISE_OVERLAP.format(start=clash.valid_from.isoformat(),
                                                        end=clash.valid_to.isoformat() if clash.valid_to
                                                        else MSG_OPEN_END))
        recognition = InclusiveRecognition.objects.create(institution=institution, valid_from=valid_from,
                                                          valid_to=valid_to, basis=basis.strip(), recognised_by=by)
        inclusive_flags_refresh(institution_ids=[institution.pk])
        audit_record(actor=by, action="inclusive.recognise", obj=institution, region_code=institution.region_id,
                     summary=AuditText(gettext_lazy("认定为普惠性托育机构（{start} 至 {end}，{basis}）"),
                                       start=valid_from.isoformat(),
                                       end=valid_to.isoformat() if valid_to else MSG_OPEN_END, basis=basis.strip()),
                     after={"valid_from": valid_from.isoformat(),
                            "valid_to": valid_to.isoformat() if valid_to else None, "basis": basis.strip()})
        region_figures_changed(institution.region_id, since=valid_from)
    return recognition


def inclusive_end(*, by: User, recognition, on: datetime.date, reason: str):
    """End a recognition on `on` (its last inclusive day): revoked, or not renewed. The figures of the county are
    recomputed from the next day."""
    from institutions.changes import region_figures_changed
    from institutions.inclusive import inclusive_flags_refresh
    from institutions.models import InclusiveRecognition

    institution = recognition.institution
    _recognition_scope_check(by, institution)
    if not (reason or "").strip():
        raise RecognitionError(MSG_END_REASON)
    with transaction.atomic():
        recognition = InclusiveRecognition.objects.select_for_update().get(pk=recognition.pk)
        latest = recognition.valid_to or datetime.date.max
        if not recognition.valid_from <= on < latest:  # rows are kept: a withdrawal ends on the first day at least
            raise RecognitionError(MSG_END_DATE.format(
                start=recognition.valid_from.isoformat(),
                end=(latest - datetime.timedelta(days=1)).isoformat() if recognition.valid_to else MSG_OPEN_END))
        before = recognition.valid_to
        recognition.valid_to, recognition.ended_by, recognition.end_reason = on, by, reason.strip()
        recognition.save(update_fields=["valid_to", "ended_by", "end_reason"])
        inclusive_flags_refresh(institution_ids=[institution.pk])
        audit_record(actor=by, action="inclusive.end", obj=institution, region_code=institution.region_id,
                     summary=AuditText(gettext_lazy("普惠认定终止于 {on}：{reason}"), on=on.isoformat(),
                                       reason=reason.strip()[:80]),
                     before={"valid_to": before.isoformat() if before else None},
                     after={"valid_to": on.isoformat(), "reason": reason.strip()})
        region_figures_changed(institution.region_id, since=on)
    return recognition


# --- demonstration cities ----------------------------------------------------------------------------------

# Which level sets which status: the city declares, its province recommends (or not), the nation names (or not).
CITY_STATUS_LEVEL = {"declared": 4, "recommended": 2, "designated": 0, "not_designated": 0}
MSG_CITY = gettext_lazy("区划 {code} 不是设区市")
MSG_CITY_LEVEL = gettext_lazy("“{status}”由{who}设置")
CITY_STATUS_WHO = {4: gettext_lazy("城市本级管理员"), 2: gettext_lazy("所在省级管理员"),
                   0: gettext_lazy("国家级管理员")}


class CityError(ActionError):
    pass


def demonstration_city_set(*, by: User, region_code: str, year: int, status: str, basis: str = ""):
    from regions.models import RegionLevel

    from .models import CityStatus, DemonstrationCity

    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None or region.level != RegionLevel.CITY:
        raise CityError(MSG_CITY.format(code=region_code))
    length = CITY_STATUS_LEVEL[status]
    scope = by.admin_scope
    if scope is None or by.is_superuser or len(scope) != length or not region.code.startswith(scope):
        raise CityError(MSG_CITY_LEVEL.format(status=CityStatus(status).label, who=CITY_STATUS_WHO[length]))
    with transaction.atomic():
        row, _created = DemonstrationCity.objects.update_or_create(
            region=region, year=year, defaults={"status": status, "basis": basis.strip(), "updated_by": by})
        audit_record(actor=by, action="demonstration_city.set", obj=row, region_code=region.code,
                     summary=AuditText(gettext_lazy("{city}{year}年示范城市创建：{status}"), city=region.name, year=year,
                                       status=CityStatus(status).label),
                     after={"status": status, "year": year, "basis": row.basis})
    return row
