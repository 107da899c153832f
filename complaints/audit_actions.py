"""The audit actions this app records and their labels (registered with accounts in complaints.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "complaint.receive": _("收到投诉"),
    "complaint.acknowledge": _("受理投诉"),
    "complaint.investigate": _("调查投诉"),
    "complaint.close": _("办结投诉"),
    "complaint.note": _("投诉内部备注"),
}
