"""Who may read the audit log and manage the accounts of a region: admins (and superusers) with a region scope
(a scope of their own region and below; "" for national ones)."""
from .models import Role


def is_region_admin(user, _obj=None) -> bool:
    return (user.is_superuser or user.role == Role.ADMIN) and user.scope_code is not None


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in AccountsConfig.ready.
RULES = {
    "audit.read": is_region_admin,
    "lockout.release": is_region_admin,
}
