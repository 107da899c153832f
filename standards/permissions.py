"""Who may set the standards: national rules by superusers and national admins; a province's rules by its
province-level admins (and national ones). Every staff member may read them."""
from accounts.models import Role, User


def can_read(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role != Role.OPERATOR)


def can_set(user: User, province_code: str) -> bool:
    """May set rules for `province_code` ("" for the national rules)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if user.role != Role.ADMIN:
        return False
    scope = user.scope_code
    return scope == "" or (province_code != "" and scope == province_code)


def editable_province(user: User) -> str | None:
    """The province whose rules the user keeps ("" for national ones), or None."""
    if user.is_superuser or (user.role == Role.ADMIN and user.scope_code == ""):
        return ""
    if user.role == Role.ADMIN and user.scope_code and len(user.scope_code) == 2:
        return user.scope_code
    return None
