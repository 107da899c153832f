"""The accounts an admin manages, for the list page, the export and the API (one query, whatever the rows)."""
from django.db.models import Q

from accounts.models import Role, User
from regions.scope import code_prefix_q

from .permissions import STAFF_ROLES


def managed_users(admin):
    """Staff accounts (not operators, not superusers) in the admin's region and below, without the fellow admins
    of its own region (useradmin.permissions.manages); none for non-admins."""
    scope = admin.admin_scope
    users = User.objects.filter(role__in=STAFF_ROLES, is_superuser=False).select_related("region")
    if scope is None:
        return users.none()
    if not admin.is_superuser:
        peers = Q(role=Role.ADMIN, region__isnull=True) if scope == "" else Q(role=Role.ADMIN, region_id=scope)
        users = users.exclude(peers & ~Q(pk=admin.pk))
    return users.filter(code_prefix_q("region_id", scope)) if scope else users


def search(users, q: str = "", role: str = "", active: str = ""):
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(phone__icontains=q)
                             | Q(region__name__icontains=q) | (code_prefix_q("region_id", q) if q.isdigit() else Q(pk__in=[])))
    if role:
        users = users.filter(role=role)
    if active in ("1", "0"):
        users = users.filter(is_active=active == "1")
    return users.order_by("region_id", "role", "username")
