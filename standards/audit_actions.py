"""The audit actions this app records and their labels (registered with accounts in standards.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "standard.set": _("设定标准"),
}
