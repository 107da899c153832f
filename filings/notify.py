"""Who hears about a filing and what they are told: the reviewers of the county when it is submitted, its
operators when it is decided, and the morning reminders (review deadlines for reviewers; expiring staff
health checks and filing materials for operators). Called by filings.tasks with ids; every notice has a
dedupe key, so running any of these twice sends nothing twice."""
import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.stored_text import Lines, Message
from core.workdays import WorkingDays
from institutions.models import FilingState, Institution, StaffMember, StaffRole
from notifications.services import Notice, notification_send, notification_send_many
from regions.selectors import code_prefixes
from standards.selectors import values_by_province

from .models import (
    DocumentType,
    Filing,
    FilingDecisionAction,
    FilingDocument,
    FilingEvent,
    FilingKind,
    FilingStatus,
)
from .sla import ACCEPT, DECIDE, sla_for

KIND_SUBMITTED = "filing.submitted"
KIND_DECIDED = {
    FilingDecisionAction.RETURN: "filing.returned",
    FilingDecisionAction.APPROVE: "filing.approved",
    FilingDecisionAction.REJECT: "filing.rejected",
}
KIND_REMINDER_ACCEPT = "reminder.filing_accept"
KIND_REMINDER_DECIDE = "reminder.filing_decide"
KIND_REMINDER_HEALTH_CHECK = "reminder.health_check"
KIND_REMINDER_DOCUMENT = "reminder.document"

EXPIRY_WINDOW_DAYS = 30
# An expiring item is announced once when it enters each window (30, 7 and 1 days left), not every morning:
# a daily notice for 30 days about the same certificate would drown the ones that matter.
EXPIRY_REMINDER_STEPS = (1, 7, 30)


def filing_url(filing_id: int) -> str:
    return reverse("filings:detail", args=[filing_id])


def institution_url(institution_id: int) -> str:
    return reverse("institutions:staff_detail", args=[institution_id])


def _name(filing: Filing):
    return filing.name or gettext_lazy("（未填写机构名称）")


def reviewers_covering(county_code: str):
    """Active reviewers whose region scope covers the county (its own code or an ancestor's)."""
    return User.objects.filter(role=Role.REVIEWER, is_active=True, region_id__in=code_prefixes(county_code))


def filing_operators(filing: Filing):
    """Who is told of a decision: the operator who started the filing and the operators of its institution."""
    who = Q(pk=filing.created_by_id) if filing.created_by_id else Q(pk__in=[])
    if filing.institution_id:
        who |= Q(operated_institutions=filing.institution_id)
    return User.objects.filter(who, is_active=True).distinct()


# --- events ----------------------------------------------------------------------------------------

def notify_submitted(filing_id: int) -> int:
    """Tell the county's reviewers of a (re)submission; returns how many were told. Nothing when the
    filing no longer awaits review (withdrawn or decided before the task ran)."""
    filing = Filing.objects.filter(pk=filing_id).select_related("county").first()
    if filing is None or filing.status != FilingStatus.SUBMITTED or not filing.county_id:
        return 0
    event = filing.events.filter(action=FilingDecisionAction.SUBMIT).order_by("-at", "-id").first()
    if event is None:
        return 0
    sla = sla_for([filing], timezone.localdate())[0]
    title = Message(gettext_lazy("新的备案申请待审核：%(name)s"), name=_name(filing))
    body = Message(gettext_lazy("%(kind)s，%(county)s，提交于%(submitted)s。请于%(accept_due)s前受理"
                                "（%(accept_days)d个工作日），%(decide_due)s前办结（%(decide_days)d个工作日）。"),
                   kind=FilingKind(filing.kind).label, county=filing.county.name, submitted=sla.submitted_on,
                   accept_due=sla.accept_due, accept_days=sla.accept_days, decide_due=sla.decide_due,
                   decide_days=sla.decide_days)
    count = 0
    for reviewer in reviewers_covering(filing.county_id):
        notification_send(recipient=reviewer, kind=KIND_SUBMITTED, title=title, body=body, url=filing_url(filing.pk),
                          dedupe_key=f"filing:{filing.pk}:event:{event.pk}")
        count += 1
    return count


def _decision_text(filing: Filing, event: FilingEvent) -> tuple[Message, Message | Lines]:
    values = {"kind": FilingKind(filing.kind).label, "name": _name(filing)}
    reason = event.reason or "—"
    if event.action == FilingDecisionAction.APPROVE:
        title = Message(gettext_lazy("%(kind)s已通过：%(name)s"), **values)
        body = (Message(gettext_lazy("备案编号：%(number)s。可在备案页面查看并打印备案回执。"), number=filing.filing_number)
                if filing.filing_number else Message(gettext_lazy("审核已通过。")))
    elif event.action == FilingDecisionAction.RETURN:
        title = Message(gettext_lazy("%(kind)s被退回补正：%(name)s"), **values)
        count = len(event.comments or {})
        body = Lines(Message(gettext_lazy("审核意见：%(reason)s"), reason=reason),
                     Message(gettext_lazy("另有%(count)d条逐项意见，请按意见修改后重新提交。"), count=count) if count else "")
    else:
        title = Message(gettext_lazy("%(kind)s未通过：%(name)s"), **values)
        body = Message(gettext_lazy("不予备案。理由：%(reason)s"), reason=reason)
    return title, body


def notify_decided(filing_id: int, event_id: int) -> int:
    """Tell the filing's operators of a decision (return, approval or rejection) with its reason."""
    event = FilingEvent.objects.filter(pk=event_id, filing_id=filing_id).select_related("filing").first()
    if event is None or event.action not in KIND_DECIDED:
        return 0
    filing = event.filing
    title, body = _decision_text(filing, event)
    count = 0
    for operator in filing_operators(filing):
        notification_send(recipient=operator, kind=KIND_DECIDED[event.action], title=title, body=body,
                          url=filing_url(filing.pk), dedupe_key=f"filing:{filing.pk}:event:{event.pk}")
        count += 1
    return count


# --- morning reminders -----------------------------------------------------------------------------

def deadline_notices(today: datetime.date) -> list[Notice]:
    """One notice per reviewer in scope for each filing awaiting review whose acceptance or decision
    deadline is today, the next working day or past; keyed by the day, so a reviewer is reminded each
    working morning until the filing is handled."""
    filings = (Filing.objects.pending().filter(submitted_at__isnull=False, county__isnull=False)
               .only("id", "kind", "status", "name", "county_id", "submitted_at", "accepted_at", "decided_at"))
    due = [sla for sla in sla_for(filings, today) if sla.due_soon]
    if not due:
        return []
    prefixes = {prefix for sla in due for prefix in code_prefixes(sla.filing.county_id)}
    reviewers_by_region: dict[str, list[int]] = defaultdict(list)
    for pk, region_id in User.objects.filter(role=Role.REVIEWER, is_active=True, region_id__in=prefixes) \
            .values_list("pk", "region_id"):
        reviewers_by_region[region_id].append(pk)
    notices = []
    for sla in due:
        filing = sla.filing
        values = {"kind": FilingKind(filing.kind).label, "submitted": sla.submitted_on,
                  "elapsed": sla.working_days_elapsed}
        if sla.due_soon == ACCEPT:
            kind = KIND_REMINDER_ACCEPT
            title = Message(gettext_lazy("备案申请已超过受理时限：%(name)s") if sla.overdue == ACCEPT
                            else gettext_lazy("备案申请受理时限将至：%(name)s"), name=_name(filing))
            body = Message(gettext_lazy("%(kind)s，提交于%(submitted)s，应于%(due)s前受理（%(days)d个工作日），"
                                        "已过%(elapsed)d个工作日。"),
                           due=sla.accept_due, days=sla.accept_days, **values)
        else:
            kind = KIND_REMINDER_DECIDE
            title = Message(gettext_lazy("备案申请已超过办理时限：%(name)s") if sla.overdue == DECIDE
                            else gettext_lazy("备案申请办理时限将至：%(name)s"), name=_name(filing))
            body = Message(gettext_lazy("%(kind)s，提交于%(submitted)s，应于%(due)s前办结（%(days)d个工作日），"
                                        "已过%(elapsed)d个工作日。"),
                           due=sla.decide_due, days=sla.decide_days, **values)
        key = f"reminder:{today.isoformat()}:filing:{filing.pk}:{sla.due_soon}"
        for prefix in code_prefixes(filing.county_id):
            for reviewer_id in reviewers_by_region.get(prefix, ()):
                notices.append(Notice(reviewer_id, kind, title, body, filing_url(filing.pk), key))
    return notices


def _operators_by_institution(institution_ids) -> dict[int, list[int]]:
    """Active operator ids of each institution, in one query."""
    links = Institution.operators.through.objects.filter(institution_id__in=set(institution_ids),
                                                         user__is_active=True)
    result: dict[int, list[int]] = defaultdict(list)
    for institution_id, user_id in links.values_list("institution_id", "user_id"):
        result[institution_id].append(user_id)
    return result


def _expiry_step(days_left: int) -> int:
    return min(step for step in EXPIRY_REMINDER_STEPS if days_left <= step)


def health_check_notices(today: datetime.date) -> list[Notice]:
    """Operators of filed institutions, for each staff member whose yearly health check expires within 30
    days (health_check_on + the validity in force in the institution's province, national 365 days)."""
    national, provinces = values_by_province("staff.health_check_valid_days", today)
    longest = datetime.timedelta(days=max([national, *provinces.values()]))
    shortest = datetime.timedelta(days=min([national, *provinces.values()]))
    staff = (StaffMember.objects
             .filter(health_check_on__gte=today - longest,
                     health_check_on__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS) - shortest,
                     institution__filing_state=FilingState.FILED)
             .select_related("institution").order_by("institution_id", "health_check_on", "id"))
    staff = list(staff)
    operators = _operators_by_institution(s.institution_id for s in staff)
    notices = []
    for member in staff:
        valid = datetime.timedelta(days=provinces.get(member.institution.region_id[:2], national))
        expires = member.health_check_on + valid
        days_left = (expires - today).days
        if not 0 <= days_left <= EXPIRY_WINDOW_DAYS:
            continue
        title = Message(gettext_lazy("工作人员健康检查即将到期：%(institution)s %(name)s"),
                        institution=member.institution.name, name=member.name)
        body = Message(gettext_lazy("%(name)s（%(role)s）的健康检查于%(expires)s到期（上次检查：%(checked)s），"
                                    "还有%(days)d天。请及时安排年度健康检查，并通过变更备案更新。"),
                       name=member.name, role=StaffRole(member.role).label, expires=expires,
                       checked=member.health_check_on, days=days_left)
        # Staff rows are rewritten by each approved change filing: the key names the person, not the row.
        key = (f"reminder:health_check:{member.institution_id}:{member.role}:{member.name}:{expires.isoformat()}:"
               f"{_expiry_step(days_left)}d")
        for operator_id in operators.get(member.institution_id, ()):
            notices.append(Notice(operator_id, KIND_REMINDER_HEALTH_CHECK, title, body,
                                  institution_url(member.institution_id), key))
    return notices


def document_notices(today: datetime.date) -> list[Notice]:
    """Operators of filed institutions, for each filing material on file that expires within 30 days: a
    current document of an approved filing, unless a later approved filing holds a newer one of its type."""
    newer = FilingDocument.objects.current().filter(
        filing__institution=OuterRef("filing__institution"), filing__status=FilingStatus.APPROVED,
        doc_type=OuterRef("doc_type"), uploaded_at__gt=OuterRef("uploaded_at"))
    documents = list(
        FilingDocument.objects.current()
        .filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS),
                filing__status=FilingStatus.APPROVED, filing__institution__filing_state=FilingState.FILED)
        .filter(~Exists(newer))
        .select_related("filing__institution").order_by("filing__institution_id", "valid_until", "id"))
    operators = _operators_by_institution(d.filing.institution_id for d in documents)
    notices = []
    for document in documents:
        institution = document.filing.institution
        days_left = (document.valid_until - today).days
        doc = (DocumentType(document.doc_type).label if document.doc_type in DocumentType.values
               else document.get_doc_type_display())  # a province's own material: its name as set
        title = Message(gettext_lazy("备案材料即将过期：%(institution)s %(doc)s"), institution=institution.name, doc=doc)
        body = Message(gettext_lazy("%(doc)s（%(file)s）有效期至%(until)s，还有%(days)d天。"
                                    "请及时办理，并通过变更备案上传新的材料。"),
                       doc=doc, file=document.original_name, until=document.valid_until, days=days_left)
        key = f"reminder:document:{document.pk}:{document.valid_until.isoformat()}:{_expiry_step(days_left)}d"
        for operator_id in operators.get(institution.pk, ()):
            notices.append(Notice(operator_id, KIND_REMINDER_DOCUMENT, title, body, institution_url(institution.pk),
                                  key))
    return notices


def send_reminders(today: datetime.date) -> dict[str, int]:
    """The morning reminders; returns how many new notices of each sort were created. Review deadlines
    count working days, so reviewers are reminded on working days only."""
    digest = _("托育机构备案与监管平台每日提醒（%(date)s）") % {"date": today.isoformat()}
    counts = {"deadlines": 0}
    if WorkingDays.for_day(today).is_workday(today):
        counts["deadlines"] = notification_send_many(deadline_notices(today), digest_subject=digest)
    counts["health_checks"] = notification_send_many(health_check_notices(today), digest_subject=digest)
    counts["documents"] = notification_send_many(document_notices(today), digest_subject=digest)
    return counts
