"""The audit actions this app records and their labels (registered with accounts in exports.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "export.request": _("数据导出"),
}
