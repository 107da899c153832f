"""Who may set the standards: national rules by superusers and national admins; a province's rules by its
province-level admins (and national ones). Every staff member may read them."""
from accounts.models import User
from accounts.scoping import STAFF, audience


def can_read(user: User) -> bool:
    return audience(user) == STAFF


def can_set(user: User, province_code: str) -> bool:
    """May set rules for `province_code` ("" for the national rules)."""
    keeps = editable_province(user)
    return keeps == "" or (bool(keeps) and keeps == province_code)


def editable_province(user: User) -> str | None:
    """The province whose rules the user keeps ("" for national admins: all), or None."""
    return user.rules_province if user.is_authenticated else None


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in StandardsConfig.ready.
RULES = {
    "standard.read": lambda user, _obj=None: can_read(user),
    "standard.set": lambda user, province_code="": can_set(user, province_code or ""),
}
