"""Business actions on institutions; each is one transaction and writes its audit row."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from standards.selectors import standards_for

from .changes import region_figures_changed
from .models import (
    CapacityRecord,
    FilingState,
    Institution,
    NurseryClass,
    StarRatingChange,
    StarRatingDirection,
)
from .rules import MSG_TOO_MANY_CLASSES, ClassType, class_errors

MSG_CAPACITY_BEFORE_LAST = (
    gettext_lazy("新的托位记录生效日期须晚于上一条记录（{last}）")
)
MSG_AUDIT_CAPACITY_CHANGE = gettext_lazy("托位 {slots_before} → {slots} / 在托 {enrolled_before} → {enrolled}，自 {date}")
MSG_AUDIT_CAPACITY_FIRST = gettext_lazy("托位 {slots} / 在托 {enrolled}，自 {date}")


def capacity_record_add(
    *,
    institution: Institution,
    effective_from: datetime.date,
    slots: int,
    enrolled: int,
    by: User | None = None,
    source: str = "",
    effective_to: datetime.date | None = None,
) -> CapacityRecord:
    """Append a capacity record from `effective_from`, closing the record in force before it."""
    with transaction.atomic():
        last = (
            CapacityRecord.objects.select_for_update()
            .filter(institution=institution)
            .order_by("-effective_from")
            .first()
        )
        if last is not None:
            if effective_from <= last.effective_from:
                raise ValidationError({"effective_from": MSG_CAPACITY_BEFORE_LAST.format(last=last.effective_from)})
            if last.effective_to is None or last.effective_to > effective_from:
                last.effective_to = effective_from
                last.save(update_fields=["effective_to"])
        record = CapacityRecord(
            institution=institution, effective_from=effective_from, effective_to=effective_to,
            slots=slots, enrolled=enrolled, source=source, created_by=by,
        )
        record.full_clean()
        record.save()
        audit_record(
            actor=by, action="capacity.add", obj=institution, region_code=institution.region_id,
            summary=(AuditText(MSG_AUDIT_CAPACITY_CHANGE, slots_before=last.slots, slots=slots,
                               enrolled_before=last.enrolled, enrolled=enrolled, date=effective_from) if last
                     else AuditText(MSG_AUDIT_CAPACITY_FIRST, slots=slots, enrolled=enrolled, date=effective_from)),
            before={"slots": last.slots, "enrolled": last.enrolled, "effective_from": last.effective_from.isoformat()}
            if last else None,
            after={"effective_from": effective_from.isoformat(), "slots": slots, "enrolled": enrolled},
        )
        region_figures_changed(institution.region_id, since=effective_from)
        return record


def institution_deregister(
    *, institution: Institution, on: datetime.date, reason: str, by: User | None = None
) -> Institution:
    """Deregister the institution on `on` (one rule everywhere, issue 13: effective on that date).

    Its capacity record ends that day (the statistics stop counting it from `on`). Dated today or earlier, it
    leaves the directory now; dated later, it stays filed, shown as "将于…注销", until that day, when
    `institutions_apply_due_deregistrations` (beat, shortly after midnight) moves it to deregistered (the public
    queries do not wait for that run: `InstitutionQuerySet.public`)."""
    with transaction.atomic():
        inst = Institution.objects.select_for_update().get(pk=institution.pk)
        before = {"filing_state": inst.filing_state, "deregistered_on": None}
        inst.deregistered_on = on
        if on <= timezone.localdate():
            inst.filing_state = FilingState.DEREGISTERED
        inst.save(update_fields=["filing_state", "deregistered_on", "updated_at"])
        CapacityRecord.objects.filter(institution=inst, effective_to__isnull=True).update(effective_to=on)
        CapacityRecord.objects.filter(institution=inst, effective_to__gt=on, effective_from__lt=on).update(
            effective_to=on)
        audit_record(
            actor=by, action="institution.deregister", obj=inst, region_code=inst.region_id,
            summary=reason, before=before,
            after={"filing_state": inst.filing_state, "deregistered_on": on.isoformat()},
        )
        region_figures_changed(inst.region_id, since=on)
        return inst


def institutions_apply_due_deregistrations(*, today: datetime.date | None = None) -> int:
    """Institutions whose approved deregistration date has come become deregistered; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for inst in Institution.objects.filter(filing_state=FilingState.FILED, deregistered_on__lte=today):
        with transaction.atomic():
            if Institution.objects.filter(pk=inst.pk, filing_state=FilingState.FILED).update(
                    filing_state=FilingState.DEREGISTERED, updated_at=timezone.now()):
                audit_record(actor=None, action="institution.deregister", obj=inst, region_code=inst.region_id,
                             summary=AuditText(gettext_lazy("注销生效 {date}"), date=inst.deregistered_on),
                             before={"filing_state": FilingState.FILED},
                             after={"filing_state": FilingState.DEREGISTERED,
                                    "deregistered_on": inst.deregistered_on.isoformat()})
                count += 1
    return count


def nursery_class_add(
    *, institution: Institution, name: str, class_type: str, capacity: int, enrolled: int, caregivers: int,
    by: User | None = None,
) -> NurseryClass:
    """Add a class, enforcing the national class-size, ratio and class-count rules."""
    with transaction.atomic():
        Institution.objects.select_for_update().filter(pk=institution.pk).first()
        standards = standards_for(institution.region_id[:2])
        errors = class_errors(class_type=class_type, capacity=capacity, enrolled=enrolled, caregivers=caregivers,
                              standards=standards)
        count = institution.classes.count() + 1
        if count > standards["institution.max_classes"]:
            errors["__all__"] = MSG_TOO_MANY_CLASSES.format(max=standards["institution.max_classes"], count=count)
        if errors:
            raise ValidationError(errors)
        nursery_class = NurseryClass.objects.create(
            institution=institution, name=name, class_type=class_type, capacity=capacity,
            enrolled=enrolled, caregivers=caregivers,
        )
        audit_record(actor=by, action="class.add", obj=institution, region_code=institution.region_id,
                     summary=AuditText(gettext_lazy("{name}：{type}，核定 {capacity} 人"), name=name,
                                       type=ClassType(class_type).label, capacity=capacity))
        return nursery_class


MSG_STAR_REASON_REQUIRED = gettext_lazy("请填写星级变动的理由")
MSG_STAR_RATING_RANGE = gettext_lazy("星级须为1至5星")
MSG_STAR_RATING_UNCHANGED = gettext_lazy("机构当前已是该星级，未作变动")
MSG_STAR_REVOKE_NONE = gettext_lazy("机构当前没有星级，无需撤销")
MSG_STAR_NOT_FILED = gettext_lazy("只有已备案的机构可以评定星级")


def star_rating_set(
    *, institution: Institution, rating: int | None, reason: str, by: User | None, visit_ref: str = ""
) -> StarRatingChange:
    """Set (1–5) or revoke (None) the star rating, recording the change with its reason and actor."""
    reason = (reason or "").strip()
    visit_ref = (visit_ref or "").strip()
    if not reason:
        raise ValidationError({"reason": MSG_STAR_REASON_REQUIRED})
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": MSG_STAR_RATING_RANGE})
    with transaction.atomic():
        inst = Institution.objects.select_for_update().get(pk=institution.pk)
        old = inst.star_rating
        if rating is None and old is None:
            raise ValidationError({"rating": MSG_STAR_REVOKE_NONE})
        if rating == old:
            raise ValidationError({"rating": MSG_STAR_RATING_UNCHANGED})
        if rating is not None and inst.filing_state != FilingState.FILED:
            raise ValidationError({"rating": MSG_STAR_NOT_FILED})
        if rating is None:
            direction = StarRatingDirection.REVOKED
        elif old is None:
            direction = StarRatingDirection.SET
        else:
            direction = StarRatingDirection.UP if rating > old else StarRatingDirection.DOWN
        inst.star_rating = rating
        inst.save(update_fields=["star_rating", "updated_at"])
        change = StarRatingChange.objects.create(institution=inst, old_rating=old, new_rating=rating,
                                                 direction=direction, reason=reason, actor=by,
                                                 visit_ref=visit_ref)
        audit_record(
            actor=by, action="institution.star_rating", obj=inst, region_code=inst.region_id,
            summary=(AuditText(gettext_lazy("星级 {before} → {after}：{reason}"), before=old, after=rating, reason=reason)
                     if rating else AuditText(gettext_lazy("星级 {before} → 撤销：{reason}"), before=old, reason=reason)),
            before={"star_rating": old}, after={"star_rating": rating, "visit_ref": visit_ref},
        )
        region_figures_changed(inst.region_id)  # the star distribution of this year
        institution.star_rating = rating
        return change
