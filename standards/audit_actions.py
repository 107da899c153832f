"""The audit actions this app records and their labels (registered with accounts in standards.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "standard.set": _("设定标准"),
    "standard.document_add": _("增加省级备案材料"),
    "standard.document_end": _("停止要求省级备案材料"),
}
