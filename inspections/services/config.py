"""The two settings rows admins edit: the quality grade cut-offs and the planning intervals and deadlines."""
from django.db import transaction
from django.utils.translation import gettext_lazy

from accounts.models import User

from ..models import GradeScale, InspectionPolicy
from .common import InspectionActionError, audit

MSG_GRADE_ORDER = gettext_lazy("分数线须满足 A > B > C")


def can_edit_settings(user: User) -> bool:
    """Checklists, grade cut-offs and intervals are national: superusers and national admins keep them."""
    return user.is_national_admin


def _save(model, *, by: User, action: str, values: dict):
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=1).first() or model(pk=1)
        before = None if row._state.adding else {key: getattr(row, key) for key in values}
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_by = by
        row.save()
        audit(row, by=by, action=action, summary=str(row), before=before, after=values)
        return row


def grade_scale_save(*, by: User, a_min: int, b_min: int, c_min: int) -> GradeScale:
    """New cut-offs apply to visits finished from now on; a finished visit keeps the grade it was given."""
    if not a_min > b_min > c_min:
        raise InspectionActionError(MSG_GRADE_ORDER)
    return _save(GradeScale, by=by, action="inspection.grade_scale",
                 values={"a_min": a_min, "b_min": b_min, "c_min": c_min})


def inspection_policy_save(*, by: User, regular_interval_days: int, risk_interval_days: int, deadline_days: int,
                           high_deadline_days: int) -> InspectionPolicy:
    return _save(InspectionPolicy, by=by, action="inspection.policy", values={
        "regular_interval_days": regular_interval_days, "risk_interval_days": risk_interval_days,
        "deadline_days": deadline_days, "high_deadline_days": high_deadline_days})
