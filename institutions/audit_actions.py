"""The audit actions this app records and their labels (registered with accounts in institutions.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "capacity.add": _("托位变更"),
    "claim.submit": _("申请认领机构"),
    "institution.operator_add": _("添加经办人"),
    "institution.operator_remove": _("移除经办人"),
    "institution.operator_admin": _("指定机构管理员经办人"),
    "claim.approve": _("同意认领"),
    "claim.refuse": _("不同意认领"),
    "institution.deregister": _("注销"),
    "institution.star_rating": _("星级变动"),
    "class.add": _("新增班级"),
}
