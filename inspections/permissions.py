"""Who may act on visits and rectification orders: the one place pages and the API ask. Objects reach these
checks through visible_to (out of scope is 404 before); a refusal here is a 403 for a role that only reads."""
from accounts.models import Role

from .models import RectificationOrder, Visit


def is_inspector(user, _obj=None) -> bool:
    """Inspectors (and superusers) start and log visits, in the scope each object's check then asks."""
    return user.is_superuser or user.role == Role.INSPECTOR


def can_inspect(user, institution) -> bool:
    """Inspectors (and superusers) whose scope covers the institution plan and log visits and issue and verify
    rectification orders. Admins, reviewers and viewers read."""
    return is_inspector(user) and user.in_scope(institution.region_id)


def can_log(user, visit: Visit) -> bool:
    return can_inspect(user, visit.institution)


def can_verify(user, order: RectificationOrder) -> bool:
    return can_inspect(user, order.institution)


def can_answer(user, order: RectificationOrder) -> bool:
    """The operators of the order's institution submit its evidence."""
    return user.role == Role.OPERATOR and order.institution.operators.filter(pk=user.pk).exists()


def shows_inspector_names(user) -> bool:
    """Operators see the county's health commission, not the personal names of the inspectors."""
    return not user.is_operator


def _checklist_rules():
    from .services.checklists import can_copy_checklist, can_edit_checklist

    return {
        "checklist.copy": can_copy_checklist,
        "checklist.edit": can_edit_checklist,
    }


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in InspectionsConfig.ready.
RULES = {
    "visit.start": is_inspector,
    "institution.inspect": can_inspect,
    "visit.log": can_log,
    "order.verify": can_verify,
    "order.answer": can_answer,
    "inspector_names.see": lambda user, _obj=None: shows_inspector_names(user),
    **_checklist_rules(),
}
