"""Who supervises whom: an admin opens an item on a region strictly below its own and records interviews, opinions
and the closing; the admins of the supervised region send its follow-up reports;
staff of either region read."""
from django.utils.translation import gettext_lazy as _


def can_open(user, region_code=None) -> bool:
    scope = user.admin_scope
    if scope is None:
        return False
    return region_code is None or (region_code.startswith(scope) and region_code != scope)


def is_supervisor(user, item) -> bool:
    scope = user.admin_scope
    return scope is not None and item.opened_in.startswith(scope) and item.region_id != scope


def is_supervised(user, item) -> bool:
    return user.admin_scope is not None and user.admin_scope == item.region_id


def operates(user, institution) -> bool:
    """An operator account acting for the institution (its 经办人)."""
    from institutions.models import InstitutionOperator

    return (institution is not None and user.is_authenticated and user.is_operator
            and InstitutionOperator.objects.filter(institution=institution, user=user).exists())


RULES = {
    "fee.declare": operates,
    "fee_cap.set": lambda user, _obj=None: user.admin_scope is not None,
    # The county (or an authority above it) recognises inclusive institutions of its scope.
    "inclusive.recognise": lambda user, institution=None: user.admin_scope is not None and (
        institution is None or institution.region_id.startswith(user.admin_scope)),
    "supervision.open": can_open,
    "supervision.manage": lambda user, item: item is not None and is_supervisor(user, item),
    "supervision.report": lambda user, item: item is not None and is_supervised(user, item),
}

AUDIT_ACTIONS = {
    "supervision.open": _("发起督办"),
    "supervision.interview": _("记录约谈"),
    "supervision.report": _("报送整改情况"),
    "supervision.note": _("督办意见"),
    "supervision.close": _("督办办结"),
    "fee.declare": _("申报收费标准"),
    "fee_cap.set": _("制定普惠指导价"),
    "inclusive.recognise": _("普惠认定"),
    "inclusive.end": _("终止普惠认定"),
}
