"""Who keeps the banned-person list: a province's admins (their province's entries); admins of any level may check
a number (audited)."""
from django.utils.translation import gettext_lazy as _


def operates(user, institution=None) -> bool:
    from institutions.models import InstitutionOperator

    return (institution is not None and user.is_authenticated and user.is_operator
            and InstitutionOperator.objects.filter(institution=institution, user=user).exists())


def reads_roster(user, institution=None) -> bool:
    """Reviewers, inspectors and admins whose scope covers the institution read its staff register (masked)."""
    from accounts.models import Role

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (user.role in (Role.REVIEWER, Role.INSPECTOR, Role.ADMIN) and user.scope_code is not None
            and (institution is None or institution.region_id.startswith(user.scope_code)))


RULES = {
    "staff.manage": operates,
    "staff.read": lambda user, institution=None: operates(user, institution) or reads_roster(user, institution),
    "staff.reveal": reads_roster,
    "banned.manage": lambda user, _obj=None: user.admin_scope is not None and len(user.admin_scope) == 2,
    "banned.check": lambda user, _obj=None: user.admin_scope is not None,
}

AUDIT_ACTIONS = {
    "staff.add": _("工作人员入职"),
    "staff.leave": _("工作人员离职"),
    "staff.record": _("工作人员记录"),
    "staff.reveal": _("查看工作人员个人信息"),
    "banned.add": _("从业禁止名单新增"),
    "banned.check": _("核查从业禁止名单"),
    "banned.staff_check": _("录入工作人员核查从业禁止名单"),
    "banned.hit": _("从业禁止人员命中"),
}
