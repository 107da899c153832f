"""Pilots and demonstration institutions (试点 / 示范性托育机构): the designation workflow (docs/programme.md).

application (the operator) or nomination (the county) → county first review → city review and recommendation →
province decision (for a provincial designation; a city or county decides its own level) → public notice (公示,
5 working days) → designation with a validity period (2 years unless the decision says otherwise) → quality-
improvement tracking → acceptance review (验收: passed / extended / failed) → renewal or revocation.

Each step is taken by the admins of one level of the institution's region (never a superuser: separation of duties),
is a DesignationEvent with its reason, and an audit row. The institution's pilot level (`Institution.pilot_level`,
what the figures count) follows the pilot designations in force today once it has any (a nightly task for dates).
"""
import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core.errors import ActionError
from core.workdays import WorkingDays
from institutions.changes import region_figures_changed
from institutions.models import FilingState, Institution, InstitutionOperator, PilotLevel
from regions.scope import code_prefix_q

from .models import (
    DESIGNATION_ACTIONS,
    IN_FORCE,
    Designation,
    DesignationEvent,
    DesignationKind,
    DesignationLevel,
    DesignationStatus,
    ImprovementItem,
)

S = DesignationStatus
LEVEL_LENGTH = {DesignationLevel.COUNTY: 6, DesignationLevel.CITY: 4, DesignationLevel.PROVINCE: 2}
NOTICE_WORKING_DAYS = 5
DEFAULT_VALIDITY_YEARS = 2
CLOSED = (S.REJECTED, S.REVOKED, S.FAILED)

MSG_NOT_ALLOWED = gettext_lazy("您无权办理这一步（由{level}卫生健康部门管理员办理）")
MSG_WRONG_STATUS = gettext_lazy("当前状态为“{status}”，不能办理这一步")
MSG_REASON = gettext_lazy("请填写意见或理由")
MSG_APPLY_NOT_ALLOWED = gettext_lazy("只有机构经办人或所在县级卫生健康部门管理员可以申报")
MSG_NOT_FILED = gettext_lazy("机构备案后方可申报")
MSG_OPEN = gettext_lazy("该机构已有一项{kind}申报或命名仍在进行中")
MSG_NOTICE_RUNNING = gettext_lazy("公示期至 {to} 结束，公示期满后方可命名")
MSG_VALID_TO = gettext_lazy("有效期至须晚于命名日期")
MSG_DUE = gettext_lazy("新的验收期限须晚于原期限 {due}")
MSG_RENEW = gettext_lazy("续期后的有效期须晚于原有效期 {to}")
MSG_STATEMENT = gettext_lazy("请填写申报材料说明")
MSG_ITEM_STATUS = gettext_lazy("只有已命名、质量提升中的机构可以记录提升事项")

# action: (statuses it starts from, the level that takes it: "county"/"city"/"province" or "decider")
STEPS = {
    "county_pass": ((S.APPLIED,), DesignationLevel.COUNTY),
    "city_recommend": ((S.COUNTY_PASSED,), DesignationLevel.CITY),
    "province_approve": ((S.CITY_RECOMMENDED,), DesignationLevel.PROVINCE),
    "reject": ((S.APPLIED, S.COUNTY_PASSED, S.CITY_RECOMMENDED, S.NOTICE), None),  # the level reviewing it
    "designate": ((S.NOTICE,), "decider"),
    "accept_pass": ((S.DESIGNATED, S.EXTENDED), "decider"),
    "accept_extend": ((S.DESIGNATED,), "decider"),
    "accept_fail": ((S.DESIGNATED, S.EXTENDED), "decider"),
    "revoke": ((S.DESIGNATED, S.EXTENDED, S.ACCEPTED), "decider"),
    "renew": ((S.ACCEPTED,), "decider"),
}
STEP_CHOICES = sorted(STEPS)  # the API's enum of step actions
ACTION_LABELS = DESIGNATION_ACTIONS
NEEDS_REASON = ("reject", "accept_extend", "accept_fail", "revoke")
REVIEWING_LEVEL = {S.APPLIED: DesignationLevel.COUNTY, S.COUNTY_PASSED: DesignationLevel.CITY,
                   S.CITY_RECOMMENDED: DesignationLevel.PROVINCE}


class DesignationError(ActionError):
    pass


def is_level_admin(user, institution, level: str) -> bool:
    """An admin of exactly `level` over the institution's region (a county admin of its county, ...)."""
    scope = user.admin_scope
    return bool(scope) and len(scope) == LEVEL_LENGTH[level] and institution.region_id.startswith(scope)


DECIDER_STATUSES = (S.NOTICE, S.DESIGNATED, S.EXTENDED, S.ACCEPTED)


def todo_q(user) -> Q:
    """The designations waiting for a step by the user's level (the review at its level, or a decision of its
    level's own designations); nothing for a user who is not a county, city or province admin."""
    scope = user.admin_scope or ""
    level = {length: level for level, length in LEVEL_LENGTH.items()}.get(len(scope))
    if level is None:
        return Q(pk__in=[])
    reviewing = {DesignationLevel.COUNTY: S.APPLIED, DesignationLevel.CITY: S.COUNTY_PASSED,
                 DesignationLevel.PROVINCE: S.CITY_RECOMMENDED}[level]
    return code_prefix_q("institution__region_id", scope) & (
        Q(status=reviewing) | Q(level=level, status__in=DECIDER_STATUSES))


def acting_level(designation: Designation, action: str) -> str:
    statuses, level = STEPS[action]
    if level is None:  # reject: the level reviewing it now (the decider during the notice)
        return REVIEWING_LEVEL.get(designation.status, designation.level)
    return designation.level if level == "decider" else level


def may_take(user, designation: Designation, action: str) -> bool:
    statuses, _level = STEPS[action]
    return designation.status in statuses and is_level_admin(user, designation.institution,
                                                             acting_level(designation, action))


def actions_for(user, designation: Designation) -> list[str]:
    return [action for action in STEPS if may_take(user, designation, action)]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _event(designation, *, by, action, before, reason="", visit_ref=""):
    DesignationEvent.objects.create(designation=designation, action=action, from_status=before,
                                    to_status=designation.status, reason=reason, visit_ref=visit_ref, by=by)
    audit_record(actor=by, action=f"designation.{action}", obj=designation.institution,
                 region_code=designation.institution.region_id,
                 summary=AuditText(gettext_lazy("{level}{kind}：{step}"), level=designation.get_level_display(),
                                   kind=designation.get_kind_display(), step=ACTION_LABELS[action]),
                 before={"status": before}, after={"status": designation.status, "reason": reason[:200]})


def designation_apply(*, by: User, institution: Institution, kind: str, level: str, statement: str) -> Designation:
    """The operator applies, or the county's admin nominates the institution."""
    operator = InstitutionOperator.objects.filter(institution=institution, user=by).exists()
    nominated = not operator
    if nominated and not is_level_admin(by, institution, DesignationLevel.COUNTY):
        raise DesignationError(MSG_APPLY_NOT_ALLOWED)
    if institution.filing_state != FilingState.FILED:
        raise DesignationError(MSG_NOT_FILED)
    if not (statement or "").strip():
        raise DesignationError(MSG_STATEMENT)
    today = timezone.localdate()
    with transaction.atomic():
        Institution.objects.select_for_update().get(pk=institution.pk)
        open_ones = Designation.objects.filter(institution=institution, kind=kind).exclude(status__in=CLOSED)
        if any(d.valid_to is None or d.valid_to >= today for d in open_ones):
            raise DesignationError(MSG_OPEN.format(kind=DesignationKind(kind).label))
        designation = Designation.objects.create(institution=institution, kind=kind, level=level,
                                                 nominated=nominated, statement=statement.strip(), created_by=by)
        _event(designation, by=by, action="nominate" if nominated else "apply", before="")
    return designation


def designation_step(*, by: User, designation: Designation, action: str, reason: str = "",
                     on: datetime.date | None = None, valid_to: datetime.date | None = None,
                     acceptance_due: datetime.date | None = None, visit_ref: str = "", grade: str = ""
                     ) -> Designation:
    """Take one step of the workflow (STEPS): the reviews, the designation after the notice, the acceptance review,
    renewal and revocation."""
    if action not in STEPS:
        raise DesignationError(MSG_WRONG_STATUS.format(status=action))
    reason = (reason or "").strip()
    if action in NEEDS_REASON and not reason:
        raise DesignationError(MSG_REASON)
    today = timezone.localdate()
    on = on or today
    with transaction.atomic():
        designation = Designation.objects.select_for_update().select_related("institution").get(pk=designation.pk)
        statuses, _level = STEPS[action]
        if designation.status not in statuses:
            raise DesignationError(MSG_WRONG_STATUS.format(status=designation.get_status_display()))
        level = acting_level(designation, action)
        if not is_level_admin(by, designation.institution, level):
            raise DesignationError(MSG_NOT_ALLOWED.format(level=DesignationLevel(level).label))
        before = designation.status
        figures_from = None
        if action in ("county_pass", "city_recommend", "province_approve"):
            decided = {"county_pass": DesignationLevel.COUNTY, "city_recommend": DesignationLevel.CITY,
                       "province_approve": DesignationLevel.PROVINCE}[action] == designation.level
            if decided:
                designation.status = S.NOTICE
                designation.notice_from = today
                designation.notice_to = WorkingDays.around([today], days_after=30).add(today, NOTICE_WORKING_DAYS)
            else:
                designation.status = S.COUNTY_PASSED if action == "county_pass" else S.CITY_RECOMMENDED
        elif action == "reject":
            designation.status = S.REJECTED
        elif action == "designate":
            if today <= designation.notice_to:
                raise DesignationError(MSG_NOTICE_RUNNING.format(to=designation.notice_to.isoformat()))
            on = max(on, designation.notice_to + datetime.timedelta(days=1))
            valid_to = valid_to or _add_years(on, DEFAULT_VALIDITY_YEARS) - datetime.timedelta(days=1)
            if valid_to <= on:
                raise DesignationError(MSG_VALID_TO)
            designation.status, designation.designated_on, designation.valid_to = S.DESIGNATED, on, valid_to
            designation.acceptance_due = valid_to
            designation.grade = (grade or "").strip()[:20]
            figures_from = on
        elif action == "accept_pass":
            designation.status, designation.accepted_on = S.ACCEPTED, on
        elif action == "accept_extend":
            if acceptance_due is None or acceptance_due <= (designation.acceptance_due or on):
                raise DesignationError(MSG_DUE.format(due=designation.acceptance_due))
            designation.status, designation.acceptance_due = S.EXTENDED, acceptance_due
            designation.valid_to = max(designation.valid_to, acceptance_due)
        elif action in ("accept_fail", "revoke"):
            designation.status = S.FAILED if action == "accept_fail" else S.REVOKED
            designation.ended_on = on  # no longer in force from that day: its last day is the day before
            designation.valid_to = min(designation.valid_to, on - datetime.timedelta(days=1))
            figures_from = on
        elif action == "renew":
            if valid_to is None or valid_to <= designation.valid_to:
                raise DesignationError(MSG_RENEW.format(to=designation.valid_to))
            designation.status, designation.valid_to, designation.acceptance_due = S.DESIGNATED, valid_to, valid_to
            designation.accepted_on = None
            figures_from = on
        designation.save()
        _event(designation, by=by, action=action, before=before, reason=reason, visit_ref=visit_ref)
        if designation.kind == DesignationKind.PILOT and figures_from is not None:
            pilot_levels_refresh(institution_ids=[designation.institution_id])
            region_figures_changed(designation.institution.region_id, since=figures_from)
    return designation


def improvement_add(*, by: User, designation: Designation, text: str, deadline: datetime.date) -> ImprovementItem:
    if designation.status not in (S.DESIGNATED, S.EXTENDED):
        raise DesignationError(MSG_ITEM_STATUS)
    if not (is_level_admin(by, designation.institution, designation.level)
            or is_level_admin(by, designation.institution, DesignationLevel.COUNTY)):
        raise DesignationError(MSG_NOT_ALLOWED.format(level=designation.get_level_display()))
    if not (text or "").strip():
        raise DesignationError(MSG_REASON)
    with transaction.atomic():
        item = ImprovementItem.objects.create(designation=designation, text=text.strip(), deadline=deadline,
                                              created_by=by)
        audit_record(actor=by, action="designation.improvement", obj=designation.institution,
                     region_code=designation.institution.region_id,
                     summary=AuditText(gettext_lazy("质量提升事项：{text}"), text=item.text[:80]))
    return item


def improvement_report(*, by: User, item: ImprovementItem, progress: str, done: bool) -> ImprovementItem:
    designation = item.designation
    if not InstitutionOperator.objects.filter(institution=designation.institution, user=by).exists():
        raise DesignationError(MSG_APPLY_NOT_ALLOWED)
    if designation.status not in (S.DESIGNATED, S.EXTENDED):
        raise DesignationError(MSG_ITEM_STATUS)
    if not (progress or "").strip():
        raise DesignationError(MSG_REASON)
    with transaction.atomic():
        item.progress, item.done, item.updated_by = progress.strip(), done, by
        item.save(update_fields=["progress", "done", "updated_by", "updated_at"])
        audit_record(actor=by, action="designation.progress", obj=designation.institution,
                     region_code=designation.institution.region_id,
                     summary=AuditText(gettext_lazy("报送提升进展：{text}"), text=item.text[:80]))
    return item


def pilot_levels_refresh(*, institution_ids=None, on: datetime.date | None = None) -> int:
    """`Institution.pilot_level` from the pilot designations in force on `on` (today), the highest level, for the
    institutions that were ever designated (the others keep the level they were filed or imported with). One UPDATE
    per level, in SQL; returns the rows changed."""
    on = on or timezone.localdate()
    designated = Designation.objects.filter(institution_id=OuterRef("pk"), kind=DesignationKind.PILOT,
                                            designated_on__isnull=False)
    rows = Institution.objects.filter(Exists(designated))
    if institution_ids is not None:
        rows = rows.filter(pk__in=list(institution_ids))
    in_force = designated.filter(status__in=IN_FORCE, designated_on__lte=on, valid_to__gte=on)
    higher = Q()  # in force at a higher level than the one being set
    changed = 0
    for level in (PilotLevel.PROVINCE, PilotLevel.CITY, PilotLevel.COUNTY):
        at_level = Exists(in_force.filter(level=level))
        changed += rows.filter(at_level).exclude(higher).exclude(pilot_level=level).update(pilot_level=level)
        higher |= Q(at_level)
    changed += rows.exclude(Exists(in_force)).exclude(pilot_level=PilotLevel.NONE).update(
        pilot_level=PilotLevel.NONE)
    return changed
