"""Who manages which accounts: an admin (or superuser) manages the staff accounts of its region and below —
reviewers, inspectors, viewers and admins — never above its own region, never its own role or standing."""
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import is_peer_admin

STAFF_ROLES = (Role.REVIEWER, Role.INSPECTOR, Role.VIEWER, Role.ADMIN)
STAFF_ROLE_CHOICES = [(role, label) for role, label in Role.choices if role in STAFF_ROLES]


def manages_users(user, _obj=None) -> bool:
    return user.admin_scope is not None


def manages(admin, user) -> bool:
    """`user` is a staff account within the admin's region (or the admin is national), and not a fellow admin of
    the same region: peers are managed from the level above (or by a superuser), so that no admin can take over
    another's account (its phone, its second factor)."""
    scope = admin.admin_scope
    if scope is None or user.is_superuser or user.role not in STAFF_ROLES:
        return False
    if user.pk == admin.pk:
        return True  # one's own name, phone and e-mail (never role, region or standing: services)
    if is_peer_admin(admin, user):
        return False
    return scope == "" or (user.region_id or "").startswith(scope)


RULES = {
    "user.manage": manages_users,
    "user.edit": lambda admin, user: user is not None and manages(admin, user),
}

AUDIT_ACTIONS = {
    "user.create": _("开设账号"),
    "user.update": _("修改账号"),
    "user.invite": _("发送设置密码通知"),
}
