"""Who may read the audit log and manage the accounts of a region: admins (and superusers) with a region scope
(a scope of their own region and below; "" for national ones)."""
from .models import Role


def is_region_admin(user, _obj=None) -> bool:
    return (user.is_superuser or user.role == Role.ADMIN) and user.scope_code is not None


def is_peer_admin(admin, user) -> bool:
    """A fellow admin of the same region: managed from the level above (or by a superuser), never by a peer, so
    that no admin can take over another's account (its phone, its second factor)."""
    return (not admin.is_superuser and user.pk != admin.pk and user.role == Role.ADMIN
            and (user.region_id or "") == (admin.admin_scope or ""))


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in AccountsConfig.ready.
RULES = {
    "audit.read": is_region_admin,
    "lockout.release": is_region_admin,
}
