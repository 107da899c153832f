"""Visits: plan, start, answer item by item (each answer saved at once), finish (score, grade, findings)."""
import datetime
import pathlib

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.audit_text import AuditText
from accounts.models import Role, User
from institutions.changes import region_figures_changed
from institutions.models import FilingState, Institution

from ..models import (
    DEFAULT_CHECKLIST,
    Answer,
    AnswerPhoto,
    ChecklistItem,
    ChecklistKind,
    ChecklistSection,
    ChecklistTemplate,
    Finding,
    InspectionType,
    Result,
    Visit,
    VisitStatus,
)
from ..rules import rules_in_force
from ..scoring import score_quality, score_weighted
from ..uploads import check_photo
from .common import (
    MSG_CHECKLIST_DRAFT,
    MSG_CHECKLIST_OTHER_PROVINCE,
    MSG_INSTITUTION_NOT_FILED,
    MSG_ITEM_NOT_IN_CHECKLIST,
    MSG_NO_CHECKLIST,
    MSG_QUALITY_NEEDS_QUALITY_CHECKLIST,
    MSG_REASON_REQUIRED,
    MSG_RESULT_REQUIRED,
    MSG_TOO_MANY_PHOTOS,
    MSG_UNANSWERED,
    MSG_VISIT_NOT_IN_PROGRESS,
    MSG_VISIT_NOT_PLANNED,
    InspectionActionError,
    audit,
    now,
)

MAX_PHOTOS_PER_ANSWER = 10


def _audit(visit: Visit, *, by, action: str, summary: AuditText | str = "", before=None, after=None):
    audit(visit, by=by, action=f"visit.{action}", region_code=visit.institution.region_id,
          summary=summary or AuditText(gettext_lazy("{type} {name}"), type=InspectionType(visit.type).label,
                                       name=visit.institution.name), before=before, after=after)


def _locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("institution", "template").get(pk=visit.pk)


def active_checklist(kind: str, province_code: str = "") -> ChecklistTemplate | None:
    """The version of `kind` new visits in the province use: the province's own active version, else the national
    one."""
    return (ChecklistTemplate.objects.usable_in(province_code).filter(kind=kind, is_active=True)
            .order_by("-province_code").first())


def _checklist_for(type_: str, template: ChecklistTemplate | None, institution: Institution) -> ChecklistTemplate:
    province = institution.region_id[:2]
    template = template or active_checklist(DEFAULT_CHECKLIST[type_], province)
    if template is None:
        raise InspectionActionError(MSG_NO_CHECKLIST)
    if template.province_code not in ("", province):
        raise InspectionActionError(MSG_CHECKLIST_OTHER_PROVINCE)
    if template.is_draft:
        raise InspectionActionError(MSG_CHECKLIST_DRAFT)
    if type_ == InspectionType.QUALITY and template.kind != ChecklistKind.QUALITY:
        raise InspectionActionError(MSG_QUALITY_NEEDS_QUALITY_CHECKLIST)
    return template


def _check_institution(institution: Institution) -> None:
    if institution.filing_state != FilingState.FILED:
        raise InspectionActionError(MSG_INSTITUTION_NOT_FILED)


def visit_start(*, institution: Institution, type: str, by: User, template: ChecklistTemplate | None = None,
                complaint_ref: str = "") -> Visit:
    """Start a visit on the spot (unannounced visits are not planned in advance)."""
    _check_institution(institution)
    template = _checklist_for(type, template, institution)
    with transaction.atomic():
        visit = Visit.objects.create(institution=institution, type=type, template=template, created_by=by,
                                     status=VisitStatus.IN_PROGRESS, started_at=now(), planned_on=timezone.localdate(),
                                     complaint_ref=complaint_ref.strip())
        visit.inspectors.add(by)
        _audit(visit, by=by, action="start")
        return visit


MSG_INSPECTOR_OUT_OF_SCOPE = gettext_noop("{name}不是负责该机构所在地区的监督员")


def visit_plan(*, institution: Institution, type: str, on: datetime.date, by: User,
               template: ChecklistTemplate | None = None, follow_up_of=None, complaint_ref: str = "",
               inspectors=()) -> Visit:
    """Put a visit in the plan for a date (a scheduled visit, a follow-up after a rectification order, a complaint
    to check), assigned to `inspectors` (inspectors whose scope covers the institution; none: whoever begins it)."""
    _check_institution(institution)
    template = _checklist_for(type, template, institution)
    for inspector in inspectors:
        if inspector.role != Role.INSPECTOR or not inspector.in_scope(institution.region_id):
            raise InspectionActionError(_(MSG_INSPECTOR_OUT_OF_SCOPE).format(name=inspector.display_name or inspector.username))
    with transaction.atomic():
        visit = Visit.objects.create(institution=institution, type=type, template=template, created_by=by,
                                     status=VisitStatus.PLANNED, planned_on=on, follow_up_of=follow_up_of,
                                     complaint_ref=complaint_ref.strip())
        if inspectors:
            visit.inspectors.set(inspectors)
        _audit(visit, by=by, action="plan", after={
            "planned_on": on.isoformat(), "inspectors": sorted(i.username for i in inspectors)})
        return visit


def visit_begin(*, visit: Visit, by: User) -> Visit:
    """A planned visit starts: the inspector is on site."""
    with transaction.atomic():
        visit = _locked(visit)
        if visit.status != VisitStatus.PLANNED:
            raise InspectionActionError(MSG_VISIT_NOT_PLANNED.format(status=visit.get_status_display()))
        visit.status, visit.started_at = VisitStatus.IN_PROGRESS, now()
        visit.save(update_fields=["status", "started_at"])
        visit.inspectors.add(by)
        _audit(visit, by=by, action="start")
        return visit


def visit_cancel(*, visit: Visit, by: User, reason: str) -> Visit:
    reason = (reason or "").strip()
    if not reason:
        raise InspectionActionError(MSG_REASON_REQUIRED)
    with transaction.atomic():
        visit = _locked(visit)
        if visit.status != VisitStatus.PLANNED:
            raise InspectionActionError(MSG_VISIT_NOT_PLANNED.format(status=visit.get_status_display()))
        visit.status = VisitStatus.CANCELLED
        visit.summary = reason
        visit.save(update_fields=["status", "summary"])
        _audit(visit, by=by, action="cancel", summary=reason[:200])
        return visit


def _in_progress(visit: Visit) -> Visit:
    visit = _locked(visit)
    if visit.status != VisitStatus.IN_PROGRESS:
        raise InspectionActionError(MSG_VISIT_NOT_IN_PROGRESS.format(status=visit.get_status_display()))
    return visit


def visit_answer(*, visit: Visit, item_id: int, by: User, result: str | None = None, note: str | None = None,
                 photos=()) -> Answer:
    """Save the answer to one item at once. `result` None keeps the saved result (a note or photo added to an
    answered item); `note` None keeps the saved note. Changing a saved answer is audited with before/after
    (a first answer is recorded by the answer row itself: who and when)."""
    photos = list(photos or [])
    checked = [(photo, *check_photo(photo)) for photo in photos]
    if result is not None and result not in Result.values:
        raise InspectionActionError(MSG_RESULT_REQUIRED)
    with transaction.atomic():
        visit = _in_progress(visit)
        item = ChecklistItem.objects.filter(pk=item_id, section__template_id=visit.template_id).first()
        if item is None:
            raise InspectionActionError(MSG_ITEM_NOT_IN_CHECKLIST)
        answer = Answer.objects.select_for_update().filter(visit=visit, item=item).first()
        if answer is None and not result:
            raise InspectionActionError(MSG_RESULT_REQUIRED)
        stamp = now()
        if answer is None:
            answer = Answer.objects.create(visit=visit, item=item, result=result, note=(note or "").strip(),
                                           answered_at=stamp, answered_by=by)
        else:
            before = {"result": answer.result, "note": answer.note}
            answer.result = result or answer.result
            answer.note = answer.note if note is None else note.strip()
            after = {"result": answer.result, "note": answer.note}
            if after != before:
                answer.answered_at, answer.answered_by = stamp, by
                answer.save(update_fields=["result", "note", "answered_at", "answered_by"])
                _audit(visit, by=by, action="answer", summary=f"{visit.institution.name} · {item.text[:60]}",
                       before=before, after=after)
        if checked:
            if answer.photos.count() + len(checked) > MAX_PHOTOS_PER_ANSWER:
                raise InspectionActionError(MSG_TOO_MANY_PHOTOS.format(n=MAX_PHOTOS_PER_ANSWER))
            for upload, content_type, suffix in checked:
                photo = AnswerPhoto(answer=answer, original_name=pathlib.PurePath(upload.name).name[:255],
                                    content_type=content_type, size=upload.size, uploaded_by=by)
                upload.seek(0)
                photo.file.save(f"photo{suffix}", upload, save=False)
                photo.save()
            _audit(visit, by=by, action="photo", summary=f"{visit.institution.name} · {item.text[:60]} "
                   f"({len(checked)})")
        visit.inspectors.add(by)
        return answer


def visit_photo_delete(*, photo: AnswerPhoto, by: User) -> None:
    with transaction.atomic():
        visit = _in_progress(photo.answer.visit)
        _audit(visit, by=by, action="photo_delete", summary=photo.original_name)
        stored = photo.file.name
        photo.delete()
        storage = AnswerPhoto._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


def checklist_of(visit: Visit) -> list[ChecklistSection]:
    """The visit's checklist: sections with their items prefetched (2 queries)."""
    return list(ChecklistSection.objects.filter(template_id=visit.template_id)
                .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))))


def visit_finish(*, visit: Visit, by: User, summary: str = "") -> Visit:
    """Score the visit, grade it (quality assessments), and turn each not-met item into a finding."""
    with transaction.atomic():
        visit = _in_progress(visit)
        sections = checklist_of(visit)
        items = [item for section in sections for item in section.items.all()]
        answers = {a.item_id: a for a in Answer.objects.filter(visit=visit)}
        unanswered = [item for item in items if item.pk not in answers]
        if unanswered:
            raise InspectionActionError(MSG_UNANSWERED.format(count=len(unanswered)))
        results = {item_id: answer.result for item_id, answer in answers.items()}
        if visit.template.uses_points:
            # The cut-offs in force for the institution's province on the day the visit is finished.
            scored = score_quality(sections, results, rules_in_force(visit.institution.region_id))
        else:
            scored = score_weighted(items, results)
        Finding.objects.bulk_create([
            Finding(visit=visit, item=item, severity=item.severity, is_baseline=item.is_baseline,
                    note=answers[item.pk].note)
            for item in items if results[item.pk] == Result.NOT_MET])
        stamp = now()
        visit.status = VisitStatus.FINISHED
        visit.finished_at, visit.finished_on, visit.finished_by = stamp, timezone.localdate(stamp), by
        visit.score, visit.max_score, visit.grade = scored.score, scored.max_score, scored.grade
        visit.baseline_failed = scored.baseline_failed
        visit.dimension_scores = [d.as_json() for d in scored.dimensions]
        visit.summary = (summary or "").strip()
        visit.save(update_fields=["status", "finished_at", "finished_on", "finished_by", "score", "max_score",
                                  "grade", "baseline_failed", "dimension_scores", "summary"])
        _audit(visit, by=by, action="finish", after={
            "score": str(scored.score), "max_score": scored.max_score, "grade": scored.grade,
            "findings": sum(1 for r in results.values() if r == Result.NOT_MET)})
        region_figures_changed(visit.institution.region_id, since=visit.finished_on)  # visits, grades
        return visit
