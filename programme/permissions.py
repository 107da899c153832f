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


RULES = {
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
}
