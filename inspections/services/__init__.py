"""Business actions of inspections. Each is one transaction and writes its audit row; pages, the API, the
admin and the tasks all call these."""
from .checklists import (
    ChecklistProblems,
    can_copy_checklist,
    can_edit_checklist,
    checklist_copy,
    checklist_discard,
    checklist_problems,
    checklist_province_of,
    checklist_publish,
    checklist_section_add,
    checklist_section_delete,
    checklist_section_save,
    checklist_update,
)
from .common import InspectionActionError
from .config import can_edit_settings
from .rectification import (
    ACCEPT,
    REJECT,
    default_deadline,
    rectification_answer,
    rectification_issue,
    rectification_mark_overdue,
    rectification_schedule_follow_up,
    rectification_verify,
)
from .visits import (
    active_checklist,
    checklist_of,
    visit_answer,
    visit_begin,
    visit_cancel,
    visit_finish,
    visit_photo_delete,
    visit_plan,
    visit_start,
)

__all__ = [
    "ACCEPT", "REJECT", "ChecklistProblems", "InspectionActionError", "active_checklist", "can_copy_checklist",
    "can_edit_checklist", "can_edit_settings",
    "checklist_copy", "checklist_discard", "checklist_province_of", "checklist_of", "checklist_problems", "checklist_publish",
    "checklist_section_add", "checklist_section_delete", "checklist_section_save", "checklist_update",
    "default_deadline", "rectification_answer", "rectification_issue",
    "rectification_mark_overdue", "rectification_schedule_follow_up", "rectification_verify", "visit_answer",
    "visit_begin", "visit_cancel", "visit_finish", "visit_photo_delete", "visit_plan", "visit_start",
]
