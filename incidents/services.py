"""Safety incidents (docs/incidents.md): the report (within 24 hours of the event, later ones flagged), the
inspectors' acknowledgement, a visit planned from it, the closing; every step audited, each party told."""
import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import Role, User
from accounts.services import audit_record
from core.errors import ActionError
from core.stored_text import Message
from institutions.changes import region_figures_changed
from institutions.models import FilingState, Institution, InstitutionOperator
from notifications.services import Notice, notification_send_many

from .models import Incident, IncidentKind, IncidentStatus

REPORT_HOURS = 24
MAX_AGE_DAYS = 90
# The visit planned from an incident: the checklist closest to what happened.
VISIT_TYPE = {IncidentKind.FIRE: "fire", IncidentKind.OUTBREAK: "health"}

MSG_NOT_OPERATOR = gettext_lazy("只有该机构的经办人可以报告安全事件")
MSG_NOT_FILED = gettext_lazy("机构须为已备案状态")
MSG_FUTURE = gettext_lazy("发生时间不能晚于现在")
MSG_TOO_OLD = gettext_lazy("发生时间早于 {days} 天前，请直接联系县级卫生健康部门")
MSG_NOT_ALLOWED = gettext_lazy("您无权办理该事件")
MSG_WRONG_STATUS = gettext_lazy("当前状态为“{status}”，不能办理这一步")
MSG_NOTE = gettext_lazy("请填写处置意见")

KIND_REPORTED = "incident.reported"
KIND_ABUSE = "incident.abuse"
KIND_UPDATE = "incident.update"


class IncidentError(ActionError):
    pass


def _url(incident: Incident) -> str:
    return reverse("incidents:detail", args=[incident.pk])


def _county_users(incident: Incident, roles) -> list[int]:
    """The users of these roles whose region is the incident's county (the authority it reports to)."""
    return list(User.objects.filter(role__in=roles, is_active=True, region_id=incident.institution.region_id[:6])
                .values_list("pk", flat=True))


def _audit(incident: Incident, by, action: str, text, **values) -> None:
    audit_record(actor=by, action=f"incident.{action}", obj=incident, region_code=incident.institution.region_id,
                 summary=AuditText(text, **values),
                 after={"kind": incident.kind, "status": incident.status, "children": incident.children_affected})


def incident_report(*, by: User, institution: Institution, kind: str, occurred_at: datetime.datetime,
                    children_affected: int, description: str, measures: str) -> Incident:
    if not InstitutionOperator.objects.filter(institution=institution, user=by).exists():
        raise IncidentError(MSG_NOT_OPERATOR)
    if institution.filing_state != FilingState.FILED:
        raise IncidentError(MSG_NOT_FILED)
    now = timezone.now()
    if occurred_at > now + datetime.timedelta(minutes=5):
        raise IncidentError(MSG_FUTURE)
    if occurred_at < now - datetime.timedelta(days=MAX_AGE_DAYS):
        raise IncidentError(MSG_TOO_OLD.format(days=MAX_AGE_DAYS))
    with transaction.atomic():
        incident = Incident.objects.create(
            institution=institution, kind=kind, occurred_at=occurred_at, children_affected=children_affected,
            description=description.strip(), measures=measures.strip(), reported_by=by,
            late=now - occurred_at > datetime.timedelta(hours=REPORT_HOURS))
        _audit(incident, by, "report", gettext_lazy("报告安全事件：{kind}，涉及 {n} 名婴幼儿"),
               kind=IncidentKind(kind).label, n=children_affected)
        values = {"name": institution.name, "kind": str(IncidentKind(kind).label),
                  "at": timezone.localtime(occurred_at).strftime("%Y-%m-%d %H:%M")}
        notices = [Notice(pk, KIND_REPORTED, Message(gettext_lazy("安全事件报告：%(name)s %(kind)s"), **values),
                          Message(gettext_lazy("%(name)s报告了%(at)s发生的%(kind)s，请确认并处置。"), **values),
                          _url(incident), f"incident:{incident.pk}:reported")
                   for pk in _county_users(incident, [Role.INSPECTOR])]
        if kind == IncidentKind.ABUSE:  # at once, to the county's admins too
            notices += [Notice(pk, KIND_ABUSE, Message(gettext_lazy("紧急：疑似虐待婴幼儿事件 %(name)s"), **values),
                               Message(gettext_lazy("%(name)s报告了%(at)s发生的疑似虐待、伤害婴幼儿事件，请立即处置。"),
                                       **values), _url(incident), f"incident:{incident.pk}:abuse")
                        for pk in _county_users(incident, [Role.ADMIN])]
        notification_send_many(notices)
        # The figures count incidents per period (docs/incidents.md): recompute from the incident's year.
        region_figures_changed(institution.region_id, since=timezone.localdate(occurred_at))
    return incident


def actions_for(user: User, incident: Incident) -> list[str]:
    from .permissions import handles

    if not handles(user, incident):
        return []
    if incident.status == IncidentStatus.REPORTED:
        return ["acknowledge", "close"]
    if incident.status == IncidentStatus.ACKNOWLEDGED:
        return (["visit"] if incident.visit_id is None and user.role == Role.INSPECTOR else []) + ["close"]
    return []


STEP_LABELS = {"acknowledge": gettext_lazy("确认并开始处置"), "visit": gettext_lazy("安排核查检查（今日）"),
               "close": gettext_lazy("办结")}


def incident_step(*, by: User, incident: Incident, action: str, note: str = "") -> Incident:
    from inspections.services.visits import visit_plan

    note = (note or "").strip()
    with transaction.atomic():
        incident = Incident.objects.select_for_update().select_related("institution").get(pk=incident.pk)
        allowed = actions_for(by, incident)
        if action not in allowed:
            from .permissions import handles

            raise IncidentError(MSG_WRONG_STATUS.format(status=incident.get_status_display())
                                if handles(by, incident) else MSG_NOT_ALLOWED)
        now = timezone.now()
        if action == "acknowledge":
            incident.status, incident.acknowledged_at, incident.acknowledged_by = IncidentStatus.ACKNOWLEDGED, now, by
        elif action == "visit":
            incident.visit = visit_plan(institution=incident.institution,
                                        type=VISIT_TYPE.get(incident.kind, "routine"),
                                        on=timezone.localdate(), by=by, inspectors=[by])
        elif action == "close":
            if not note:
                raise IncidentError(MSG_NOTE)
            incident.status, incident.closed_at, incident.closed_by = IncidentStatus.CLOSED, now, by
        if note:
            incident.note = note
        incident.save()
        _audit(incident, by, action, gettext_lazy("安全事件：{step}"), step=STEP_LABELS[action])
        values = {"name": incident.institution.name, "step": str(STEP_LABELS[action])}
        notification_send_many([
            Notice(pk, KIND_UPDATE, Message(gettext_lazy("安全事件处置进展：%(name)s"), **values),
                   Message(gettext_lazy("县级卫生健康部门：%(step)s。"), **values), _url(incident),
                   f"incident:{incident.pk}:{action}")
            for pk in InstitutionOperator.objects.filter(institution=incident.institution).values_list(
                "user_id", flat=True)])
    return incident
