"""Who reports and who reads: an institution's operators report its months; staff in scope read reports and the
completeness of their region (MonthlyReport.objects.visible_to)."""
from django.utils.translation import gettext_lazy as _


def operates(user, institution=None) -> bool:
    from institutions.models import InstitutionOperator

    return (institution is not None and user.is_authenticated and user.is_operator
            and InstitutionOperator.objects.filter(institution=institution, user=user).exists())


RULES = {
    "monthly.submit": operates,
}

AUDIT_ACTIONS = {
    "monthly.submit": _("报送月报"),
    "monthly.revise": _("修改月报"),
}
