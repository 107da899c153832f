"""Writes of supervision (督办): open, record an interview or an opinion (the supervising side), report (the
supervised region), close. Each is audited; a refusal says why (409 in the API)."""
import datetime

from django.db import transaction
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
