"""The audit actions this app records and their labels (registered with accounts in filings.apps.ready)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {
    "filing.create": _("新建备案申请"),
    "filing.document": _("上传备案材料"),
    "filing.submit": pgettext_lazy("audit action", "提交备案"),
    "filing.accept": _("受理备案"),
    "filing.return": _("退回补正"),
    "filing.approve": _("备案通过"),
    "filing.reject": _("不予备案"),
    "filing.withdraw": _("撤回备案申请"),
    "holiday.save": _("维护节假日"),
    "holiday.delete": _("删除节假日"),
}
