"""Who reports and who handles: an institution's operators report its incidents; the inspectors (and admins) whose
scope covers the institution acknowledge, plan a visit and close; staff in scope read."""
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


def operates(user, institution=None) -> bool:
    from institutions.models import InstitutionOperator

    return (institution is not None and user.is_authenticated and user.is_operator
            and InstitutionOperator.objects.filter(institution=institution, user=user).exists())


def handles(user, incident=None) -> bool:
    return (incident is not None and user.is_authenticated and user.role in (Role.INSPECTOR, Role.ADMIN)
            and user.scope_code is not None and incident.institution.region_id.startswith(user.scope_code))


RULES = {"incident.report": operates, "incident.handle": handles}

AUDIT_ACTIONS = {
    "incident.report": _("报告安全事件"),
    "incident.acknowledge": _("确认安全事件"),
    "incident.visit": _("安全事件安排核查"),
    "incident.close": _("安全事件办结"),
}
