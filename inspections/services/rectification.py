"""Rectification (整改): the inspector issues an order for a visit's findings, the operator answers with
evidence, the inspector accepts it or rejects it back with a reason; past its deadline an order goes overdue."""
import datetime
import pathlib

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import outbox
from institutions.changes import region_figures_changed

from ..models import (
    AWAITING_OPERATOR,
    CAN_GO_OVERDUE,
    DEFAULT_CHECKLIST,
    EvidenceFile,
    Finding,
    InspectionType,
    OrderAction,
    OrderStatus,
    RectificationEvent,
    RectificationEvidence,
    RectificationOrder,
    Severity,
    Visit,
    VisitStatus,
)
from ..rules import rules_in_force
from ..tasks import rectification_event_notify
from ..uploads import MAX_FILES_PER_UPLOAD, MSG_TOO_MANY_FILES, check_evidence
from .common import (
    MSG_DEADLINE_PAST,
    MSG_EVIDENCE_TEXT_REQUIRED,
    MSG_FINDING_NOT_OPEN,
    MSG_FOLLOW_UP_EXISTS,
    MSG_NO_OPEN_FINDINGS,
    MSG_ORDER_NOT_ANSWERED,
    MSG_ORDER_NOT_AWAITING,
    MSG_REASON_REQUIRED,
    MSG_VISIT_NOT_FINISHED,
    InspectionActionError,
    audit,
    now,
)
from .visits import active_checklist, visit_plan

ACCEPT, REJECT = "accept", "reject"


def _audit(order: RectificationOrder, *, by, action: str, summary: str = "", before=None, after=None):
    audit(order, by=by, action=f"rectification.{action}", region_code=order.institution.region_id,
          summary=summary or f"{order.institution.name} #{order.pk}", before=before, after=after)


def _locked(order: RectificationOrder) -> RectificationOrder:
    return RectificationOrder.objects.select_for_update().select_related("institution").get(pk=order.pk)


def _event(order: RectificationOrder, *, action: str, by, from_status: str, reason: str = "",
           notify: bool = True) -> RectificationEvent:
    event = RectificationEvent.objects.create(order=order, action=action, by=by, from_status=from_status,
                                              to_status=order.status, reason=reason)
    if notify:
        order_id, event_id = order.pk, event.pk
        outbox.enqueue(rectification_event_notify, order_id, event_id)
    return event


def default_deadline(findings, *, region_code: str, today: datetime.date | None = None) -> datetime.date:
    """15 days when a high-severity finding is among them, 30 otherwise: the standards in force for the
    institution's province (`region_code`) that day (rectification.high_deadline_days / deadline_days)."""
    today = today or timezone.localdate()
    policy = rules_in_force(region_code, today)
    high = any(f.severity == Severity.HIGH for f in findings)
    return today + datetime.timedelta(days=policy.high_deadline_days if high else policy.deadline_days)


def rectification_issue(*, visit: Visit, by: User, deadline: datetime.date | None = None, requirements: str = "",
                        finding_ids=None) -> RectificationOrder:
    """An order for the visit's findings not yet in an order (or the chosen ones among them)."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("institution").get(pk=visit.pk)
        if visit.status != VisitStatus.FINISHED:
            raise InspectionActionError(MSG_VISIT_NOT_FINISHED)
        open_findings = list(visit.findings.filter(order__isnull=True))
        if not open_findings:
            raise InspectionActionError(MSG_NO_OPEN_FINDINGS)
        if finding_ids:
            chosen = {int(pk) for pk in finding_ids}
            if not chosen <= {f.pk for f in open_findings}:
                raise InspectionActionError(MSG_FINDING_NOT_OPEN)
            open_findings = [f for f in open_findings if f.pk in chosen]
        today = timezone.localdate()
        deadline = deadline or default_deadline(open_findings, region_code=visit.institution.region_id, today=today)
        if deadline < today:
            raise InspectionActionError(MSG_DEADLINE_PAST)
        order = RectificationOrder.objects.create(visit=visit, institution=visit.institution, deadline=deadline,
                                                  requirements=(requirements or "").strip(), issued_by=by)
        Finding.objects.filter(pk__in=[f.pk for f in open_findings]).update(order=order)
        _event(order, action=OrderAction.ISSUE, by=by, from_status="")
        _audit(order, by=by, action="issue", after={"deadline": deadline.isoformat(), "findings": len(open_findings)})
        region_figures_changed(visit.institution.region_id, since=today)  # open orders
        return order


def rectification_answer(*, order: RectificationOrder, by: User, text: str, files=()) -> RectificationEvidence:
    """The operator's evidence; the order then awaits verification (late evidence is accepted too)."""
    text = (text or "").strip()
    if not text:
        raise InspectionActionError(MSG_EVIDENCE_TEXT_REQUIRED)
    files = list(files or [])
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise InspectionActionError(MSG_TOO_MANY_FILES.format(n=MAX_FILES_PER_UPLOAD))
    checked = [(upload, *check_evidence(upload)) for upload in files]
    with transaction.atomic():
        order = _locked(order)
        if order.status not in AWAITING_OPERATOR:
            raise InspectionActionError(MSG_ORDER_NOT_AWAITING.format(status=order.get_status_display()))
        evidence = RectificationEvidence.objects.create(order=order, text=text, submitted_by=by)
        for upload, content_type, suffix in checked:
            stored = EvidenceFile(evidence=evidence, original_name=pathlib.PurePath(upload.name).name[:255],
                                  content_type=content_type, size=upload.size)
            upload.seek(0)
            stored.file.save(f"evidence{suffix}", upload, save=False)
            stored.save()
        before = order.status
        order.status, order.answered_at = OrderStatus.ANSWERED, now()
        order.save(update_fields=["status", "answered_at"])
        _event(order, action=OrderAction.ANSWER, by=by, from_status=before)
        _audit(order, by=by, action="answer", before={"status": before}, after={"status": order.status,
                                                                                 "files": len(checked)})
        return evidence


def rectification_verify(*, order: RectificationOrder, by: User, decision: str, reason: str = "",
                         deadline: datetime.date | None = None) -> RectificationOrder:
    """Accept the evidence (the findings are resolved) or reject it back to the operator with a reason and,
    optionally, a new deadline."""
    reason = (reason or "").strip()
    if decision == REJECT and not reason:
        raise InspectionActionError(MSG_REASON_REQUIRED)
    with transaction.atomic():
        order = _locked(order)
        if order.status != OrderStatus.ANSWERED:
            raise InspectionActionError(MSG_ORDER_NOT_ANSWERED.format(status=order.get_status_display()))
        before = {"status": order.status, "deadline": order.deadline.isoformat()}
        stamp = now()
        fields = ["status", "decided_at", "decided_by"]
        if decision == ACCEPT:
            order.status = OrderStatus.ACCEPTED
            order.findings.update(resolved_at=stamp)
        else:
            if deadline is not None:
                if deadline < timezone.localdate():
                    raise InspectionActionError(MSG_DEADLINE_PAST)
                order.deadline = deadline
                fields.append("deadline")
            order.status = OrderStatus.REJECTED
        order.decided_at, order.decided_by = stamp, by
        order.save(update_fields=fields)
        action = OrderAction.ACCEPT if decision == ACCEPT else OrderAction.REJECT
        _event(order, action=action, by=by, from_status=before["status"], reason=reason)
        _audit(order, by=by, action=action, summary=f"{order.institution.name} #{order.pk} {reason}"[:255],
               before=before, after={"status": order.status, "deadline": order.deadline.isoformat()})
        region_figures_changed(order.institution.region_id, since=timezone.localdate(stamp))  # open/overdue orders
        return order


def rectification_mark_overdue(*, order_id: int, today: datetime.date) -> bool:
    """Mark one order overdue if it still awaits the operator past its deadline; False when there is nothing
    to do (so running it twice changes nothing). The notices are sent by the task, keyed by the deadline."""
    with transaction.atomic():
        order = (RectificationOrder.objects.select_for_update().select_related("institution")
                 .filter(pk=order_id, status__in=CAN_GO_OVERDUE, deadline__lt=today).first())
        if order is None:
            return False
        before = order.status
        order.status, order.overdue_at = OrderStatus.OVERDUE, now()
        order.save(update_fields=["status", "overdue_at"])
        _event(order, action=OrderAction.OVERDUE, by=None, from_status=before, notify=False)
        _audit(order, by=None, action="overdue", before={"status": before},
               after={"status": order.status, "deadline": order.deadline.isoformat()})
        return True


def rectification_schedule_follow_up(*, order: RectificationOrder, by: User, on: datetime.date) -> Visit:
    """A planned follow-up visit (复查) of the order's institution, with the current version of the checklist the
    original visit used."""
    with transaction.atomic():
        order = _locked(order)
        if order.follow_up_visits.filter(status__in=[VisitStatus.PLANNED, VisitStatus.IN_PROGRESS]).exists():
            raise InspectionActionError(MSG_FOLLOW_UP_EXISTS)
        if on < timezone.localdate():
            raise InspectionActionError(MSG_DEADLINE_PAST)
        kind = order.visit.template.kind
        province = order.institution.region_id[:2]
        template = active_checklist(kind, province) or active_checklist(DEFAULT_CHECKLIST[InspectionType.FOLLOW_UP],
                                                                        province)
        visit = visit_plan(institution=order.institution, type=InspectionType.FOLLOW_UP, on=on, by=by,
                           template=template, follow_up_of=order)
        _event(order, action=OrderAction.FOLLOW_UP, by=by, from_status=order.status, reason=on.isoformat(),
               notify=False)
        _audit(order, by=by, action="follow_up", after={"visit": visit.pk, "planned_on": on.isoformat()})
        return visit

