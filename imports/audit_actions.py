"""The audit actions this app records and their labels (registered with accounts in imports.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "import.run": _("数据导入"),
}
