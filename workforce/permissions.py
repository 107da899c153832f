"""Who keeps the banned-person list: a province's admins (their province's entries); admins of any level may check
a number (audited)."""
from django.utils.translation import gettext_lazy as _

RULES = {
    "banned.manage": lambda user, _obj=None: user.admin_scope is not None and len(user.admin_scope) == 2,
    "banned.check": lambda user, _obj=None: user.admin_scope is not None,
}

AUDIT_ACTIONS = {
    "banned.add": _("从业禁止名单新增"),
    "banned.check": _("核查从业禁止名单"),
    "banned.staff_check": _("录入工作人员核查从业禁止名单"),
    "banned.hit": _("从业禁止人员命中"),
}
